import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Endpoint, Field } from '../../nodes/PandaPon/endpoints/types';
import { JsonInteger, stringifyLossless } from '../../nodes/shared/losslessJson';

/**
 * Sample UI values for every field of an endpoint, and the wire values PandaPon should
 * receive for them. The expectations are written out per kind here, independently of the
 * node's own encoders, so that a wrong encoder makes the endpoint tests fail.
 */
export const BIG_ID = '2019601741959504495';
export const SECOND_BIG_ID = '2019601741959504496';
export const SAMPLE_DATE = '2026-11-27T08:00:00.000Z';
export const SAMPLE_DATE_MS = Date.parse(SAMPLE_DATE);

type Location = 'body' | 'query' | 'path';

export interface Sample {
	ui: unknown;
	wire: unknown;
}

function firstOptionValue(field: Field): string | number | boolean {
	if (field.loadOptionsMethod) return 'option-from-api';
	return field.options?.[0]?.value ?? '';
}

/** What one field is typed as in the UI, and what should arrive for it. */
export function sampleFor(field: Field, location: Location): Sample {
	const inText = location !== 'body';
	switch (field.kind) {
		case 'id':
			return { ui: BIG_ID, wire: BIG_ID };
		case 'int64':
			return { ui: BIG_ID, wire: inText ? BIG_ID : new JsonInteger(BIG_ID) };
		case 'integer':
			return { ui: 7, wire: inText ? '7' : 7 };
		case 'number':
			return { ui: 2.5, wire: inText ? '2.5' : 2.5 };
		case 'boolean':
			return { ui: true, wire: inText ? 'true' : true };
		case 'options': {
			if (field.itemKind) return sampleFor({ ...field, kind: field.itemKind === 'string' ? 'string' : field.itemKind }, location);
			const value = firstOptionValue(field);
			return { ui: value, wire: inText ? String(value) : value };
		}
		case 'dateTime':
			return { ui: SAMPLE_DATE, wire: inText ? String(SAMPLE_DATE_MS) : SAMPLE_DATE_MS };
		case 'idList': {
			const elements = [BIG_ID, SECOND_BIG_ID].map((id) => {
				if (field.itemKind === 'int64') return new JsonInteger(id);
				if (field.itemKind === 'integer') return Number(id.slice(-6));
				return id;
			});
			const ui = field.itemKind === 'integer' ? elements.join(', ') : `${BIG_ID}, ${SECOND_BIG_ID}`;
			return { ui, wire: elements };
		}
		case 'json':
			return { ui: `{"sampleKey":"${field.name}","bigId":${BIG_ID}}`, wire: { sampleKey: field.name, bigId: new JsonInteger(BIG_ID) } };
		case 'group':
			return sampleGroup(field, location);
		default:
			return { ui: `sample ${field.name}`, wire: `sample ${field.name}` };
	}
}

function setAt(target: IDataObject, path: string, value: unknown) {
	const keys = path.split('.');
	let cursor = target;
	for (const key of keys.slice(0, -1)) cursor = (cursor[key] ??= {}) as IDataObject;
	cursor[keys[keys.length - 1]] = value as IDataObject[string];
}

function sampleGroup(field: Field, location: Location): Sample {
	const uiEntry: IDataObject = {};
	const wireEntry: IDataObject = {};
	for (const subField of field.fields ?? []) {
		const sample = sampleFor(subField, location);
		uiEntry[subField.name] = sample.ui as IDataObject[string];
		setAt(wireEntry, subField.wire ?? subField.name, sample.wire);
	}
	const ui = { values: field.multiple ? [uiEntry, uiEntry] : uiEntry };
	const asMap = field.asMap ? { [String(uiEntry.key)]: wireEntry.value } : undefined;
	const grouped = asMap ?? (field.multiple ? [wireEntry, wireEntry] : wireEntry);
	return { ui, wire: field.jsonString ? stringifyLossless(grouped) : grouped };
}

export interface ExpectedRequest {
	method: string;
	path: string;
	query: IDataObject;
	body: IDataObject;
}

/** Parameters that fill every field of `endpoint`, and the request they should produce. */
export function sampleOperation(resource: string, endpoint: Endpoint): { parameters: INodeParameters; expected: ExpectedRequest } {
	const parameters: INodeParameters = { resource, operation: endpoint.operation };
	const additionalFields: IDataObject = {};
	const constants = { ...(endpoint.constants ?? {}) };
	const expected: ExpectedRequest = {
		method: endpoint.method,
		path: endpoint.path,
		query: endpoint.method === 'GET' ? constants : {},
		body: endpoint.method === 'GET' ? {} : constants,
	};
	const place = (location: Location, wire: string, value: unknown) => {
		if (location === 'path') expected.path = expected.path.replace(`{${wire}}`, String(value));
		else setAt(location === 'body' ? expected.body : expected.query, wire, value);
	};

	if (endpoint.product) {
		const location = endpoint.product.in ?? (endpoint.method === 'GET' ? 'query' : 'body');
		const productId = BIG_ID;
		parameters.productId = { __rl: true, mode: 'id', value: productId };
		place(location, endpoint.product.wire, endpoint.product.kind === 'int64' && location === 'body' ? new JsonInteger(productId) : productId);
	}
	for (const field of endpoint.fields) {
		const location = field.in ?? (endpoint.method === 'GET' ? 'query' : 'body');
		const sample = sampleFor(field, location);
		if (field.required) parameters[field.name] = sample.ui as INodeParameters[string];
		else additionalFields[field.name] = sample.ui as IDataObject[string];
		const wire = field.jsonString && field.kind !== 'group' ? stringifyLossless(sample.wire) : sample.wire;
		place(location, field.wire ?? field.name, wire);
		if (field.alsoIn) place(field.alsoIn, field.wire ?? field.name, field.alsoIn === 'query' ? String(sample.ui) : wire);
	}
	if (Object.keys(additionalFields).length > 0) parameters.additionalFields = additionalFields as INodeParameters[string];
	if (endpoint.image) {
		parameters.imageSource = 'url';
		parameters.imageUrl = 'https://img.example.com/sample.jpg';
		expected.body[endpoint.image.urlWire] = 'https://img.example.com/sample.jpg';
	}
	if (endpoint.list) {
		parameters.returnAll = false;
		parameters.limit = 3;
		expected[endpoint.method === 'GET' ? 'query' : 'body'][endpoint.list.style] = endpoint.method === 'GET' ? '1' : 1;
	}
	return { parameters, expected };
}
