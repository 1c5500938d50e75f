/**
 * Real paging over state. Pages are 1-based; a page number below 1 reads as 1; a page past
 * the end is empty. Answer shapes (REFERENCE.md 4.6, 5.3, 8):
 * - Taobao refund list: documented `{total, pageNo, distributorId, pageSize, currency,
 *   refundOrderAggregates[]}` (`refundListPage`).
 * - 1688 `beginPage` searches: documented `{totalRecords, totalPage, pageSize, currentPage, data}`.
 * - Every other `pageNo` list: undocumented; the fake answers `{records, total, size, current,
 *   pages}` (assumed: a MyBatis-Plus page). The node must not depend on it: its page reader
 *   is tested against several shapes.
 */

import { INVALID_PARAMETER_CODE } from './codes';
import { BusinessError } from './types';

export interface PageRequest {
	page: number;
	size: number;
}

export interface PageRules {
	pageKey: 'pageNo' | 'beginPage';
	defaultSize: number;
	sizeRequired?: boolean;
	/** The fake's optional silent cap (FakePandaPonOptions.maxPageSize). */
	maxSize?: number;
}

function integerParam(source: Record<string, unknown>, name: string): number | undefined {
	const value = source[name];
	if (value === undefined || value === null || value === '') return undefined;
	const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
	if (!Number.isSafeInteger(number)) {
		throw new BusinessError(INVALID_PARAMETER_CODE, `invalid parameter: ${name} must be an integer`);
	}
	return number;
}

export function readPageRequest(source: Record<string, unknown>, rules: PageRules): PageRequest {
	const page = integerParam(source, rules.pageKey) ?? 1;
	const requestedSize = integerParam(source, 'pageSize');
	if (requestedSize === undefined && rules.sizeRequired) {
		throw new BusinessError(INVALID_PARAMETER_CODE, 'invalid parameter: pageSize must not be null');
	}
	const size = requestedSize ?? rules.defaultSize;
	if (size < 1) throw new BusinessError(INVALID_PARAMETER_CODE, 'invalid parameter: pageSize must be at least 1');
	return { page: Math.max(1, page), size: rules.maxSize ? Math.min(size, rules.maxSize) : size };
}

function slice<T>(items: T[], request: PageRequest): T[] {
	const start = (request.page - 1) * request.size;
	return items.slice(start, start + request.size);
}

function pageCount(total: number, size: number): number {
	return Math.ceil(total / size);
}

/** Assumed shape (undocumented lists): a MyBatis-Plus page. */
export function recordsPage<T, V>(items: T[], request: PageRequest, view: (item: T) => V) {
	return {
		records: slice(items, request).map(view),
		total: items.length,
		size: request.size,
		current: request.page,
		pages: pageCount(items.length, request.size),
	};
}

/** Documented for `POST /open/order/refund/queryList` (REFERENCE.md 5.3), keys in the docs' order. */
export function refundListPage<T, V>(items: T[], request: PageRequest, view: (item: T) => V, distributorId: string | null) {
	return {
		total: items.length,
		pageNo: request.page,
		distributorId,
		pageSize: request.size,
		currency: 'CNY',
		refundOrderAggregates: slice(items, request).map(view),
	};
}

export function alibabaSearchPage<T, V>(items: T[], request: PageRequest, view: (item: T) => V) {
	return {
		totalRecords: items.length,
		totalPage: pageCount(items.length, request.size),
		pageSize: request.size,
		currentPage: request.page,
		data: slice(items, request).map(view),
	};
}
