import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import type { PaginationStyle } from '../../shared/pagination';

/** How sure we are of an endpoint (REFERENCE.md section 0). */
export type Confidence = 'documented-v1' | 'documented-v2-only' | 'third-party-code' | 'inferred';

/**
 * What a field is in the UI and how it is written on the wire.
 * - `id`: typed as text, sent as a JSON string.
 * - `int64`: typed as text (so no digit is lost), sent as a bare integer literal.
 * - `idList`: comma-separated or array IDs, sent as an array of `itemKind`.
 * - `dateTime`: an n8n date, sent as epoch milliseconds.
 * - `json`: free JSON for the rare fields whose shape is unknown.
 * - `group`: a fixedCollection of sub-fields (an object, or a list of objects when `multiple`).
 */
export type FieldKind =
	| 'string'
	| 'id'
	| 'int64'
	| 'integer'
	| 'number'
	| 'boolean'
	| 'options'
	| 'dateTime'
	| 'idList'
	| 'json'
	| 'group';

export interface Field {
	/** n8n parameter name (camelCase, unique within its operation). */
	name: string;
	displayName: string;
	kind: FieldKind;
	/** Wire name when it differs from `name`: a dot path for nesting, or a snake_case island. */
	wire?: string;
	/** Where the value goes; default: the query for GET endpoints, the JSON body otherwise. */
	in?: 'body' | 'query' | 'path';
	/** Also sends the value here, for parameters the docs place in two spots (e.g. body and query). */
	alsoIn?: 'body' | 'query';
	/** Required fields are shown at the top level; the others go under "Additional Fields". */
	required?: boolean;
	description?: string;
	placeholder?: string;
	default?: string | number | boolean;
	options?: INodePropertyOptions[];
	/** For `idList`: how each element is written; for `options`: how the chosen value is written (default as-is). */
	itemKind?: 'string' | 'int64' | 'integer';
	/** For `group`: the sub-fields; `multiple` makes it a list; `jsonString` sends it as a JSON-encoded string. */
	fields?: Field[];
	multiple?: boolean;
	/** For a `multiple` group with sub-fields `key` and `value`: sent as one object `{key: value, …}` instead of a list. */
	asMap?: boolean;
	jsonString?: boolean;
	/** Name of a `methods.loadOptions` function that fills the dropdown from the API. */
	loadOptionsMethod?: string;
	loadOptionsDependsOn?: string[];
}

export interface ListBehaviour {
	style: PaginationStyle;
	defaultPageSize: number;
	maxPageSize?: number;
}

/** Where an image comes from, for picture search and voucher uploads. */
export interface ImageInput {
	/** Sent as raw base64 (no data: prefix) when the image comes from a binary property. */
	base64Wire: string;
	/** Sent as-is when the image is a URL. */
	urlWire: string;
}

export interface Endpoint {
	/** REFERENCE.md key, e.g. `taobaoOrder.cancel`; ties the entry to the docs. */
	key: string;
	/** n8n operation value, unique within the resource. */
	operation: string;
	/** Operation name as n8n shows it (Get, Get Many, Cancel, …). */
	name: string;
	/** Sentence shown under the operation, e.g. "Cancel a Taobao order". */
	action: string;
	description: string;
	method: 'GET' | 'POST';
	path: string;
	confidence: Confidence;
	/**
	 * True for anything that creates, pays, cancels, submits, books or deletes. Such requests
	 * are never retried automatically, and their descriptions warn that they act for real.
	 */
	changesData: boolean;
	fields: Field[];
	/** List endpoints get Return All / Limit and emit one item per record. */
	list?: ListBehaviour;
	image?: ImageInput;
	/** Product-ID resource locator (by ID or by URL), sent under this wire name. */
	product?: { platform: 'taobao' | '1688'; wire: string; kind: 'id' | 'int64'; in?: 'body' | 'query' };
	/** Fixed values always sent (in the query for GET endpoints, else the body), e.g. `webSite: "1688"`; fields and extras can override them. */
	constants?: IDataObject;
	/** Makes a heavy detail response readable; offered as the Simplify toggle. */
	simplify?: (data: IDataObject) => IDataObject;
	/**
	 * Node version that gave this endpoint its Simplify. Older nodes keep the raw output by
	 * default (their saved workflows expect it); newer ones simplify by default.
	 */
	simplifySince?: number;
	/** Arrays returned by non-list endpoints are split into one item per element. */
	splitArray?: boolean;
	/** Extra words for the description, e.g. why a path is a guess. */
	notes?: string;
}

export interface Resource {
	value: string;
	name: string;
	description: string;
	endpoints: Endpoint[];
}
