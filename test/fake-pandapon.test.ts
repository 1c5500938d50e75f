import { readFileSync } from 'fs';
import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';
import { join } from 'path';
import { request } from 'undici';

import { JsonInteger, parseLossless, stringifyLossless } from '../nodes/shared/losslessJson';
import { buildSignedHeaders, computeSignature, matchCallbackSignature } from '../nodes/shared/signing';
import {
	AUTH_ERRORS,
	BusinessError,
	createState,
	DEVELOP_ID,
	FAKE_CREDENTIALS,
	FakePandaPon,
	NOT_FOUND_CODE,
	startFakePandaPonCli,
	type FakeState,
	type RecordedRequest,
} from './fake-pandapon';

const TWO_POW_53 = 9007199254740992n;

interface Answer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
}

interface CallOptions {
	query?: Record<string, string>;
	/** An object is written with stringifyLossless (JsonInteger → raw digits); a string is sent as is. */
	body?: unknown;
	headers?: Record<string, string>;
}

let fake: FakePandaPon;

function signed(overrides: Record<string, string> = {}, now = Date.now()): Record<string, string> {
	return { ...buildSignedHeaders(FAKE_CREDENTIALS, now), ...overrides };
}

async function call(method: string, path: string, options: CallOptions = {}, target = fake): Promise<Answer> {
	const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
	const body =
		options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : stringifyLossless(options.body);
	const response = await request(`${target.url}${path}${query}`, {
		method: method as 'GET' | 'POST',
		body,
		headers: { 'content-type': 'application/json', ...(options.headers ?? signed()) },
	});
	return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

function envelopeOf(answer: Answer): { requestId?: unknown; code: number; developId?: unknown; msg: string; data?: any } {
	return parseLossless(answer.text) as { code: number; msg: string; data?: any };
}

async function dataOf(method: string, path: string, options: CallOptions = {}): Promise<any> {
	const answer = await call(method, path, options);
	const envelope = envelopeOf(answer);
	if (envelope.code !== 200) throw new Error(`${method} ${path} answered ${answer.text}`);
	return envelope.data;
}

function lastRequest(): RecordedRequest {
	return fake.requests[fake.requests.length - 1];
}

beforeAll(async () => {
	fake = await FakePandaPon.start();
});

afterAll(async () => {
	await fake.close();
});

beforeEach(() => {
	fake.reset();
});

describe('a correctly signed request', () => {
	it('gets the success envelope with raw 19-digit integers in the text', async () => {
		const answer = await call('GET', '/open/order/page', { query: { pageNo: '1', pageSize: '5' } });

		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toMatch(/^application\/json/);
		const envelope = envelopeOf(answer);
		expect(envelope).toMatchObject({ code: 200, developId: DEVELOP_ID, msg: '成功' });
		expect(envelope.requestId).toMatch(/^[0-9a-f]{32}$/);
		expect(answer.text).toMatch(/"orderId":\d{19}[,}]/);
		expect(answer.text).toContain(`"orderId":${fake.state.taobaoOrders[0].orderId}`);
		expect(answer.text).toMatch(/"itemId":\d{18}[,}]/);
		expect(lastRequest()).toMatchObject({ accepted: true, method: 'GET', path: '/open/order/page' });
		expect(lastRequest().rejection).toBeUndefined();
	});

	it('reads 1688 order ids back with every digit', async () => {
		const answer = await call('POST', '/alibaba/order/page', { body: { pageNo: 1, pageSize: 3 } });

		expect(answer.text).toMatch(/"orderId":\d{19}[,}]/);
		const data = envelopeOf(answer).data;
		expect(data.records.map((record: { orderId: string }) => record.orderId)).toEqual(
			fake.state.alibabaOrders.slice(0, 3).map((order) => order.orderId),
		);
	});

	it('works with the seconds unit when the server expects seconds', async () => {
		const secondsFake = await FakePandaPon.start({ timestampUnit: 'seconds' });
		try {
			const headers = buildSignedHeaders({ ...FAKE_CREDENTIALS, timestampUnit: 'seconds' });
			expect(headers.timestamp).toMatch(/^\d{10}$/);
			const answer = await call('GET', '/open/cart/list', { headers }, secondsFake);
			expect(envelopeOf(answer).code).toBe(200);
		} finally {
			await secondsFake.close();
		}
	});

	it('accepts a timestamp inside the 600 s window', async () => {
		const answer = await call('GET', '/open/cart/list', { headers: signed({}, Date.now() - 590_000) });
		expect(envelopeOf(answer).code).toBe(200);
	});
});

describe('system-header checks', () => {
	async function expectRejected(headers: Record<string, string>, expected: { code: number; msg: string }, target = fake) {
		const answer = await call('GET', '/open/cart/list', { headers }, target);
		expect(answer.status).toBe(200);
		const envelope = envelopeOf(answer);
		expect({ code: envelope.code, msg: envelope.msg }).toEqual(expected);
		expect(envelope.requestId).toMatch(/^[0-9a-f]{32}$/);
		expect(envelope.data).toBeNull();
		const recorded = target.requests[target.requests.length - 1];
		expect(recorded.accepted).toBe(false);
		expect(recorded.rejection).toEqual(expected);
	}

	it('rejects a signature made with the wrong secret', async () => {
		const headers = buildSignedHeaders({ ...FAKE_CREDENTIALS, accessSecret: 'not-the-secret' });
		await expectRejected(headers, { code: 401, msg: 'signature verification failed' });
	});

	it('rejects a lower-case signature', async () => {
		const headers = signed();
		await expectRejected({ ...headers, signature: headers.signature.toLowerCase() }, AUTH_ERRORS.signatureMismatch);
	});

	it.each(['access-key', 'timestamp', 'nonce-str', 'user-id', 'signature'])('rejects a request without %s', async (name) => {
		const headers = signed();
		delete headers[name];
		await expectRejected(headers, { code: 400, msg: `missing header: ${name}` });
	});

	it('rejects an unknown access key', async () => {
		const headers = buildSignedHeaders({ ...FAKE_CREDENTIALS, accessKey: 'someone-else' });
		await expectRejected(headers, { code: 403, msg: 'access-key does not exist' });
	});

	it('rejects another user id', async () => {
		await expectRejected(signed({ 'user-id': '2100000000000' }), {
			code: 403,
			msg: 'user-id has no permission for this access-key',
		});
	});

	it('rejects a stale and a future timestamp', async () => {
		const expired = { code: 408, msg: 'timestamp expired: it must be within the allowed window of the server time' };
		await expectRejected(signed({}, Date.now() - 601_000), expired);
		await expectRejected(signed({}, Date.now() + 601_000), expired);
	});

	it('rejects a seconds timestamp when it expects milliseconds, even if correctly signed', async () => {
		const headers = buildSignedHeaders({ ...FAKE_CREDENTIALS, timestampUnit: 'seconds' });
		await expectRejected(headers, AUTH_ERRORS.timestampExpired);
	});

	it('rejects a milliseconds timestamp when it expects seconds', async () => {
		const secondsFake = await FakePandaPon.start({ timestampUnit: 'seconds' });
		try {
			await expectRejected(signed(), AUTH_ERRORS.timestampExpired, secondsFake);
		} finally {
			await secondsFake.close();
		}
	});

	it('rejects malformed timestamp and nonce values', async () => {
		const timestamp = 'yesterday';
		const badTimestamp = signed({ timestamp });
		badTimestamp.signature = computeSignature(FAKE_CREDENTIALS.accessKey, timestamp, badTimestamp['nonce-str'], FAKE_CREDENTIALS.accessSecret);
		await expectRejected(badTimestamp, { code: 400, msg: 'invalid header timestamp: expected a decimal epoch time' });

		const nonce = 'short-nonce';
		const badNonce = signed({ 'nonce-str': nonce });
		badNonce.signature = computeSignature(FAKE_CREDENTIALS.accessKey, badNonce.timestamp, nonce, FAKE_CREDENTIALS.accessSecret);
		await expectRejected(badNonce, { code: 400, msg: 'invalid header nonce-str: expected 32 letters or digits' });
	});

	it('rejects a replayed nonce', async () => {
		const headers = signed();
		expect(envelopeOf(await call('GET', '/open/cart/list', { headers })).code).toBe(200);
		await expectRejected(headers, { code: 409, msg: 'nonce-str has already been used' });
		expect(fake.accepted()).toHaveLength(1);
	});

	it('does not burn the nonce of a rejected request', async () => {
		const headers = signed();
		await expectRejected({ ...headers, 'user-id': '1' }, AUTH_ERRORS.userIdNotPermitted);
		expect(envelopeOf(await call('GET', '/open/cart/list', { headers })).code).toBe(200);
	});

	it('records the rejected request with its headers and body', async () => {
		const headers = signed({ signature: 'B7F83FE2ADC8D8F044F2E01F0FFE8C80' });
		await call('POST', '/alibaba/order/page', { headers, body: '{"pageNo":1}' });
		expect(lastRequest()).toMatchObject({
			accepted: false,
			rawBody: '{"pageNo":1}',
			body: { pageNo: 1 },
			headers: { signature: 'B7F83FE2ADC8D8F044F2E01F0FFE8C80', 'user-id': FAKE_CREDENTIALS.userId },
		});
	});
});

describe('routing', () => {
	it('answers an unknown path with HTTP 404', async () => {
		const answer = await call('POST', '/open/no/such/thing', { body: {} });
		expect(answer.status).toBe(404);
		expect(JSON.parse(answer.text)).toEqual({ code: 404, msg: 'Not Found' });
		expect(lastRequest().accepted).toBe(false);
	});

	it('answers a known path with the wrong method with HTTP 405', async () => {
		const answer = await call('GET', '/alibaba/order/page');
		expect(answer.status).toBe(405);
	});

	it('answers a body that is not JSON with HTTP 400', async () => {
		const answer = await call('POST', '/alibaba/order/page', { body: '{"pageNo":' });
		expect(answer.status).toBe(400);
		expect(lastRequest()).toMatchObject({ accepted: true, body: undefined, rawBody: '{"pageNo":' });
	});

	it('serves custom routes with path parameters and business errors', async () => {
		fake.on('GET', '/custom/{thing}/detail', (req) => ({ thing: req.params.thing, q: req.query.q }));
		fake.on('POST', '/custom/fail', () => {
			throw new BusinessError(5001, '库存不足');
		});

		expect(await dataOf('GET', '/custom/abc/detail', { query: { q: '1' } })).toEqual({ thing: 'abc', q: '1' });
		const failed = envelopeOf(await call('POST', '/custom/fail', { body: {} }));
		expect(failed).toMatchObject({ code: 5001, msg: '库存不足', data: null });
	});

	it('lets a custom route override a built-in one until reset', async () => {
		fake.on('GET', '/open/cart/list', () => ['overridden']);
		expect(await dataOf('GET', '/open/cart/list')).toEqual(['overridden']);
		fake.reset();
		expect(await dataOf('GET', '/open/cart/list')).not.toEqual(['overridden']);
	});

	it('answers HTTP 500 when a handler crashes', async () => {
		fake.on('GET', '/custom/crash', () => {
			throw new Error('boom');
		});
		const answer = await call('GET', '/custom/crash');
		expect(answer.status).toBe(500);
		expect(JSON.parse(answer.text)).toEqual({ code: 500, msg: 'Internal Server Error: boom' });
	});

	it('keeps path parameters of built-in routes', async () => {
		const refundId = fake.state.taobaoRefunds[0].refundId;
		await dataOf('GET', `/open/order/refund/cancel/${refundId}`);
		expect(lastRequest().params).toEqual({ refundId });
	});
});

describe('faults', () => {
	it('answers 429 with Retry-After, then normally', async () => {
		fake.injectFault({ type: 'status', status: 429, retryAfter: '2' });

		const limited = await call('GET', '/open/cart/list');
		expect(limited.status).toBe(429);
		expect(limited.headers['retry-after']).toBe('2');
		expect(JSON.parse(limited.text)).toEqual({ code: 429, msg: 'Too Many Requests' });
		expect(lastRequest()).toMatchObject({ accepted: false, fault: { type: 'status', status: 429 } });

		expect((await call('GET', '/open/cart/list')).status).toBe(200);
		expect(fake.requests).toHaveLength(2);
		expect(fake.accepted()).toHaveLength(1);
	});

	it.each([502, 503, 504])('answers HTTP %i without Retry-After unless asked', async (status) => {
		fake.injectFault({ type: 'status', status });
		const answer = await call('GET', '/open/cart/list');
		expect(answer.status).toBe(status);
		expect(answer.headers['retry-after']).toBeUndefined();
	});

	it('uses a given body for a status fault', async () => {
		fake.injectFault({ type: 'status', status: 404, body: '<h1>gone</h1>' });
		const answer = await call('GET', '/open/cart/list');
		expect(answer).toMatchObject({ status: 404, text: '<h1>gone</h1>' });
	});

	it('hits before the signature check', async () => {
		fake.injectFault({ type: 'status', status: 503 });
		expect((await call('GET', '/open/cart/list', { headers: {} })).status).toBe(503);
	});

	it('answers a business error in an HTTP 200 envelope, after the checks pass', async () => {
		fake.injectFault({ type: 'businessError', code: 500, msg: '系统繁忙，请稍后再试' });

		const rejected = envelopeOf(await call('GET', '/open/cart/list', { headers: signed({ signature: 'X' }) }));
		expect(rejected.code).toBe(401);

		const answer = await call('GET', '/open/cart/list');
		expect(answer.status).toBe(200);
		expect(envelopeOf(answer)).toMatchObject({ code: 500, msg: '系统繁忙，请稍后再试', data: null });
		expect(lastRequest()).toMatchObject({ accepted: true, fault: { type: 'businessError' } });
		expect(envelopeOf(await call('GET', '/open/cart/list')).code).toBe(200);
	});

	it('delays the answer', async () => {
		fake.injectFault({ type: 'delay', ms: 400 });
		const started = Date.now();
		const answer = await call('GET', '/open/cart/list');
		expect(Date.now() - started).toBeGreaterThanOrEqual(390);
		expect(envelopeOf(answer).code).toBe(200);
	});

	it('sends truncated JSON', async () => {
		fake.injectFault({ type: 'brokenJson' });
		const answer = await call('GET', '/open/cart/list');
		expect(answer.status).toBe(200);
		expect(answer.text.length).toBeGreaterThan(0);
		expect(() => parseLossless(answer.text)).toThrow();
	});

	it('sends an empty body', async () => {
		fake.injectFault({ type: 'empty' });
		const answer = await call('GET', '/open/cart/list');
		expect(answer).toMatchObject({ status: 200, text: '' });
	});

	it('sends an HTML page', async () => {
		fake.injectFault({ type: 'html' });
		const answer = await call('GET', '/open/cart/list');
		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toMatch(/^text\/html/);
		expect(answer.text).toMatch(/^<!DOCTYPE html>/);
	});

	it('resets the connection', async () => {
		fake.injectFault({ type: 'reset' });
		const error = await call('GET', '/open/cart/list').then(
			() => undefined,
			(caught: unknown) => caught as { code?: string },
		);
		expect(error).toBeDefined();
		expect(['ECONNRESET', 'UND_ERR_SOCKET']).toContain(error?.code);
		expect(lastRequest()).toMatchObject({ path: '/open/cart/list', fault: { type: 'reset' } });
		expect((await call('GET', '/open/cart/list')).status).toBe(200);
	});

	it('respects method, path and times, and consumes faults in order', async () => {
		fake.injectFault({ type: 'status', status: 502 }, { path: '/alibaba/order/page', times: 2 });
		fake.injectFault({ type: 'status', status: 504 }, { method: 'POST', path: '/alibaba/order/page' });
		fake.injectFault({ type: 'status', status: 429 }, { method: 'GET' });

		expect((await call('POST', '/open/cart/delete', { body: { ids: [75] } })).status).toBe(200);
		const statuses: number[] = [];
		for (let attempt = 0; attempt < 4; attempt++) {
			statuses.push((await call('POST', '/alibaba/order/page', { body: { pageNo: 1 } })).status);
		}
		expect(statuses).toEqual([502, 502, 504, 200]);
		expect(fake.pendingFaults()).toEqual([{ type: 'status', status: 429 }]);
		expect((await call('GET', '/open/cart/list')).status).toBe(429);
	});

	it('forgets faults on reset', async () => {
		fake.injectFault({ type: 'status', status: 503 });
		fake.reset();
		expect((await call('GET', '/open/cart/list')).status).toBe(200);
	});
});

describe('paging', () => {
	async function collect(fetchPage: (page: number) => Promise<{ records: any[]; total: number }>) {
		const seen: any[] = [];
		for (let page = 1; page <= 50; page++) {
			const { records, total } = await fetchPage(page);
			seen.push(...records);
			if (records.length === 0 || seen.length >= total) break;
		}
		return seen;
	}

	/** The documented refund list keeps its page under `refundOrderAggregates` (REFERENCE.md 5.3). */
	const refundPage = async (body: Record<string, unknown>) => {
		const data = await dataOf('POST', '/open/order/refund/queryList', { body });
		return { ...data, records: data.refundOrderAggregates };
	};

	it('walks the Taobao refund list, every refund exactly once', async () => {
		const refunds = await collect((pageNo) => refundPage({ pageNo, pageSize: 7 }));

		const ids = refunds.map((refund) => refund.refundOrder.refundId);
		expect(ids).toHaveLength(25);
		expect(new Set(ids)).toEqual(new Set(fake.state.taobaoRefunds.map((refund) => refund.refundId)));
		const page4 = await dataOf('POST', '/open/order/refund/queryList', { body: { pageNo: 4, pageSize: 7 } });
		expect(page4).toMatchObject({ total: 25, pageNo: 4, pageSize: 7, currency: 'CNY' });
		expect(page4.refundOrderAggregates).toHaveLength(4);
		const past = await dataOf('POST', '/open/order/refund/queryList', { body: { pageNo: 5, pageSize: 7 } });
		expect(past.refundOrderAggregates).toEqual([]);
	});

	it('lists refunds newest first with the documented types', async () => {
		const { records } = await refundPage({ pageNo: 1, pageSize: 25 });
		const created = records.map((refund: { purchaseOrderLine: { createTime: number } }) => refund.purchaseOrderLine.createTime);
		expect(created).toEqual([...created].sort((a, b) => b - a));
		for (const { refundOrder, purchaseOrderLine } of records) {
			expect(Number.isInteger(refundOrder.refundFee)).toBe(true);
			expect(refundOrder.refundStatus).toMatch(/^-?\d+$/);
			expect(refundOrder.timeoutDate).toMatch(/^\d{13}$/);
			// 19-digit purchase order ids arrive as raw integers: the lossless parser keeps them as digit strings.
			expect(purchaseOrderLine.purchaseOrderId).toMatch(/^\d{19}$/);
		}
	});

	it('filters refunds by status and creation time', async () => {
		const byStatus = await refundPage({ refundStatus: 100, pageNo: 1, pageSize: 50 });
		const expected = fake.state.taobaoRefunds.filter((refund) => refund.refundStatus === 100);
		expect(expected.length).toBeGreaterThan(0);
		expect(byStatus.total).toBe(expected.length);
		expect(byStatus.records.every((refund: { refundOrder: { refundStatus: string } }) => refund.refundOrder.refundStatus === '100')).toBe(true);

		const sorted = [...fake.state.taobaoRefunds].sort((a, b) => a.gmtCreate - b.gmtCreate);
		const [from, to] = [sorted[5].gmtCreate, sorted[9].gmtCreate];
		const byTime = await dataOf('POST', '/open/order/refund/queryList', {
			body: { refundStartTime: from, refundEndTime: to, pageNo: 1, pageSize: 50 },
		});
		expect(byTime.total).toBe(5);
	});

	it('requires pageSize on the refund list', async () => {
		const envelope = envelopeOf(await call('POST', '/open/order/refund/queryList', { body: { pageNo: 1 } }));
		expect(envelope).toMatchObject({ code: 4000, msg: 'invalid parameter: pageSize must not be null' });
	});

	it('walks the Taobao order list (GET query paging)', async () => {
		const orders = await collect((pageNo) =>
			dataOf('GET', '/open/order/page', { query: { pageNo: String(pageNo), pageSize: '6' } }),
		);
		expect(orders.map((order) => order.orderId).sort()).toEqual(fake.state.taobaoOrders.map((order) => order.orderId).sort());
	});

	it('walks the 1688 order list', async () => {
		const orders = await collect((pageNo) => dataOf('POST', '/alibaba/order/page', { body: { pageNo, pageSize: 10 } }));
		const ids = orders.map((order) => order.orderId);
		expect(new Set(ids).size).toBe(25);
		expect(new Set(ids)).toEqual(new Set(fake.state.alibabaOrders.map((order) => order.orderId)));
	});

	it('walks the 1688 keyword search with beginPage and the documented shape', async () => {
		const offers: string[] = [];
		let totalPage = Infinity;
		for (let beginPage = 1; beginPage <= totalPage; beginPage++) {
			const data = await dataOf('POST', '/alibaba/product/keywords/query', {
				body: { keyword: 'phone case', beginPage, pageSize: 10, country: 'en' },
			});
			expect(Object.keys(data).sort()).toEqual(['currentPage', 'data', 'pageSize', 'totalPage', 'totalRecords']);
			expect(data.currentPage).toBe(beginPage);
			totalPage = data.totalPage;
			offers.push(...data.data.map((offer: { offerId: number }) => String(offer.offerId)));
		}
		expect(totalPage).toBe(3);
		expect(offers).toHaveLength(25);
		expect(new Set(offers)).toEqual(new Set(fake.state.alibabaProducts.map((product) => product.offerId)));
	});

	it('ranks keyword matches first and honours price filters and sort', async () => {
		const ranked = await dataOf('POST', '/alibaba/product/keywords/query', { body: { keyword: 'phone case', pageSize: 1 } });
		expect(ranked.data[0].subjectTrans).toMatch(/phone case/i);

		const sorted = await dataOf('POST', '/alibaba/product/keywords/query', {
			body: { keyword: '鞋', priceStart: '10', priceEnd: '500', sort: '{"price":"asc"}', pageSize: 50 },
		});
		const prices = sorted.data.map((offer: { priceInfo: { price: string } }) => Number(offer.priceInfo.price));
		expect(prices.every((price: number) => price >= 10 && price <= 500)).toBe(true);
		expect(prices).toEqual([...prices].sort((a, b) => a - b));
	});

	it('rejects a sort sent as an object instead of a JSON string', async () => {
		const envelope = envelopeOf(
			await call('POST', '/alibaba/product/keywords/query', { body: { keyword: 'x', sort: { price: 'asc' } } }),
		);
		expect(envelope).toMatchObject({ code: 4000, msg: 'invalid parameter: sort must be a JSON-encoded string' });
	});

	it('restricts the store search to the seller', async () => {
		const seller = fake.state.alibabaProducts[0].sellerOpenId;
		const data = await dataOf('POST', '/alibaba/product/query/selleroffer', { body: { sellerOpenId: seller, pageSize: 50 } });
		expect(data.totalRecords).toBe(fake.state.alibabaProducts.filter((product) => product.sellerOpenId === seller).length);
		expect(Object.keys(data.data[0])).toHaveLength(9);
		expect(Object.keys(data.data[0])[0]).toBe('imageUrl');
	});

	it('can cap page sizes silently', async () => {
		const capped = await FakePandaPon.start({ maxPageSize: 5 });
		try {
			const answer = await call('POST', '/alibaba/order/page', { body: { pageNo: 1, pageSize: 20 }, headers: signed() }, capped);
			const data = envelopeOf(answer).data;
			expect(data.records).toHaveLength(5);
			expect(data.size).toBe(5);
		} finally {
			await capped.close();
		}
	});

	it('honours seed sizes', async () => {
		const small = await FakePandaPon.start({ seed: { refunds: 3, taobaoOrders: 2, alibabaOrders: 1, products: 4 } });
		try {
			expect(small.state.taobaoRefunds).toHaveLength(3);
			expect(small.state.taobaoOrders).toHaveLength(2);
			expect(small.state.alibabaOrders).toHaveLength(1);
			expect(small.state.alibabaProducts).toHaveLength(4);
		} finally {
			await small.close();
		}
	});
});

describe('detail endpoints', () => {
	it('answers known ids from state', async () => {
		const taobaoOrder = fake.state.taobaoOrders[3];
		const alibabaOrder = fake.state.alibabaOrders[2];
		const refund = fake.state.taobaoRefunds[4];
		const alibabaRefund = fake.state.alibabaRefunds[1];

		expect((await dataOf('GET', '/open/order/detail/get', { query: { orderId: taobaoOrder.orderId } })).orderId).toBe(
			taobaoOrder.orderId,
		);
		const detail = await dataOf('POST', '/alibaba/order/detail', { body: { webSite: '1688', orderId: alibabaOrder.orderId } });
		expect(detail.baseInfo).toMatchObject({ id: alibabaOrder.orderId, idOfStr: alibabaOrder.orderId, status: alibabaOrder.status });
		const aggregate = await dataOf('GET', '/open/order/refund/query', { query: { refundId: refund.refundId } });
		expect(aggregate.refundOrderAggregate.refundOrder).toMatchObject({ refundId: refund.refundId, refundStatus: refund.refundStatus });
		const info = await dataOf('POST', '/alibaba/refund/info', {
			query: { refundId: alibabaRefund.refundId },
			body: { refundId: alibabaRefund.refundId },
		});
		expect(info).toMatchObject({ refundId: alibabaRefund.refundId, orderId: alibabaRefund.orderId });
	});

	it.each([
		['GET', '/open/order/detail/get', { query: { orderId: '1111111111111111111' } }, 'order does not exist: 1111111111111111111'],
		['POST', '/alibaba/order/detail', { body: { webSite: '1688', orderId: '1111111111111111111' } }, 'order does not exist: 1111111111111111111'],
		['GET', '/open/order/refund/query', { query: { refundId: '999999999999' } }, 'refund does not exist: 999999999999'],
		['POST', '/alibaba/refund/info', { body: { refundId: 'TQ00000000000000000' } }, 'refund does not exist: TQ00000000000000000'],
	] as const)('%s %s answers code 4004 for an unknown id', async (method, path, options, msg) => {
		const envelope = envelopeOf(await call(method, path, options));
		expect(envelope).toMatchObject({ code: NOT_FOUND_CODE, msg, data: null });
	});

	it('shows a status change made between two polls, with a later timeout', async () => {
		const refund = fake.state.taobaoRefunds.find((candidate) => candidate.refundStatus === 10)!;
		const listed = async () =>
			(await dataOf('POST', '/open/order/refund/queryList', { body: { refundId: refund.refundId, pageSize: 1 } })).refundOrderAggregates[0]
				.refundOrder;
		const before = await listed();
		expect(before.refundStatus).toBe('10');

		fake.updateTaobaoRefund(refund.refundId, { refundStatus: 100 });

		const after = await listed();
		expect(after.refundStatus).toBe('100');
		expect(Number(after.timeoutDate)).toBeGreaterThan(Number(before.timeoutDate));
	});

	it('lets tests mutate state directly', async () => {
		fake.state.taobaoRefunds[0].refundFee = 4242;
		const data = await dataOf('GET', '/open/order/refund/query', { query: { refundId: fake.state.taobaoRefunds[0].refundId } });
		expect(data.refundOrderAggregate.refundOrder.refundFee).toBe(4242);
	});

	it('applies mutations to state', async () => {
		const order = fake.state.alibabaOrders.find((candidate) => candidate.status === 'waitbuyerpay')!;
		const cancelled = await dataOf('POST', '/alibaba/order/cancel', {
			body: { webSite: '1688', orderId: new JsonInteger(order.orderId), cancelReason: '不想要了' },
		});
		expect(cancelled).toBe(true);
		expect(order.status).toBe('cancel');

		const again = envelopeOf(
			await call('POST', '/alibaba/order/cancel', {
				body: { webSite: '1688', orderId: new JsonInteger(order.orderId), cancelReason: '不想要了' },
			}),
		);
		expect(again.code).toBe(4000);

		const created = await dataOf('POST', '/open/order/refund/submit', {
			body: { subOrderId: fake.state.taobaoOrders[0].lines[0].subPurchaseOrderId, refundType: 1, goodsStatus: 1, reasonId: 2 },
		});
		expect(fake.state.taobaoRefunds.map((refund) => refund.refundId)).toContain(created.refundId);
	});
});

describe('big integers', () => {
	it('seeds several ids beyond 2^53', () => {
		const bigOnes = (values: string[]) => values.filter((value) => BigInt(value) > TWO_POW_53);
		const { taobaoOrders, alibabaOrders, taobaoProducts } = fake.state;
		expect(bigOnes(taobaoOrders.map((order) => order.orderId))).toHaveLength(taobaoOrders.length);
		expect(bigOnes(alibabaOrders.map((order) => order.orderId))).toHaveLength(alibabaOrders.length);
		expect(bigOnes(taobaoProducts.map((product) => product.itemId)).length).toBeGreaterThan(5);
		expect(taobaoOrders.every((order) => /^\d{19}$/.test(order.orderId))).toBe(true);
		expect(alibabaOrders.every((order) => /^\d{19}$/.test(order.orderId))).toBe(true);
		expect(fake.state.taobaoRefunds.every((refund) => /^\d{12}$/.test(refund.refundId))).toBe(true);
		expect(fake.state.alibabaRefunds.every((refund) => /^TQ\d{17}$/.test(refund.refundId))).toBe(true);
		const itemLengths = new Set(taobaoProducts.map((product) => product.itemId.length));
		expect(itemLengths).toEqual(new Set([12, 16, 18]));
	});

	it('records request bodies with 19-digit integers exact', async () => {
		const rawBody = '{"webSite":"1688","orderId":2542285634920880794,"cancelReason":"不想要了"}';
		await call('POST', '/alibaba/order/cancel', { body: rawBody });

		const recorded = fake.accepted('/alibaba/order/cancel')[0];
		expect(recorded.rawBody).toBe(rawBody);
		expect((recorded.body as { orderId: unknown }).orderId).toBe('2542285634920880794');
	});

	it('echoes big ids as raw integers', async () => {
		const rawBody =
			'{"orderLineList":"[{\\"itemId\\":600120680003951077,\\"quantity\\":\\"1\\",\\"skuId\\":4951323355633}]","receiver":"{\\"name\\":\\"simon\\"}"}';
		const answer = await call('POST', '/open/order/render', { body: rawBody });
		expect(envelopeOf(answer).code).toBe(200);
		expect(answer.text).toContain('"itemId":600120680003951077');

		const product = await call('GET', '/open/product/get', { query: { itemId: '600120680003951077' } });
		expect(product.text).toContain('"itemId":600120680003951077');
	});

	it('is deterministic for the same seed time', () => {
		const seedTime = Date.UTC(2025, 0, 1);
		const first: FakeState = createState({}, seedTime);
		expect(createState({}, seedTime)).toEqual(first);
		expect(first.taobaoOrders[0].orderId).toBe('1024285237573584051');
		expect(first.alibabaOrders[0].orderId).toBe('2019601741959504495');
		expect(first.taobaoRefunds[0].refundId).toBe('110002685755');
	});
});

/** A request that every built-in route accepts, keyed by "METHOD path". */
function sampleRequests(state: FakeState): Record<string, CallOptions & { path?: string }> {
	const taobaoOrder = state.taobaoOrders[0];
	const subOrderId = taobaoOrder.lines[0].subPurchaseOrderId;
	const refundId = state.taobaoRefunds[0].refundId;
	const alibabaOrder = state.alibabaOrders.find((order) => order.status === 'waitbuyerpay')!;
	const product = state.alibabaProducts[0];
	const cargo = [{ offerId: new JsonInteger(product.offerId), specId: product.specs[0].specId, quantity: 2 }];
	const addressParam = { fullName: 'zhang', mobile: '18600888861', phone: '18600888861', cityText: '杭州市', provinceText: '浙江省', townText: '转塘', address: 'x' };
	const receiverAddress = { country: 'US', state: 'California', city: 'VALLEY VLG', zip: '91607', address: '5818 WHITSETT AVE 401', name: 'Ofir' };
	return {
		'POST /open/product/image/query': { body: { imageAddress: 'https://example.com/a.jpg', pageNo: 1, pageSize: 5 } },
		'POST /open/product/item/search': { body: { keyword: '电动车', pageNo: 1, pageSize: 5, sort: 'tk_rate_desc' } },
		'POST /open/product/batch/check': {
			body: { params: JSON.stringify([{ itemId: state.taobaoProducts[0].itemId, skuIds: state.taobaoProducts[0].skuIds }, { itemId: '1', skuIds: [] }]) },
		},
		'GET /open/product/get': { query: { itemId: state.taobaoProducts[2].itemId } },
		'GET /open/product/query': { query: { keyword: 'phone', pageNo: '1', pageSize: '5' } },
		'POST /open/product/source/get': { body: { itemId: '42971808988', language: 'vi' } },
		'POST /open/order': {
			body: {
				purchaseAmount: 400,
				receiver: JSON.stringify({ name: 'a测试aa', mobile_phone: '15068763421', country: '中国', state: '浙江省', city: '杭州市', district: '余杭区', address: '测试地址', zip: '11111', phone: '' }),
				orderLineList: JSON.stringify([{ itemId: '600126245031041190', orderLineNo: '1', quantity: '200', price: '1', currency: 'CNY', skuId: '5016042822039' }]),
				orderSource: 'lazada',
				sellerOrderNumber: '1',
			},
		},
		'POST /open/order/render': {
			body: '{"orderLineList":"[{\\"itemId\\":600120680003951077,\\"quantity\\":\\"1\\",\\"skuId\\":4951323355633}]","receiver":"{\\"name\\":\\"simon\\"}"}',
		},
		'GET /open/order/page': { query: { pageNo: '1', pageSize: '5' } },
		'POST /open/order/uploadVoucher': { body: { orderId: taobaoOrder.orderId, imageAddress: 'https://example.com/v.jpg' } },
		'POST /open/order/cancel': { body: { orderId: taobaoOrder.orderId } },
		'POST /open/order/updateWarehouse': { body: { orderId: taobaoOrder.orderId, warehouseName: '义乌仓', warehouseAddress: '义乌市' } },
		'POST /open/order/pay': { body: { orderId: taobaoOrder.orderId } },
		'POST /open/order/page/link/get': { body: { loginName: 'u', password: 'p', pageName: 'item', pageParamMap: '{"sourceType":"item","bizId":"700187748440"}' } },
		'GET /open/order/detail/get': { query: { orderId: taobaoOrder.orderId } },
		'GET /open/order/logistics/detail/get': { query: { subPurchaseOrderId: subOrderId } },
		'POST /open/order/refund/queryList': { body: { pageNo: 1, pageSize: 5 } },
		'POST /open/order/refund/render': { body: { subOrderId, refundType: 1, goodsStatus: 1 } },
		'GET /open/order/refund/render/logistics': { query: { refundId } },
		'POST /open/order/refund/submit/logistics': { body: { refundId, logisticsCompanyCode: 'SF', logisticsNo: 'SF1234521212678' } },
		'GET /open/order/refund/cancel/{refundId}': { path: `/open/order/refund/cancel/${refundId}` },
		'POST /open/order/refund/submit/message': { body: { refundId, refundMessage: '请尽快处理', refundImages: '' } },
		'POST /open/order/refund/submit': { body: { subOrderId, refundType: 1, goodsStatus: 1, reasonId: 1, refundFee: 100 } },
		'POST /open/order/refund/message/queryList': { body: { refundId } },
		'POST /open/order/refund/modify': { body: { refundId, refundFee: 100 } },
		'GET /open/order/refund/query': { query: { refundId } },
		'POST /open/cart/create/order': { body: { ids: [75, 76], orderAddress: { name: 'a测试aa', country: '中国' }, userId: '2100007340000' } },
		'POST /open/cart/preview/order': { body: { ids: [75] } },
		'GET /open/cart/list': {},
		'POST /open/cart/delete': { body: { ids: [75] } },
		'POST /open/cart/add': {
			body: '{"userId":"2100007340000","platform":1,"itemId":2048175493257375,"skuId":"85","mpId":"26","mpSkuId":"65","price":689,"promotionPrice":576,"quantity":71}',
		},
		'POST /open/cart/edit-quantity': { body: { id: 75, quantity: 2 } },
		'POST /alibaba/product/detail/get': { body: '{"offerId":706627393257,"country":"en","outMemberId":""}' },
		'POST /alibaba/product/openuid/decrypt': { body: { openUid: 'BBBJ82cNui3EUaxxMi_7Go73g', offerId: '951807530375' } },
		'POST /alibaba/product/keywords/query': { body: { keyword: '男鞋', beginPage: 1, pageSize: 5, country: 'en', sort: '{"price":"desc"}' } },
		'POST /alibaba/product/image/query': { body: { imageBase64: '/9j/4AAQSkZJRg', beginPage: 1, pageSize: 5 } },
		'POST /alibaba/product/query/selleroffer': { body: { sellerOpenId: 'BBBwAN4GQ60zRPzBkv7BYPJRQ', beginPage: 1, pageSize: 5 } },
		'POST /alibaba/category/get': { body: { categoryId: 0, country: 'en' } },
		'POST /alibaba/product/productRecommendQuery': { body: { pageNo: 1, pageSize: 5, language: 'en' } },
		'POST /alibaba/product/productRelatedRecommendQuery': { body: { offerId: product.offerId, pageNo: 1, pageSize: 5 } },
		'POST /alibaba/order/batch/submit/to/pay': { body: { orderIds: [alibabaOrder.orderId] } },
		'POST /alibaba/order/create/previewbatch': { body: { addressParam, cargoParamList: cargo } },
		'POST /alibaba/order/batch/create': { body: { flow: 'general', addressParam, cargoParamList: cargo } },
		'GET /alibaba/order/logistics/trace': { query: { orderId: state.alibabaOrders[0].orderId, webSite: '1688' } },
		'POST /alibaba/order/page': { body: { pageNo: 1, pageSize: 5 } },
		'POST /alibaba/order/create/preview': { body: { addressParam, cargoParamList: cargo } },
		'POST /alibaba/order/create': { body: { flow: 'general', addressParam, cargoParamList: cargo } },
		'POST /alibaba/order/cancel': { body: { webSite: '1688', orderId: new JsonInteger(alibabaOrder.orderId), cancelReason: '不想要了' } },
		'GET /alibaba/order/pay/url': { query: { orderId: alibabaOrder.orderId } },
		'POST /alibaba/order/receivegoods': { body: { orderId: new JsonInteger(alibabaOrder.orderId), orderEntryIds: [new JsonInteger(alibabaOrder.items[0].subItemId)] } },
		'POST /alibaba/order/detail': { body: { webSite: '1688', orderId: alibabaOrder.orderId } },
		'POST /alibaba/refund/info': { body: { refundId: state.alibabaRefunds[0].refundId } },
		'POST /alibaba/refund/reason/list': { body: { orderId: new JsonInteger(alibabaOrder.orderId), goodsStatus: 'refundWaitSellerSend' } },
		'POST /alibaba/refund/voucher/upload': { body: { imageBase64: 'aGVsbG8=' } },
		'POST /alibaba/refund/detail/create': {
			body: {
				orderId: new JsonInteger(alibabaOrder.orderId),
				orderEntryIds: [new JsonInteger(alibabaOrder.items[0].subItemId)],
				disputeRequest: 'refund',
				applyPayment: 100,
				applyCarriage: 0,
				applyReasonId: 20006,
				description: '不想要了',
				goodsStatus: 'refundWaitSellerSend',
			},
		},
		'POST /alibaba/refund/goods/return': { body: { refundId: state.alibabaRefunds[0].refundId, logisticsCompanyNo: 'SF', freightBill: 'SF1' } },
		'GET /alibaba/refund/logistics/company/list': {},
		'POST /alibaba/cart/create/order': { body: { flow: 'general', addressParam, cartIds: [75, 76] } },
		'POST /alibaba/cart/delete': { body: { cartIds: [75] } },
		'POST /alibaba/cart/preview/order': { body: { addressParam, cartIds: [75] } },
		'POST /alibaba/cart/edit-quantity': { body: { id: 75, quantity: 2 } },
		'POST /alibaba/cart/add': { body: { offerId: new JsonInteger(product.offerId), specId: product.specs[1].specId, quantity: 3 } },
		'GET /alibaba/cart/list': {},
		'POST /alibaba/product/globalStrictSelectionQuery': { body: { keyword: 'cup', beginPage: 1, pageSize: 5 } },
		'POST /alibaba/product/strictSelectionQuery': { body: { keyword: 'cup', beginPage: 1, pageSize: 5 } },
		'POST /alibaba/product/hotListQuery': { body: { beginPage: 1, pageSize: 5 } },
		'POST /open/address/get': {},
		'POST /open/address/addOrUpdate': { body: { id: 0, name: 'simon', province: '浙江省', city: '杭州市', district: '余杭区', address: '智溢路', phone: '15068763421' } },
		'POST /open/pp/logistics/itemLogisticsPrice': {
			body: { itemId: '2048020617114736', skuId: '413185732720', quantity: 1, currency: 'CNY', price: '10.5', receiverAddress },
		},
		'POST /open/pp/logistics/orderRenderFreight': {
			body: { receiverAddress, renderItems: [{ itemId: '2048020617114736', skuId: '413185732720', quantity: 1, freightInfo: { serviceId: '1' } }] },
		},
		'POST /open/pp/logistics/updateLogisticInfo': {
			body: { orderId: '21', tmallOrderId: '12345667', logisticInfos: [{ logisticNumer: 'FARJP2408000013YQ', domesticLogisticInfo: [{ logisticNumer: 'SF1', logisticCompanyName: '顺丰', rtsTime: '1754342534' }] }] },
		},
		'POST /open/pp/logistics/orderBookingFreight': { body: { renderId: 'FF2024080200007', tmallOrderInfo: { tmallOrderId: '123123444' }, receiverAddress, lineItems: [] } },
	};
}

describe('every endpoint', () => {
	const routeKeys = () => fake.routes().map((route) => `${route.method} ${route.path}`);

	it('serves 72 distinct routes, each with a sample here', () => {
		const keys = routeKeys();
		expect(keys).toHaveLength(72);
		expect(new Set(keys).size).toBe(72);
		expect(Object.keys(sampleRequests(fake.state)).sort()).toEqual([...keys].sort());
	});

	// The project's checked-in copy of the API reference's endpoint list.
	const endpointsFile = join(__dirname, 'fixtures', 'pandapon-endpoints.json');
	it('matches the endpoint list of the API reference', () => {
		const entries = JSON.parse(readFileSync(endpointsFile, 'utf8')) as Array<{ method?: string; path?: string }>;
		const documented = entries.filter((entry) => entry.path).map((entry) => `${entry.method} ${entry.path}`);
		expect([...routeKeys()].sort()).toEqual(documented.sort());
	});

	it('answers every route with code 200', async () => {
		const failures: string[] = [];
		for (const key of routeKeys()) {
			fake.reset();
			const sample = sampleRequests(fake.state)[key];
			const [method, routePath] = key.split(' ');
			const answer = await call(method, sample.path ?? routePath, sample);
			const envelope = envelopeOf(answer);
			if (answer.status !== 200 || envelope.code !== 200) failures.push(`${key}: ${answer.status} ${answer.text.slice(0, 200)}`);
			else if (key === 'POST /open/address/addOrUpdate') expect(envelope).toEqual({ code: 200, msg: '成功' });
			else expect(envelope.requestId).toMatch(/^[0-9a-f]{32}$/);
		}
		expect(failures).toEqual([]);
	});
});

describe('callbacks', () => {
	let receiver: Server;
	let received: Array<{ headers: IncomingMessage['headers']; body: string }>;

	beforeAll(async () => {
		receiver = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
				res.end('ok');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	});

	afterAll(async () => {
		await new Promise<void>((resolve) => receiver.close(() => resolve()));
	});

	beforeEach(() => {
		received = [];
	});

	const receiverUrl = () => `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook`;

	it('signs Access Key + raw body with HMAC-SHA256 of the Access Secret', async () => {
		const result = await fake.sendCallback(receiverUrl(), {
			messageType: '1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
			messagePlatform: 1,
			messageBody: { baseInfo: { id: new JsonInteger('2019601741959504495'), status: 'waitbuyerpay' } },
		});

		expect(result.status).toBe(200);
		expect(received).toHaveLength(1);
		const [{ headers, body }] = received;
		expect(body).toBe(result.rawBody);
		expect(body).toContain('"id":2019601741959504495');
		expect(matchCallbackSignature(body, headers.authorization, FAKE_CREDENTIALS)).toBe('accessKey+body');
	});

	it('can send messageBody as a JSON string, unsigned or wrongly signed', async () => {
		const message = { messageType: 'ORDER_CREATE', messagePlatform: 1 as const, messageBody: { orderId: '3305075341149134260' } };
		await fake.sendCallback(receiverUrl(), message, { bodyAsString: true, authorization: null });
		await fake.sendCallback(receiverUrl(), message, { authorization: 'deadbeef' });

		expect((parseLossless(received[0].body) as { messageBody: unknown }).messageBody).toBe('{"orderId":"3305075341149134260"}');
		expect(received[0].headers.authorization).toBeUndefined();
		expect(received[1].headers.authorization).toBe('deadbeef');
	});
});

describe('command line', () => {
	it('prints one JSON line with the URL and serves on it', async () => {
		const lines: string[] = [];
		const cliFake = await startFakePandaPonCli({ FAKE_PANDAPON_PORT: '0' }, (line) => lines.push(line));
		try {
			expect(lines).toHaveLength(1);
			expect(JSON.parse(lines[0])).toEqual({ url: cliFake.url });
			expect(cliFake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			expect(envelopeOf(await call('GET', '/open/cart/list', { headers: signed() }, cliFake)).code).toBe(200);
		} finally {
			await cliFake.close();
		}
	});

	it('refuses a port that is not a number', async () => {
		await expect(startFakePandaPonCli({ FAKE_PANDAPON_PORT: 'eighty' }, () => undefined)).rejects.toThrow(/not a port/);
	});
});
