/**
 * readPage against the list shapes PandaPon documents and the ones it plausibly uses where
 * nothing is documented (REFERENCE.md 4.6, 5.3, 8). None of these is the one truth: the
 * reader must find the records in each, and refuse loudly what it cannot read.
 */
import { readPage, UnreadablePageError } from '../../nodes/shared/pagination';

const a = { id: '2019601741959504495' };
const b = { id: '2019601741959504496' };

describe('readPage finds the records', () => {
	it.each([
		['the documented refund list', { total: 28, pageNo: 1, distributorId: null, pageSize: 2, currency: 'CNY', refundOrderAggregates: [a, b] }, 28],
		['the documented 1688 search page', { totalRecords: 2000, totalPage: 100, pageSize: 2, currentPage: 1, data: [a, b] }, 2000],
		['an upstream-style order page (purchaseOrders + resultsTotal)', { resultsTotal: 7, pageNo: 1, pageSize: 2, purchaseOrders: [a, b] }, 7],
		['a MyBatis-Plus page (records)', { records: [a, b], total: 9, size: 2, current: 1, pages: 5 }, 9],
		['a list + totalCount page', { list: [a, b], totalCount: '3' }, 3],
		['a page nested in data.data', { data: { totalRecords: 4, data: [a, b] } }, 4],
		['a page under an unknown key, by shape', { totalNum: 5, pageNo: 1, refundOrders: [a, b] }, 5],
		['a bare array', [a, b], undefined],
	])('in %s', (_shape, data, total) => {
		expect(readPage(data)).toEqual({ records: [a, b], total });
	});

	it('takes the one array of objects when other arrays hold no records', () => {
		expect(readPage({ total: 2, tags: [], orderList: [a, b] }).records).toEqual([a, b]);
	});

	it.each([
		['no data at all', null, undefined],
		['an empty object', {}, undefined],
		['a total of 0', { total: 0, pageNo: 1, pageSize: 20, refundOrderAggregates: [] }, 0],
		['a total of 0 and no list key', { total: 0, pageNo: 1, pageSize: 20, currency: 'CNY' }, 0],
		['an empty bare array', [], undefined],
	])('reads %s as an empty page', (_shape, data, total) => {
		expect(readPage(data)).toEqual({ records: [], total });
	});
});

describe('readPage never turns an answer it cannot read into an empty page', () => {
	const unreadable = (data: unknown): UnreadablePageError => {
		try {
			readPage(data);
		} catch (caught) {
			expect(caught).toBeInstanceOf(UnreadablePageError);
			return caught as UnreadablePageError;
		}
		throw new Error('readPage accepted an answer it cannot read');
	};

	it('refuses a positive total without records it can find, naming the keys it saw', () => {
		expect(unreadable({ total: 28, pageNo: 1, refundMap: { x: a } }).keys).toEqual(['total', 'pageNo', 'refundMap']);
	});

	it('refuses content without any array', () => {
		expect(unreadable({ refundId: '110002687818', refundStatus: '100' }).keys).toEqual(['refundId', 'refundStatus']);
	});

	it('refuses two candidate arrays rather than guessing', () => {
		expect(unreadable({ enableList: [a], disableList: [b] }).keys).toEqual(['enableList', 'disableList']);
	});

	it('refuses an empty array beside content it cannot read', () => {
		expect(unreadable({ tags: [], refundMap: { x: a } }).keys).toEqual(['tags', 'refundMap']);
	});

	it('refuses a bare string or number', () => {
		expect(unreadable('ok').keys).toEqual([]);
	});
});
