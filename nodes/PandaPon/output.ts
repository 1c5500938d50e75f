import type { IDataObject } from 'n8n-workflow';

import type { Endpoint } from './endpoints/types';

function asObject(value: unknown): IDataObject {
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as IDataObject;
	return { value: value as IDataObject[string] };
}

/**
 * Turns PandaPon's `data` into output records: one per element for lists, the object
 * itself otherwise (each through the endpoint's Simplify when it is on), `{ success: true }` when PandaPon returns no data, `{ value }` for a
 * bare string or boolean.
 */
export function toRecords(endpoint: Pick<Endpoint, 'splitArray' | 'simplify'>, data: unknown, simplify: boolean): IDataObject[] {
	if (data === null || data === undefined) return [{ success: true }];
	const shape = (record: IDataObject) => (simplify && endpoint.simplify ? endpoint.simplify(record) : record);
	if (Array.isArray(data)) {
		return endpoint.splitArray === false ? [{ data: data as IDataObject[] }] : data.map(asObject).map(shape);
	}
	return [shape(asObject(data))];
}

/** Picks the listed keys that are present, in order. */
export function pick(record: IDataObject, keys: string[]): IDataObject {
	const picked: IDataObject = {};
	for (const key of keys) if (record[key] !== undefined) picked[key] = record[key];
	return picked;
}

export function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An ID as exact text (the lossless parser hands integers beyond 2^53 over as strings already). */
export function idText(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'bigint') return value.toString();
	return undefined;
}

/** An integer code sent as a number or as text ("100"), as a number; anything else unchanged. */
export function codeOf(value: unknown): unknown {
	return typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
}

/** Epoch milliseconds (a number or digits) as an ISO date; other values unchanged, empty as null. */
export function isoFromEpochMs(value: unknown): unknown {
	if (value === null || value === undefined || value === '') return null;
	const ms = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
	return Number.isFinite(ms) ? new Date(ms).toISOString() : value;
}

/** The label of a code in an options list ("Refunded (100)" → "Refunded"); undefined for an unknown code. */
export function labelOf(options: Array<{ name: string; value: string | number | boolean }>, code: unknown): string | undefined {
	const option = options.find((candidate) => code !== null && code !== undefined && String(candidate.value) === String(code));
	return option?.name.replace(/\s*\([^)]*\)$/, '');
}
