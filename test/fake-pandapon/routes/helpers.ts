import type { RouteDefinition } from '../router';
import type { RouteHandler } from '../types';

export const get = (path: string, handler: RouteHandler): RouteDefinition => ({ method: 'GET', path, handler });
export const post = (path: string, handler: RouteHandler): RouteDefinition => ({ method: 'POST', path, handler });

/**
 * Search-engine behaviour: every record is a hit, but those whose texts contain the
 * keyword (case-insensitive) rank first. Keeps arbitrary test keywords useful while
 * paging still walks a fixed, complete list.
 */
export function rankByKeyword<T>(records: T[], keyword: string | undefined, textsOf: (record: T) => string[]): T[] {
	const needle = keyword?.trim().toLowerCase();
	if (!needle) return [...records];
	const matches = (record: T) => textsOf(record).some((text) => text.toLowerCase().includes(needle));
	return [...records.filter(matches), ...records.filter((record) => !matches(record))];
}

/** Inclusive decimal-yuan range filter (`priceStart` / `priceEnd`); blank bounds are open. */
export function withinPriceRange(price: string, start: unknown, end: unknown): boolean {
	const value = Number(price);
	const lower = typeof start === 'string' && start.trim() !== '' ? Number(start) : -Infinity;
	const upper = typeof end === 'string' && end.trim() !== '' ? Number(end) : Infinity;
	return value >= lower && value <= upper;
}
