import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
} from 'n8n-workflow';

import { JsonInteger, parseLossless, stringifyLossless } from '../shared/losslessJson';
import type { PandaPonRequest } from '../shared/transport';
import { PARAM } from './description';
import type { Endpoint, Field } from './endpoints/types';

/** Thrown for bad input; the router turns it into a NodeOperationError naming the item. */
export class InputError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
	}
}

const NOT_SET = undefined;

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Digits of an ID that must reach PandaPon exactly; rejects numbers that already lost digits. */
export function exactDigits(field: Pick<Field, 'displayName'>, value: unknown): string {
	if (typeof value === 'number' && !Number.isSafeInteger(value)) {
		throw new InputError(
			`"${field.displayName}" arrived as a number too large to be exact (${String(value)})`,
			'Pass IDs as text so that no digit is lost, e.g. {{ $json.orderId }} from a PandaPon node output, or quote the digits.',
		);
	}
	const text = String(value).trim();
	if (!/^-?\d+$/.test(text)) {
		throw new InputError(
			`"${field.displayName}" must be a whole number, got "${text}"`,
			'Enter digits only, without spaces or separators.',
		);
	}
	if (/^-?0\d/.test(text)) {
		throw new InputError(
			`"${field.displayName}" must not start with 0, got "${text}"`,
			'PandaPon IDs never start with 0, and the request would not be valid JSON. Check where the value comes from (a spreadsheet or a padded text field may have added the zero).',
		);
	}
	return text;
}

function toInteger(field: Field, value: unknown): number {
	const number = typeof value === 'number' ? value : Number(String(value).trim());
	if (!Number.isInteger(number)) {
		throw new InputError(`"${field.displayName}" must be a whole number, got "${String(value)}"`, 'Enter a whole number.');
	}
	return number;
}

function toNumber(field: Field, value: unknown): number {
	const number = typeof value === 'number' ? value : Number(String(value).trim());
	if (!Number.isFinite(number)) {
		throw new InputError(`"${field.displayName}" must be a number, got "${String(value)}"`, 'Enter a number.');
	}
	return number;
}

function toEpochMilliseconds(field: Field, value: unknown): number {
	const source = value && typeof value === 'object' && 'toISO' in value ? String((value as { toISO(): string }).toISO()) : value;
	const time = typeof source === 'number' ? source : new Date(String(source)).getTime();
	if (!Number.isFinite(time)) {
		throw new InputError(`"${field.displayName}" is not a valid date: "${String(value)}"`, 'Use an ISO date such as 2026-11-27T08:00:00Z.');
	}
	return time;
}

function listElements(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	return String(value)
		.split(/[\s,]+/)
		.filter((part) => part !== '');
}

/** User-typed JSON; big integers keep their digits and go out as integer literals. */
export function parseJsonInput(field: Pick<Field, 'displayName'>, value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const parsed = tryParseJson(value);
	if ('problem' in parsed) {
		throw new InputError(`"${field.displayName}" is not valid JSON`, `${parsed.problem}. Check quotes, commas and brackets.`);
	}
	return parsed.value;
}

function tryParseJson(text: string): { value: unknown } | { problem: string } {
	try {
		return { value: parseLossless(text, { bigIntegers: 'literal' }) };
	} catch (error) {
		return { problem: (error as Error).message };
	}
}

/** Kinds whose value may legitimately be a list or an object. */
const STRUCTURED_KINDS = new Set<Field['kind']>(['idList', 'json', 'group']);

/** A list or plain object where one value belongs; dates (JS or Luxon) are single values. */
function isStructured(value: unknown): boolean {
	return typeof value === 'object' && value !== null && !(value instanceof Date) && !('toISO' in value);
}

function rejectStructured(field: Field, value: unknown): void {
	if (STRUCTURED_KINDS.has(field.kind) || !isStructured(value)) return;
	throw new InputError(
		`"${field.displayName}" must be a single value, got ${Array.isArray(value) ? 'a list' : 'an object'}`,
		'Map one field of the input item, e.g. {{ $json.orderId }}, not a whole object or list.',
	);
}

function encodeScalar(field: Field, value: unknown, location: 'body' | 'query' | 'path'): unknown {
	rejectStructured(field, value);
	switch (field.kind) {
		case 'int64': {
			const digits = exactDigits(field, value);
			// Query strings and paths are text anyway; only JSON bodies need the literal.
			return location === 'body' ? new JsonInteger(digits) : digits;
		}
		case 'id':
			return typeof value === 'number' ? exactDigits(field, value) : String(value).trim();
		case 'integer':
			return toInteger(field, value);
		case 'number':
			return toNumber(field, value);
		case 'boolean':
			return value === true || value === 'true';
		case 'dateTime':
			return toEpochMilliseconds(field, value);
		case 'idList':
			return listElements(value).map((element) => encodeListElement(field, element, location));
		case 'json':
			return parseJsonInput(field, value);
		case 'options':
			return field.itemKind ? encodeScalar({ ...field, kind: field.itemKind }, value, location) : value;
		default:
			return typeof value === 'string' ? value : String(value);
	}
}

function encodeListElement(field: Field, element: unknown, location: 'body' | 'query' | 'path'): unknown {
	const itemField = { ...field, kind: field.itemKind ?? 'id' } as Field;
	return encodeScalar(itemField, element, location);
}

/** Sets `value` at a dot path such as `receiverAddress.country`. */
export function setAtPath(target: IDataObject, path: string, value: unknown): void {
	const keys = path.split('.');
	let container = target;
	for (const key of keys.slice(0, -1)) {
		if (container[key] === undefined || typeof container[key] !== 'object') container[key] = {};
		container = container[key] as IDataObject;
	}
	container[keys[keys.length - 1]] = value as IDataObject[string];
}

function groupEntries(value: unknown): IDataObject[] {
	if (!value || typeof value !== 'object') return [];
	const values = (value as IDataObject).values;
	if (values === undefined) return [];
	return (Array.isArray(values) ? values : [values]) as IDataObject[];
}

function encodeGroupEntry(field: Field, entry: IDataObject, location: 'body' | 'query' | 'path'): IDataObject {
	const encoded: IDataObject = {};
	for (const subField of field.fields ?? []) {
		const value = encodeValue(subField, entry[subField.name], location);
		if (value !== NOT_SET) setAtPath(encoded, subField.wire ?? subField.name, value);
	}
	return encoded;
}

/** Key/value entries as one object; entries without a key are skipped, a missing value is "". */
function toMap(entries: IDataObject[]): IDataObject {
	const map: IDataObject = {};
	for (const entry of entries) if (!isBlank(entry.key)) map[String(entry.key)] = entry.value ?? '';
	return map;
}

/** Encodes one field's value for the wire; undefined means "leave it out". */
export function encodeValue(field: Field, value: unknown, location: 'body' | 'query' | 'path'): unknown {
	if (field.kind === 'group') {
		const entries = groupEntries(value).map((entry) => encodeGroupEntry(field, entry, location));
		if (entries.length === 0) {
			if (field.required) throw missingField(field);
			return NOT_SET;
		}
		const grouped = field.multiple ? (field.asMap ? toMap(entries) : entries) : entries[0];
		return field.jsonString ? stringifyLossless(grouped) : grouped;
	}
	if (isBlank(value) || (field.kind === 'idList' && listElements(value).length === 0)) {
		if (field.required) throw missingField(field);
		return NOT_SET;
	}
	const encoded = encodeScalar(field, value, location);
	return field.jsonString ? stringifyLossless(encoded) : encoded;
}

function missingField(field: Field): InputError {
	return new InputError(`"${field.displayName}" is required`, `Enter a value for "${field.displayName}".`);
}

function locationOf(endpoint: Endpoint, field: { in?: 'body' | 'query' | 'path' }): 'body' | 'query' | 'path' {
	return field.in ?? (endpoint.method === 'GET' ? 'query' : 'body');
}

/** Additional Fields of one item, read once: each read resolves the whole collection's expressions. */
function readAdditionalFields(context: IExecuteFunctions, endpoint: Endpoint, itemIndex: number): IDataObject {
	if (endpoint.fields.every((field) => field.required)) return {};
	return context.getNodeParameter(PARAM.additionalFields, itemIndex, {}) as IDataObject;
}

/** Reads one field of one item: top-level when required, else from Additional Fields. */
function readField(context: IExecuteFunctions, field: Field, itemIndex: number, additional: IDataObject): unknown {
	return field.required ? context.getNodeParameter(field.name, itemIndex, undefined) : additional[field.name];
}

async function readImage(context: IExecuteFunctions, endpoint: Endpoint, itemIndex: number): Promise<IDataObject> {
	const image = endpoint.image!;
	const source = context.getNodeParameter(PARAM.imageSource, itemIndex) as string;
	if (source === 'url') {
		const url = String(context.getNodeParameter(PARAM.imageUrl, itemIndex, '')).trim();
		if (!/^https?:\/\//i.test(url)) {
			throw new InputError(`"Image URL" must start with http:// or https://, got "${url}"`, 'Enter a public image address.');
		}
		return { [image.urlWire]: url };
	}
	const property = String(context.getNodeParameter(PARAM.binaryPropertyName, itemIndex, 'data'));
	const buffer = await context.helpers.getBinaryDataBuffer(itemIndex, property).catch(() => {
		throw new InputError(
			`The input item has no binary field "${property}"`,
			'Set "Input Binary Field" to the name of the binary property that holds the image (for example from a Read Binary File or HTTP Request node).',
		);
	});
	return { [image.base64Wire]: buffer.toString('base64') };
}

function readProduct(context: IExecuteFunctions, endpoint: Endpoint, itemIndex: number): { location: 'body' | 'query'; wire: string; value: unknown } {
	const product = endpoint.product!;
	const raw = context.getNodeParameter(PARAM.productId, itemIndex, '', { extractValue: true });
	const field: Field = { name: PARAM.productId, displayName: 'Product', kind: product.kind, required: true };
	const location = product.in ?? (endpoint.method === 'GET' ? 'query' : 'body');
	return { location, wire: product.wire, value: encodeValue(field, raw, location) };
}

/** Name/value rows of a query-parameter collection as a query object; rows without a name are skipped. */
export function queryFromParameters(parameters: unknown): IDataObject {
	const query: IDataObject = {};
	for (const { name, value } of (Array.isArray(parameters) ? parameters : []) as IDataObject[]) {
		if (!isBlank(name)) query[String(name)] = String(value ?? '');
	}
	return query;
}

function readExtras(context: IExecuteFunctions, itemIndex: number): { body: IDataObject; query: IDataObject } {
	const options = context.getNodeParameter(PARAM.options, itemIndex, {}) as IDataObject;
	const extraField = { displayName: 'Extra Body Fields (JSON)' };
	const body = isBlank(options.extraBody) ? {} : parseJsonInput(extraField, options.extraBody);
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		throw new InputError('"Extra Body Fields (JSON)" must be a JSON object', 'Use the form {"fieldName": "value"}.');
	}
	return { body: body as IDataObject, query: queryFromParameters((options.extraQuery as IDataObject | undefined)?.parameters) };
}

/** Collects values where an endpoint's table entry says they go. */
class RequestDraft {
	private readonly body: IDataObject;
	private readonly query: IDataObject;
	private path: string;

	constructor(private readonly endpoint: Endpoint) {
		// GET endpoints send no body, so their constants go in the query string.
		const constants = endpoint.constants ?? {};
		this.body = endpoint.method === 'GET' ? {} : { ...constants };
		this.query = endpoint.method === 'GET' ? { ...constants } : {};
		this.path = endpoint.path;
	}

	place(location: 'body' | 'query' | 'path', wire: string, value: unknown): void {
		if (location === 'path') this.path = this.path.replace(`{${wire}}`, encodeURIComponent(String(value)));
		else setAtPath(location === 'body' ? this.body : this.query, wire, value);
	}

	placeField(field: Field, raw: unknown): void {
		const primary = locationOf(this.endpoint, field);
		for (const location of field.alsoIn ? [primary, field.alsoIn] : [primary]) {
			const value = encodeValue(field, raw, location);
			if (value !== NOT_SET) this.place(location, field.wire ?? field.name, value);
		}
	}

	merge(extras: { body: IDataObject; query: IDataObject }): void {
		Object.assign(this.body, extras.body);
		Object.assign(this.query, extras.query);
	}

	toRequest(itemIndex?: number): PandaPonRequest {
		return {
			method: this.endpoint.method,
			path: this.path,
			query: this.query,
			body: this.endpoint.method === 'GET' ? undefined : this.body,
			idempotent: !this.endpoint.changesData,
			itemIndex,
		};
	}
}

/**
 * Builds the request for one item from its endpoint entry: every field is read, checked,
 * encoded and placed where the table says. Throws InputError for bad input.
 */
export async function buildRequest(
	context: IExecuteFunctions,
	endpoint: Endpoint,
	itemIndex: number,
): Promise<PandaPonRequest> {
	const draft = new RequestDraft(endpoint);
	if (endpoint.product) {
		const { location, wire, value } = readProduct(context, endpoint, itemIndex);
		draft.place(location, wire, value);
	}
	const additional = readAdditionalFields(context, endpoint, itemIndex);
	for (const field of endpoint.fields) draft.placeField(field, readField(context, field, itemIndex, additional));
	if (endpoint.image) draft.merge({ body: await readImage(context, endpoint, itemIndex), query: {} });
	draft.merge(readExtras(context, itemIndex));
	return draft.toRequest(itemIndex);
}

/** The request an endpoint entry makes from plain values keyed by field name (for code, not the UI). */
export function requestFromValues(endpoint: Endpoint, values: IDataObject): PandaPonRequest {
	const draft = new RequestDraft(endpoint);
	for (const field of endpoint.fields) {
		if (field.name in values) draft.placeField(field, values[field.name]);
	}
	return draft.toRequest();
}

export function toNodeOperationError(context: IExecuteFunctions, error: InputError, itemIndex: number): NodeOperationError {
	return new NodeOperationError(context.getNode(), `${error.message} (item ${itemIndex})`, {
		description: error.description,
		itemIndex,
	});
}
