import type { IDataObject } from 'n8n-workflow';

/** The value when it is a plain object, else undefined. */
export function asObject(value: unknown): IDataObject | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
}

/** The plain objects of a list; anything else counts as an empty list. */
export function asObjects(value: unknown): IDataObject[] {
	return Array.isArray(value) ? value.filter((entry): entry is IDataObject => asObject(entry) !== undefined) : [];
}

/**
 * Simplify's safety net for answers whose shape is partly guessed. A summary is written for
 * the field names we expect; every top-level field of the answer that the summary does not
 * `recognise` (it neither reads it nor leaves it out on purpose) is kept beside it, as it
 * came. So when PandaPon names a block differently from our guess (`skuInfos` for
 * `productSkuInfos`), the item keeps that block instead of coming out emptier.
 */
export function keepUnrecognised(data: IDataObject, summary: IDataObject, recognised: Iterable<string>): IDataObject {
	const known = new Set(recognised);
	const kept: IDataObject = { ...summary };
	for (const [key, value] of Object.entries(data)) {
		if (!known.has(key) && !(key in kept)) kept[key] = value;
	}
	return kept;
}
