import { NodeOperationError, type IDataObject } from 'n8n-workflow';

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

const RECORD_KEYS = ['data', 'records', 'list', 'rows', 'items', 'result', 'resultList'];
const TOTAL_KEYS = ['totalRecords', 'total', 'totalCount', 'totalNum', 'totalSize'];

/**
 * Reads one page out of `data`. The beginPage style is documented as
 * `{totalRecords, totalPage, pageSize, currentPage, data[]}`; the pageNo style is not
 * documented, so the common list and total keys are tried in turn.
 */
export function readPage(data: unknown): Page {
	if (Array.isArray(data)) return { records: data };
	if (data === null || typeof data !== 'object') return { records: [] };
	const container = data as IDataObject;
	const recordKey = RECORD_KEYS.find((key) => Array.isArray(container[key]));
	if (recordKey === undefined) {
		const nested = RECORD_KEYS.find((key) => container[key] && typeof container[key] === 'object');
		if (nested !== undefined) return readPage(container[nested]);
		return { records: [] };
	}
	const totalKey = TOTAL_KEYS.find((key) => Number.isFinite(Number(container[key])) && container[key] !== null);
	return {
		records: container[recordKey] as unknown[],
		total: totalKey === undefined ? undefined : Number(container[totalKey]),
	};
}

function withPage(base: PandaPonRequest, style: PaginationStyle, page: number, pageSize: number): PandaPonRequest {
	const paging = { [style]: page, pageSize };
	if (base.method === 'GET') return { ...base, query: { ...(base.query ?? {}), ...paging } };
	const body = (base.body ?? {}) as Record<string, unknown>;
	return { ...base, body: { ...body, ...paging } };
}

/**
 * Fetches pages until the reported total is reached, a page comes back short or empty,
 * or the limit is met. A first page shorter than asked while the total says more exist
 * means PandaPon caps the page size: paging restarts at that size, so that page offsets
 * stay consistent. Exceeding `maxPages`, or a later short page before the total, is an
 * error rather than a silent truncation.
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
	for (let pageIndex = 0; ; pageIndex++) {
		if (pageIndex >= maxPages) throw pagingError(context, base, `Stopped after ${maxPages} pages without reaching the end`, TOO_MANY_PAGES);
		const data = await request(context, withPage(base, options.style, firstPage + pageIndex, pageSize));
		const { records, total } = readPage(data);
		const moreExpected = total !== undefined && collected.length + records.length < total;
		if (records.length > 0 && records.length < pageSize && moreExpected) {
			if (pageIndex > 0) {
				throw pagingError(context, base, `A page came back short after ${collected.length + records.length} of ${total} records`, SHORT_PAGE);
			}
			pageSize = records.length;
			pageIndex = -1;
			continue;
		}
		collected.push(...records);
		if (options.limit !== undefined && collected.length >= options.limit) return collected.slice(0, options.limit);
		if (records.length < pageSize || !moreExpected && total !== undefined) return collected;
	}
}

const TOO_MANY_PAGES =
	'PandaPon kept returning full pages. Narrow the filters (for example a shorter date range) or use a Limit instead of Return All.';
const SHORT_PAGE =
	'The list changed while it was being read, or PandaPon pages inconsistently. Run the node again; if it persists, narrow the filters.';

function pagingError(context: PandaPonContext, base: PandaPonRequest, problem: string, description: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `${problem} of ${base.method} ${base.path}`, {
		description,
		itemIndex: base.itemIndex,
	});
}
