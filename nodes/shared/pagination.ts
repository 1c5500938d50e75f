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
 * or the limit is met. Exceeding `maxPages` is an error, not a silent truncation.
 */
export async function paginate(
	context: PandaPonContext,
	base: PandaPonRequest,
	options: PaginateOptions,
): Promise<unknown[]> {
	const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
	const firstPage = options.firstPage ?? 1;
	const collected: unknown[] = [];
	for (let pageIndex = 0; ; pageIndex++) {
		if (pageIndex >= maxPages) {
			throw new NodeOperationError(
				context.getNode(),
				`Stopped after ${maxPages} pages of ${base.method} ${base.path} without reaching the end`,
				{
					description:
						'PandaPon kept returning full pages. Narrow the filters (for example a shorter date range) or use a Limit instead of Return All.',
					itemIndex: base.itemIndex,
				},
			);
		}
		const data = await request(context, withPage(base, options.style, firstPage + pageIndex, options.pageSize));
		const { records, total } = readPage(data);
		collected.push(...records);
		if (options.limit !== undefined && collected.length >= options.limit) {
			return collected.slice(0, options.limit);
		}
		const reachedTotal = total !== undefined && collected.length >= total;
		if (records.length < options.pageSize || reachedTotal) return collected;
	}
}
