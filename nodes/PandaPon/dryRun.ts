import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parseLossless } from '../shared/losslessJson';
import { signRequestOptions, type PandaPonSigningCredentials } from '../shared/signing';
import { credentialDataOf, wireOptionsOf, type PandaPonRequest } from '../shared/transport';
import { PARAM } from './description';

/** What a dry run says about the operation besides the request itself. */
export interface DryRunSubject {
	operation: string;
	confidence: string;
	docs?: string;
}

export function isDryRun(context: IExecuteFunctions, itemIndex: number): boolean {
	return context.getNodeParameter(PARAM.dryRun, itemIndex, false) === true;
}

function queryString(qs: IDataObject | undefined): string {
	const pairs = Object.entries(qs ?? {}).map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
	return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

/**
 * The request a real run would send, built by the same code (wire form, then the
 * credential's signing), with the signature removed: the Access Secret never leaves.
 */
export async function dryRunRecord(
	context: IExecuteFunctions,
	pandaPonRequest: PandaPonRequest,
	subject: DryRunSubject,
): Promise<IDataObject> {
	const credentials = (await credentialDataOf(context)) as unknown as PandaPonSigningCredentials & { baseUrl?: string };
	const options = signRequestOptions(credentials, wireOptionsOf(pandaPonRequest));
	const headers: IDataObject = {};
	for (const [name, value] of Object.entries(options.headers ?? {})) {
		if (name.toLowerCase() !== 'signature') headers[name] = value as string;
	}
	const bodyText = typeof options.body === 'string' ? options.body : undefined;
	return {
		dryRun: true,
		operation: subject.operation,
		method: pandaPonRequest.method,
		url: `${options.baseURL ?? ''}${pandaPonRequest.path}${queryString(options.qs)}`,
		...(options.qs ? { query: options.qs } : {}),
		headers,
		...(bodyText !== undefined ? { body: parseLossless(bodyText) as IDataObject, bodyText } : {}),
		confidence: subject.confidence,
		...(subject.docs ? { docs: subject.docs } : {}),
	};
}
