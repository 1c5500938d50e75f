import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { PandaPonRequest } from '../shared/transport';
import { dryRunProperty, queryParametersProperty, singleOperationProperty } from './description';
import { InputError, parseJsonInput, queryFromParameters } from './request';

export const CUSTOM_API_CALL = 'customApiCall';

const show = { show: { resource: [CUSTOM_API_CALL] } };

export const customApiCallResource = {
	name: 'Custom API Call',
	value: CUSTOM_API_CALL,
	description: 'Any PandaPon endpoint, signed with your credential: for endpoints this node lacks or gets wrong',
};

export const customApiCallProperties: INodeProperties[] = [
	singleOperationProperty(CUSTOM_API_CALL, {
		name: 'Call',
		value: 'call',
		action: 'Make a signed API call',
		description: 'Send any method and path to PandaPon with the signed headers. Requests other than GET act on your live account.',
	}),
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		displayOptions: show,
		options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((method) => ({ name: method, value: method })),
		default: 'POST',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		required: true,
		displayOptions: show,
		default: '',
		placeholder: 'e.g. /open/order/detail/get',
		description: "Path after the credential's Base URL, starting with /",
	},
	queryParametersProperty({ displayName: 'Query Parameters', name: 'queryParameters', displayOptions: show }),
	{
		displayName: 'Body (JSON)',
		name: 'body',
		type: 'json',
		displayOptions: { show: { resource: [CUSTOM_API_CALL], method: ['POST', 'PUT', 'PATCH', 'DELETE'] } },
		default: '{}',
		description: 'JSON body. Integers are sent exactly as typed, so 19-digit IDs keep every digit.',
	},
	dryRunProperty({ show: { resource: [CUSTOM_API_CALL], method: ['POST', 'PUT', 'PATCH', 'DELETE'] } }),
	{
		displayName: 'Safe to Retry',
		name: 'idempotent',
		type: 'boolean',
		displayOptions: show,
		default: false,
		description:
			'Whether the call only reads data, so it may be retried on rate limiting and gateway errors. GET calls are always treated as safe.',
	},
];

export function buildCustomRequest(context: IExecuteFunctions, itemIndex: number): PandaPonRequest {
	const method = context.getNodeParameter('method', itemIndex) as PandaPonRequest['method'];
	const path = String(context.getNodeParameter('path', itemIndex, '')).trim();
	if (!path.startsWith('/')) {
		throw new InputError(`"Path" must start with /, got "${path}"`, 'Enter the path only, e.g. /open/order/detail/get; the Base URL comes from the credential.');
	}
	const query = queryFromParameters(context.getNodeParameter('queryParameters.parameters', itemIndex, []));
	const body = method === 'GET' ? undefined : parseJsonInput({ displayName: 'Body (JSON)' }, context.getNodeParameter('body', itemIndex, '{}'));
	const idempotent = method === 'GET' || (context.getNodeParameter('idempotent', itemIndex, false) as boolean);
	return { method, path, query, body, idempotent, itemIndex };
}
