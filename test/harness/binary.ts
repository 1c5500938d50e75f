import { prepareBinaryData } from 'n8n-core';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ensureEnvironment } from './environment';
import { WORKFLOW_ID } from './workflow';

export interface BinaryFile {
	data: Buffer;
	/** Used for the file name and, when no mimeType is given, to guess it. */
	fileName: string;
	mimeType?: string;
}

/**
 * An input item carrying files, prepared by n8n-core's own `prepareBinaryData` (as a Read
 * Binary File or HTTP Request node would). With no binary-data manager configured n8n
 * keeps the bytes in memory, base64 in the item, which `getBinaryDataBuffer` reads back.
 */
export async function binaryItem(
	files: Record<string, BinaryFile>,
	json: IDataObject = {},
): Promise<INodeExecutionData> {
	ensureEnvironment();
	const binary: NonNullable<INodeExecutionData['binary']> = {};
	for (const [property, file] of Object.entries(files)) {
		binary[property] = await prepareBinaryData(file.data, 'harness-upstream', WORKFLOW_ID, file.fileName, file.mimeType);
	}
	return { json, binary };
}
