import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { credentialDataOf, sendOnceRaw, type PandaPonRequest } from '../shared/transport';
import { runEndpointCheck } from './checkEndpoints';
import { singleOperationProperty } from './description';
import { InputError } from './request';

export const ACCOUNT = 'account';
export const CHECK_ENDPOINTS = 'checkEndpoints';

export const accountResource = {
	name: 'Account',
	value: ACCOUNT,
	description: 'What PandaPon answers with your credential: which endpoints exist, and the shape of their answers',
};

export const accountProperties: INodeProperties[] = [
	singleOperationProperty(ACCOUNT, {
		name: 'Check Endpoints',
		value: CHECK_ENDPOINTS,
		action: 'Check which endpoints exist',
		description: 'Call every read endpoint once with harmless input and report what PandaPon answered. Never calls anything that changes data.',
	}),
	{
		displayName:
			'Outputs one item per read endpoint (verdict, latency, and for lists the keys and record count, never values) and a summary item. Share the output in an issue to settle the paths and shapes the docs leave open.',
		name: 'checkEndpointsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: [ACCOUNT] } },
	},
];

/** Stands for the check's many requests where the router looks at one: all of them are reads. */
const EVERY_READ_ENDPOINT: PandaPonRequest = { method: 'GET', path: '(every read endpoint)', idempotent: true };

/** The check as one item's work: sequential requests through the shared transport. */
export function checkEndpointsPlan(
	context: IExecuteFunctions,
	itemIndex: number,
	timeoutMs: number,
): { pandaPonRequest: PandaPonRequest; send: () => Promise<IDataObject[]> } {
	if (itemIndex > 0) {
		throw new InputError(
			'Check Endpoints runs once per execution, but it got more than one input item',
			'Give it a single input item, e.g. connect it straight to the Manual Trigger.',
		);
	}
	const send = async () => {
		const credential = await credentialDataOf(context);
		const credentialValues = [credential.accessKey, credential.accessSecret, credential.userId].map((value) => String(value ?? ''));
		const report = await runEndpointCheck((pandaPonRequest) => sendOnceRaw(context, { ...pandaPonRequest, itemIndex }), { timeoutMs, credentialValues });
		return [...report.rows, report.summary] as unknown as IDataObject[];
	};
	return { pandaPonRequest: EVERY_READ_ENDPOINT, send };
}
