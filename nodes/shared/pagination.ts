import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { stringifyLossless } from './losslessJson';
import { request, type PandaPonContext, type PandaPonRequest } from './transport';

/**
 * PandaPon pages in two ways: 1688 searches use `beginPage` (1-based), Taobao lists use
 * `pageNo`. Both take `pageSize`. The parameters go in the query for GET and in the JSON
 * body otherwise.
 */
export type PaginationStyle = 'beginPage' | 'pageNo';

export interface PaginateOptions {
	style: PaginationStyle;
	pageSize: number;
	/** Stop after this many records; undefined means all of them ("Return All"). */
	limit?: number;
	/** Hard cap so that a server that ignores the page number cannot loop forever. */
	maxPages?: number;
	/** First page number; PandaPon pages start at 1. */
	firstPage?: number;
}

export interface Page {
	records: unknown[];
	total?: number;
}

export const DEFAULT_MAX_PAGES = 1000;

/** Where PandaPon lists have been seen to keep their records, first match wins (REFERENCE.md 4.6, 5.3, 8). */
const RECORD_KEYS = ['refundOrderAggregates', 'purchaseOrders', 'data', 'records', 'list', 'rows', 'items', 'result', 'resultList', 'content'];
const TOTAL_KEYS = ['total', 'totalRecords', 'resultsTotal', 'totalCount', 'totalNum', 'totalSize', 'totalElements'];
/** Paging bookkeeping that sits beside the records and says nothing about them. */
const PAGE_INFO_KEYS = new Set([
	...TOTAL_KEYS,
	...['pageNo', 'pageSize', 'currentPage', 'current', 'size', 'pages', 'page', 'totalPage', 'totalPages'],
	...['hasNext', 'hasMore', 'distributorId', 'currency'],
]);

/** An answer that holds records (or says it has some) in a place the reader cannot find. */
export class UnreadablePageError extends Error {
	constructor(readonly keys: string[]) {
		super(`cannot find the records among the keys ${keys.length > 0 ? keys.join(', ') : '(none)'}`);
		this.name = 'UnreadablePageError';
	}
}

function isPlainObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function totalOf(container: IDataObject): number | undefined {
	for (const key of TOTAL_KEYS) {
		const value = container[key];
		if (value === null || value === undefined || value === '' || typeof value === 'boolean') continue;
		if (Number.isFinite(Number(value))) return Number(value);
	}
	return undefined;
}

/** The one array among the values, preferring arrays of objects; undefined when there is none or the choice is ambiguous. */
function arrayByShape(container: IDataObject): unknown[] | undefined {
	const arrays = Object.values(container).filter(Array.isArray) as unknown[][];
	if (arrays.length === 1) return arrays[0];
	const ofObjects = arrays.filter((array) => array.length > 0 && array.every(isPlainObject));
	return ofObjects.length === 1 ? ofObjects[0] : undefined;
}

function hasContent(container: IDataObject): boolean {
	return Object.entries(container).some(
		([key, value]) => !PAGE_INFO_KEYS.has(key) && value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0),
	);
}

/**
 * Reads one page out of `data`. Known list keys are tried first (the refund list's
 * `refundOrderAggregates`, the 1688 searches' `data`, …), then a nested page under one of
 * them (`data.data`), then the one array the answer holds. An answer with a positive total,
 * or with content, but no array the reader can pick throws UnreadablePageError: a list that
 * cannot be read must never look empty.
 */
export function readPage(data: unknown): Page {
	const page = findPage(data);
	if (page instanceof UnreadablePageError) throw page;
	return page;
}

/** readPage without throwing: the page, or the error saying why there is none. */
export function findPage(data: unknown): Page | UnreadablePageError {
	if (data === null || data === undefined) return { records: [] };
	if (Array.isArray(data)) return { records: data };
	if (!isPlainObject(data)) return new UnreadablePageError([]);
	const total = totalOf(data);
	const recordKey = RECORD_KEYS.find((key) => Array.isArray(data[key]));
	if (recordKey !== undefined) return { records: data[recordKey] as unknown[], total };
	const nestedKey = RECORD_KEYS.find((key) => isPlainObject(data[key]));
	if (nestedKey !== undefined) {
		const nested = findPage(data[nestedKey]);
		return nested instanceof UnreadablePageError ? nested : { records: nested.records, total: nested.total ?? total };
	}
	// An empty array beside other content (e.g. `tags: []` next to a map of records) is no page.
	const byShape = arrayByShape(data);
	if (byShape !== undefined && (byShape.length > 0 || !hasContent(data))) return { records: byShape, total };
	if ((total !== undefined && total > 0) || hasContent(data)) return new UnreadablePageError(Object.keys(data));
	return { records: [], total };
}

function withPage(base: PandaPonRequest, style: PaginationStyle, page: number, pageSize: number): PandaPonRequest {
	const paging = { [style]: page, pageSize };
	if (base.method === 'GET') return { ...base, query: { ...(base.query ?? {}), ...paging } };
	const body = (base.body ?? {}) as Record<string, unknown>;
	return { ...base, body: { ...body, ...paging } };
}

/** Lossless fingerprint of a record, to recognise a repeated page or record. */
const fingerprint = (value: unknown): string => stringifyLossless(value);

/**
 * Fetches pages until the reported total is reached, a page comes back short or empty,
 * or the limit is met. A first page shorter than asked while the total says more exist
 * means PandaPon caps the page size: paging restarts at that size, so that page offsets
 * stay consistent. Exceeding `maxPages`, a later short page before the total, a page that
 * repeats the previous one (a server ignoring the page number), an empty first page under
 * a positive total, and an answer whose records cannot be found are errors rather than a
 * silent truncation. A record met twice (a list shifting while it is paged) is kept once.
 */
export async function paginate(
	context: PandaPonContext,
	base: PandaPonRequest,
	options: PaginateOptions,
): Promise<unknown[]> {
	const firstPage = options.firstPage ?? 1;
	const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
	let pageSize = options.pageSize;
	const collected: unknown[] = [];
	const seen = new Set<string>();
	let previousPage: string | undefined;
	for (let pageIndex = 0; ; pageIndex++) {
		if (pageIndex >= maxPages) throw pagingError(context, base, `Stopped after ${maxPages} pages without reaching the end`, TOO_MANY_PAGES);
		const data = await request(context, withPage(base, options.style, firstPage + pageIndex, pageSize));
		const { records, total } = readPageOrFail(context, base, data);
		if (records.length === 0 && pageIndex === 0 && total !== undefined && total > 0) {
			throw pagingError(context, base, `The first page is empty although the total is ${total}`, UNREADABLE);
		}
		const thisPage = fingerprint(records);
		if (records.length > 0 && thisPage === previousPage) {
			throw pagingError(context, base, `Page ${firstPage + pageIndex} repeats the previous page`, REPEATED_PAGE);
		}
		const keys = records.map(fingerprint);
		const fresh = records.filter((_, index) => !seen.has(keys[index]) && keys.indexOf(keys[index]) === index);
		const moreExpected = total !== undefined && collected.length + fresh.length < total;
		if (records.length > 0 && records.length < pageSize && moreExpected) {
			if (pageIndex > 0) {
				throw pagingError(context, base, `A page came back short after ${collected.length + fresh.length} of ${total} records`, SHORT_PAGE);
			}
			pageSize = records.length;
			pageIndex = -1;
			continue;
		}
		previousPage = thisPage;
		for (const key of keys) seen.add(key);
		collected.push(...fresh);
		if (options.limit !== undefined && collected.length >= options.limit) return collected.slice(0, options.limit);
		if (records.length < pageSize || !moreExpected && total !== undefined) return collected;
	}
}

function readPageOrFail(context: PandaPonContext, base: PandaPonRequest, data: unknown): Page {
	const page = findPage(data);
	if (!(page instanceof UnreadablePageError)) return page;
	throw pagingError(context, base, `Cannot find the records in the answer; its keys: ${page.keys.join(', ') || 'none'}`, UNREADABLE);
}

const TOO_MANY_PAGES =
	'PandaPon kept returning full pages. Narrow the filters (for example a shorter date range) or use a Limit instead of Return All.';
const REPEATED_PAGE =
	'PandaPon seems to ignore the page number, so Return All would only repeat records. Use a Limit no larger than one page, or read the pages yourself with Custom API Call.';
const UNREADABLE =
	'PandaPon answered in a shape this node does not know. Read the answer with Custom API Call (same method and path) to see where the records are, and tell the node maintainers.';
const SHORT_PAGE =
	'The list changed while it was being read, or PandaPon pages inconsistently. Run the node again; if it persists, narrow the filters.';

function pagingError(context: PandaPonContext, base: PandaPonRequest, problem: string, description: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `${problem} (${base.method} ${base.path})`, {
		description,
		itemIndex: base.itemIndex,
	});
}
