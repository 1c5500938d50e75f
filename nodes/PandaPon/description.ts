import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { START_CONCURRENCY } from '../shared/adaptiveConcurrency';
import { retryPolicy } from '../shared/transport';
import type { Endpoint, Field, Resource } from './endpoints/types';

/** Parameter names the request builder reads besides the endpoint's own fields. */
export const PARAM = {
	resource: 'resource',
	operation: 'operation',
	additionalFields: 'additionalFields',
	returnAll: 'returnAll',
	limit: 'limit',
	simplify: 'simplify',
	imageSource: 'imageSource',
	binaryPropertyName: 'binaryPropertyName',
	imageUrl: 'imageUrl',
	productId: 'productId',
	options: 'options',
	dryRun: 'dryRun',
} as const;

export const DEFAULT_CONCURRENCY = 100;
export const DEFAULT_TIMEOUT_SECONDS = retryPolicy.timeoutMs / 1000;

const CONFIDENCE_NOTE: Record<Endpoint['confidence'], string> = {
	'documented-v1': '',
	'documented-v2-only': "Path derived from PandaPon's v2 docs (unconfirmed for v1): if PandaPon answers 404, use Custom API Call.",
	'third-party-code': 'Known only from third-party client code (unconfirmed): if PandaPon answers 404, use Custom API Call.',
	inferred: 'Path inferred from incomplete docs (unconfirmed): if PandaPon answers 404, use Custom API Call.',
};

const LIVE_WARNING = 'Acts on your live PandaPon account (there is no sandbox) and is never retried automatically.';

/**
 * What the panel says above an operation's fields: what it does, the live-account warning,
 * how sure the path is, notes. The dropdown entry keeps only the one-line action: n8n cuts
 * an entry's text after two lines, which hid the warnings at its end.
 */
export function operationNotice(endpoint: Endpoint): string {
	return [endpoint.description, endpoint.changesData ? LIVE_WARNING : '', CONFIDENCE_NOTE[endpoint.confidence], endpoint.notes ?? '']
		.filter((part) => part !== '')
		.join(' ');
}

function showFor(resource: Resource, endpoint: Endpoint, extra: Record<string, unknown[]> = {}) {
	return { show: { resource: [resource.value], operation: [endpoint.operation], ...extra } };
}

/** One n8n property for one table field (without displayOptions). */
export function fieldProperty(field: Field): INodeProperties {
	const base = {
		displayName: field.displayName,
		name: field.name,
		description: field.description,
		placeholder: field.placeholder,
	};
	switch (field.kind) {
		case 'integer':
		case 'number':
			return {
				...base,
				type: 'number',
				default: field.default ?? 0,
				typeOptions: field.kind === 'integer' ? { numberPrecision: 0 } : undefined,
			};
		case 'boolean':
			return { ...base, type: 'boolean', default: field.default ?? false };
		case 'options':
			return {
				...base,
				type: 'options',
				default: field.default ?? '',
				options: field.loadOptionsMethod ? undefined : field.options,
				typeOptions: field.loadOptionsMethod
					? { loadOptionsMethod: field.loadOptionsMethod, loadOptionsDependsOn: field.loadOptionsDependsOn }
					: undefined,
			};
		case 'dateTime':
			return { ...base, type: 'dateTime', default: '' };
		case 'json':
			return { ...base, type: 'json', default: field.default ?? '{}' };
		case 'group':
			return groupProperty(field);
		default:
			return {
				...base,
				type: 'string',
				default: field.default ?? '',
				typeOptions: field.name === 'password' ? { password: true } : undefined,
			};
	}
}

function groupProperty(field: Field): INodeProperties {
	return {
		displayName: field.displayName,
		name: field.name,
		type: 'fixedCollection',
		description: field.description,
		placeholder: field.multiple ? `Add ${field.displayName}` : undefined,
		typeOptions: { multipleValues: field.multiple === true },
		default: {},
		options: [
			{
				displayName: field.displayName,
				name: 'values',
				values: (field.fields ?? []).map((subField) => ({
					...fieldProperty(subField),
					required: subField.required === true ? true : undefined,
				})),
			},
		],
	};
}

function imageProperties(resource: Resource, endpoint: Endpoint): INodeProperties[] {
	return [
		{
			displayName: 'Image Source',
			name: PARAM.imageSource,
			type: 'options',
			default: 'binary',
			options: [
				{ name: 'Binary File', value: 'binary', description: 'An image in a binary property of the input item' },
				{ name: 'URL', value: 'url', description: 'A public image address PandaPon downloads itself' },
			],
			displayOptions: showFor(resource, endpoint),
		},
		{
			displayName: 'Input Binary Field',
			name: PARAM.binaryPropertyName,
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the input binary field holding the image',
			displayOptions: showFor(resource, endpoint, { [PARAM.imageSource]: ['binary'] }),
		},
		{
			displayName: 'Image URL',
			name: PARAM.imageUrl,
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://img.alicdn.com/imgextra/i1/example.jpg',
			displayOptions: showFor(resource, endpoint, { [PARAM.imageSource]: ['url'] }),
		},
	];
}

/**
 * n8n validates a locator value against `^regex$`, so each pattern must also accept what
 * follows the ID in real addresses (`&spm=…`, `?spm=…`, `#…`).
 */
const PRODUCT_URL_PATTERNS = {
	taobao: {
		regex: 'https?://(?:[\\w-]+\\.)*(?:taobao|tmall)\\.com/.*[?&]id=(\\d+)(?:[&#].*)?',
		placeholder: 'e.g. https://item.taobao.com/item.htm?id=672991141190',
		idPlaceholder: 'e.g. 672991141190',
	},
	'1688': {
		regex: 'https?://(?:[\\w-]+\\.)*1688\\.com/offer/(\\d+)\\.html(?:[?#].*)?',
		placeholder: 'e.g. https://detail.1688.com/offer/706627393257.html',
		idPlaceholder: 'e.g. 706627393257',
	},
} as const;

export function productIdFromUrlPattern(platform: 'taobao' | '1688'): string {
	return PRODUCT_URL_PATTERNS[platform].regex;
}

function productProperty(resource: Resource, endpoint: Endpoint): INodeProperties {
	const platform = endpoint.product!.platform;
	const pattern = PRODUCT_URL_PATTERNS[platform];
	const label = platform === 'taobao' ? 'Taobao or Tmall' : '1688';
	return {
		displayName: 'Product',
		name: PARAM.productId,
		type: 'resourceLocator',
		default: { mode: 'id', value: '' },
		required: true,
		description: `The ${label} product, by ID or by its page URL`,
		modes: [
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: pattern.idPlaceholder,
				validation: [{ type: 'regex', properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'Digits only' } }],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: pattern.placeholder,
				// n8n anchors validation patterns (^…$), so allow whatever follows the ID in real URLs.
				validation: [
					{ type: 'regex', properties: { regex: `${pattern.regex}.*`, errorMessage: `Not a ${label} product URL` } },
				],
				extractValue: { type: 'regex', regex: pattern.regex },
			},
		],
		displayOptions: showFor(resource, endpoint),
	};
}

function listProperties(resource: Resource, endpoint: Endpoint): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: PARAM.returnAll,
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: showFor(resource, endpoint),
		},
		{
			displayName: 'Limit',
			name: PARAM.limit,
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			description: 'Max number of results to return',
			displayOptions: showFor(resource, endpoint, { [PARAM.returnAll]: [false] }),
		},
	];
}

function noticeProperty(resource: Resource, endpoint: Endpoint): INodeProperties[] {
	return [
		{
			displayName: operationNotice(endpoint),
			name: `${resource.value}${endpoint.operation.charAt(0).toUpperCase()}${endpoint.operation.slice(1)}Notice`,
			type: 'notice',
			default: '',
			displayOptions: showFor(resource, endpoint),
		},
	];
}

/** Offered on every operation that changes data: PandaPon has no sandbox. */
export function dryRunProperty(displayOptions: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Dry Run',
		name: PARAM.dryRun,
		type: 'boolean',
		default: false,
		description:
			'Whether to send nothing and output the exact request instead (method, URL, headers without the signature, body), to check it before PandaPon acts on it',
		displayOptions,
	};
}

/**
 * The Simplify toggle. For an endpoint that got Simplify in a later node version there are
 * two: on by default in nodes of that version or newer, off in older nodes, so workflows
 * saved before keep their output (n8n stores only parameters that differ from the default).
 */
function simplifyProperties(resource: Resource, endpoint: Endpoint): INodeProperties[] {
	const toggle: INodeProperties = {
		displayName: 'Simplify',
		name: PARAM.simplify,
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
	};
	const since = endpoint.simplifySince;
	if (since === undefined) return [{ ...toggle, displayOptions: showFor(resource, endpoint) }];
	return [
		{ ...toggle, displayOptions: showFor(resource, endpoint, { '@version': [{ _cnd: { gte: since } }] }) },
		{ ...toggle, default: false, displayOptions: showFor(resource, endpoint, { '@version': [{ _cnd: { lt: since } }] }) },
	];
}

function endpointProperties(resource: Resource, endpoint: Endpoint): INodeProperties[] {
	const properties: INodeProperties[] = [...noticeProperty(resource, endpoint)];
	if (endpoint.changesData) properties.push(dryRunProperty(showFor(resource, endpoint)));
	if (endpoint.product) properties.push(productProperty(resource, endpoint));
	for (const field of endpoint.fields.filter((candidate) => candidate.required)) {
		properties.push({ ...fieldProperty(field), required: true, displayOptions: showFor(resource, endpoint) });
	}
	if (endpoint.image) properties.push(...imageProperties(resource, endpoint));
	if (endpoint.list) properties.push(...listProperties(resource, endpoint));
	if (endpoint.simplify) properties.push(...simplifyProperties(resource, endpoint));
	const optional = endpoint.fields.filter((candidate) => !candidate.required);
	if (optional.length > 0) {
		properties.push({
			displayName: 'Additional Fields',
			name: PARAM.additionalFields,
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: optional.map(fieldProperty).sort((a, b) => a.displayName.localeCompare(b.displayName)),
			displayOptions: showFor(resource, endpoint),
		});
	}
	return properties;
}

function operationProperty(resource: Resource): INodeProperties {
	const options: INodePropertyOptions[] = resource.endpoints.map((endpoint) => ({
		name: endpoint.name,
		value: endpoint.operation,
		action: endpoint.action,
		description: endpoint.action,
	}));
	const firstOperation = resource.endpoints[0].operation;
	return {
		displayName: 'Operation',
		name: PARAM.operation,
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options: options.sort((a, b) => a.name.localeCompare(b.name)),
		default: firstOperation,
	};
}

/** The whole property list of the node, derived from the endpoint tables. */
export function buildEndpointProperties(resources: Resource[]): INodeProperties[] {
	const properties: INodeProperties[] = [];
	for (const resource of resources) {
		properties.push(operationProperty(resource));
		for (const endpoint of resource.endpoints) properties.push(...endpointProperties(resource, endpoint));
	}
	return properties;
}

/**
 * The canvas subtitle, e.g. "Create: 1688 Order": the labels the user picked, not the
 * internal values. n8n evaluates it as an expression, so the labels travel as an object
 * literal built from the endpoint tables (spaces keep its braces from reading as "}}").
 * `wholeResources` label resources whose one operation needs no name of its own.
 * PandaPon.node.ts carries the result as a literal (n8n's community-package scanner reads
 * only literal subtitles); a unit test keeps the two equal.
 */
export function subtitleExpression(resources: Resource[], wholeResources: Record<string, string>): string {
	const labels: Record<string, string> = {};
	for (const [value, label] of Object.entries(wholeResources)) labels[`${value}:`] = label;
	for (const resource of resources) {
		for (const endpoint of resource.endpoints) labels[`${resource.value}:${endpoint.operation}`] = `${endpoint.name}: ${resource.name}`;
	}
	const whole = JSON.stringify(Object.keys(wholeResources));
	const key = `$parameter["resource"] + ":" + (${whole}.includes($parameter["resource"]) ? "" : $parameter["operation"])`;
	return `={{ ( ${JSON.stringify(labels)} )[${key}] || $parameter["operation"] + ": " + $parameter["resource"] }}`;
}

/** The Operation dropdown of a resource outside the endpoint tables, which has one operation. */
export function singleOperationProperty(resource: string, operation: INodePropertyOptions & { value: string }): INodeProperties {
	const only = operation.value;
	return {
		displayName: 'Operation',
		name: PARAM.operation,
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: [operation],
		default: only,
	};
}

export function resourceOptions(resources: Array<Pick<Resource, 'name' | 'value' | 'description'>>): INodePropertyOptions[] {
	return resources.map(({ name, value, description }) => ({ name, value, description }));
}

/** A list of name/value query parameters, read back as `<name>.parameters`. */
export function queryParametersProperty(
	property: Pick<INodeProperties, 'displayName' | 'name' | 'description' | 'displayOptions'>,
): INodeProperties {
	return {
		...property,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Parameter',
		default: {},
		options: [
			{
				displayName: 'Parameter',
				name: 'parameters',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	};
}

/** Node-wide options: throughput and the escape hatches for fields our tables do not know. */
export function optionsProperty(): INodeProperties {
	return {
		displayName: 'Options',
		name: PARAM.options,
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				default: DEFAULT_CONCURRENCY,
				typeOptions: { minValue: 1, maxValue: 200 },
				description:
					`The most input items sent to PandaPon at the same time (1 = one after another). A batch starts with ${START_CONCURRENCY} and sends more while PandaPon answers cleanly; a rate limit (HTTP 429), server error or dropped connection halves the number. Operations that change data run one at a time unless Concurrent Changes is on. Output order is always the input order.`,
			},
			{
				displayName: 'Concurrent Changes',
				name: 'concurrentChanges',
				type: 'boolean',
				default: false,
				description:
					'Whether operations that change data (create, pay, cancel, submit, delete, Custom API Calls not marked Safe to Retry) also send several items at once, paced like reads up to Concurrency. When an item fails, the items already on their way may still be applied; the error lists them.',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				default: DEFAULT_TIMEOUT_SECONDS,
				typeOptions: { minValue: 1 },
				description:
					'How long to wait for PandaPon per request, retries included, before giving up. A change that times out is reported as possibly applied and is never sent again.',
			},
			{
				displayName: 'Extra Body Fields (JSON)',
				name: 'extraBody',
				type: 'json',
				default: '{}',
				description:
					'JSON object merged last into the request body, for fields this node does not offer yet. Integers are sent exactly as typed.',
				displayOptions: { hide: { '/resource': ['customApiCall'] } },
			},
			queryParametersProperty({
				displayName: 'Extra Query Parameters',
				name: 'extraQuery',
				description: 'Query string parameters added last, for parameters this node does not offer yet',
				displayOptions: { hide: { '/resource': ['customApiCall'] } },
			}),
		],
	};
}
