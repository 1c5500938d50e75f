import type { IDataObject } from 'n8n-workflow';

import type { Endpoint } from './endpoints/types';

function asObject(value: unknown): IDataObject {
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as IDataObject;
	return { value: value as IDataObject[string] };
}

/**
 * Turns PandaPon's `data` into output records: one per element for lists, the object
 * itself otherwise, `{ success: true }` when PandaPon returns no data, `{ value }` for a
 * bare string or boolean.
 */
export function toRecords(endpoint: Pick<Endpoint, 'splitArray' | 'simplify'>, data: unknown, simplify: boolean): IDataObject[] {
	if (data === null || data === undefined) return [{ success: true }];
	if (Array.isArray(data)) {
		return endpoint.splitArray === false ? [{ data: data as IDataObject[] }] : data.map(asObject);
	}
	const record = asObject(data);
	return [simplify && endpoint.simplify ? endpoint.simplify(record) : record];
}

/** Picks the listed keys that are present, in order. */
export function pick(record: IDataObject, keys: string[]): IDataObject {
	const picked: IDataObject = {};
	for (const key of keys) if (record[key] !== undefined) picked[key] = record[key];
	return picked;
}
