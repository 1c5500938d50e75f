/**
 * The transport (request, retries, errors) and pagination, run inside n8n-core's real
 * ExecuteContext against the fake PandaPon server: every request goes through n8n's
 * httpRequestWithAuthentication, our credential's authenticate and real HTTP.
 */
import { inspect } from 'node:util';

import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';

import { PandaPon } from '../nodes/PandaPon/PandaPon.node';
import { JsonInteger } from '../nodes/shared/losslessJson';
import { paginate, type PaginateOptions } from '../nodes/shared/pagination';
import { networkErrorCode, request, retryPolicy, type PandaPonRequest } from '../nodes/shared/transport';
import { FakePandaPon, type Fault } from './fake-pandapon';
import { executeNode, runWithExecuteContext, type HarnessCredentials } from './harness';
import { HarnessCredentialsHelper } from './harness/credentials';

const BIG_ORDER_ID = '2019601741959504495';
const REFUNDS = 350;
const PRODUCTS = 420;
const REFUND_LIST = '/open/order/refund/queryList';
const KEYWORD_SEARCH = '/alibaba/product/keywords/query';
const ORDER_DETAIL = '/alibaba/order/detail';
const ORDER_CREATE = '/alibaba/order/create';
const CART_LIST = '/open/cart/list';
/** Wrong secrets the tests sign with: they must not leak either. */
const WRONG_SECRET = 'wrong-secret-Ω7q';

let fake: FakePandaPon;
let credentials: HarnessCredentials;
const savedPolicy = { ...retryPolicy };
/** Every error any test provoked, checked at the end for the Access Secret. */
const provokedErrors: unknown[] = [];
/** Every result any test received, checked at the end for the Access Secret. */
const receivedData: unknown[] = [];

beforeAll(async () => {
	fake = await FakePandaPon.start({ seed: { refunds: REFUNDS, products: PRODUCTS } });
	credentials = { ...fake.credentials, baseUrl: fake.url };
	Object.assign(retryPolicy, { baseDelayMs: 5, maxDelayMs: 20 });
});

afterAll(async () => {
	Object.assign(retryPolicy, savedPolicy);
	await fake.close();
});

beforeEach(() => fake.reset());

async function call(pandaPonRequest: PandaPonRequest, withCredentials = credentials): Promise<unknown> {
	const data = await runWithExecuteContext({ credentials: withCredentials }, (context) => request(context, pandaPonRequest));
	receivedData.push(data);
	return data;
}

async function failureOf(run: Promise<unknown>): Promise<NodeApiError & { description?: string }> {
	const error = await run.then(
		() => {
			throw new Error('expected the request to fail');
		},
		(caught: unknown) => caught,
	);
	provokedErrors.push(error);
	expect(error).toBeInstanceOf(NodeApiError);
	return error as NodeApiError & { description?: string };
}

function fault(injected: Fault, path: string, times = 1): void {
	fake.injectFault(injected, { path, times });
}

const cartList: PandaPonRequest = { method: 'GET', path: CART_LIST, idempotent: true };
const orderDetail: PandaPonRequest = {
	method: 'POST',
	path: ORDER_DETAIL,
	body: { webSite: '1688', orderId: new JsonInteger(BIG_ORDER_ID) },
	idempotent: true,
};
const createOrder: PandaPonRequest = {
	method: 'POST',
	path: ORDER_CREATE,
	body: {
		flow: 'general',
		addressParam: { fullName: '张三', mobile: '13800000000', provinceText: '浙江省', cityText: '杭州市', address: '文三路 1 号' },
		cargoParamList: [{ offerId: new JsonInteger('706627393257'), quantity: 1 }],
	},
	idempotent: false,
};

describe('a signed request', () => {
	it('is accepted by the fake and returns the envelope data', async () => {
		const data = await call(cartList);
		expect(fake.accepted(CART_LIST)).toHaveLength(1);
		expect(fake.requests).toHaveLength(1);
		expect(data).toBeDefined();
	});

	it('keeps 19-digit integer IDs of the response as exact strings', async () => {
		const data = (await call(orderDetail)) as { baseInfo: IDataObject };
		expect(data.baseInfo.id).toBe(BIG_ORDER_ID);
		expect(data.baseInfo.idOfStr).toBe(BIG_ORDER_ID);
		// The fake really sent a bare integer that JSON.parse would have rounded.
		const [detailRequest] = fake.accepted(ORDER_DETAIL);
		expect(detailRequest).toBeDefined();
	});

	it('writes JsonInteger values into the body as raw integer literals', async () => {
		await call(orderDetail);
		const [sent] = fake.accepted(ORDER_DETAIL);
		expect(sent.rawBody).toContain(`"orderId":${BIG_ORDER_ID}`);
		expect(sent.rawBody).not.toContain(`"orderId":"`);
		expect(sent.body).toEqual({ webSite: '1688', orderId: BIG_ORDER_ID });
	});

	it('sends the query of a GET and no body', async () => {
		const taobaoOrder = fake.state.taobaoOrders[0];
		const data = (await call({
			method: 'GET',
			path: '/open/order/detail/get',
			query: { orderId: taobaoOrder.orderId },
			idempotent: true,
		})) as IDataObject;
		const [sent] = fake.accepted('/open/order/detail/get');
		expect(sent.query).toEqual({ orderId: taobaoOrder.orderId });
		expect(sent.rawBody).toBe('');
		expect(JSON.stringify(data)).toContain(taobaoOrder.orderId);
	});
});

describe('errors', () => {
	it('turns a business error into a NodeApiError with code, msg and requestId', async () => {
		fake.injectFault({ type: 'businessError', code: 4031, msg: '余额不足 (balance too low)' }, { path: ORDER_DETAIL });
		const error = await failureOf(call(orderDetail));
		expect(error.message).toContain('4031');
		expect(error.message).toContain('余额不足 (balance too low)');
		expect(error.description).toMatch(/Request ID: [0-9a-f]{32}/);
		expect(error.httpCode).toBe('200');
		expect(fake.requests).toHaveLength(1);
	});

	it('says a rejected change was not applied', async () => {
		fake.injectFault({ type: 'businessError', code: 4000, msg: 'invalid parameter: flow' }, { path: ORDER_CREATE });
		const error = await failureOf(call(createOrder));
		expect(error.description).toContain('nothing was applied');
	});

	it('reports HTTP 404 with a hint about the path', async () => {
		const error = await failureOf(call({ method: 'POST', path: '/open/no/such/endpoint', body: {}, idempotent: true }));
		expect(error.message).toContain('HTTP 404');
		expect(error.message).toContain('/open/no/such/endpoint');
		expect(error.httpCode).toBe('404');
		expect(error.description).toMatch(/path may be wrong/);
		expect(fake.requests).toHaveLength(1);
	});

	it.each([
		['a read', () => cartList, 301],
		['a change', () => createOrder, 302],
	])('reports a redirect of %s instead of following it', async (_label, request, status) => {
		const target = request();
		// Pointing back at the fake: followed, the read would succeed and the change arrive as a GET.
		fault({ type: 'status', status, location: `${fake.url}${target.path}`, body: '' }, target.path);
		const error = await failureOf(call(target));
		expect(error.message).toContain(`HTTP ${status}`);
		expect(error.description).toContain(`redirected the request to ${fake.url}${target.path}`);
		expect(error.description).toMatch(/Base URL/);
		expect(fake.requests).toHaveLength(1);
	});

	it('reports HTTP 500 once, without retrying it', async () => {
		fault({ type: 'status', status: 500 }, CART_LIST);
		const error = await failureOf(call(cartList));
		expect(error.message).toContain('HTTP 500');
		expect(error.httpCode).toBe('500');
		expect(fake.requests).toHaveLength(1);
	});

	it.each([
		['an empty body', { type: 'empty' } as Fault, /empty answer/],
		['an HTML page', { type: 'html' } as Fault, /is not JSON/],
		['broken JSON', { type: 'brokenJson' } as Fault, /is not JSON/],
	])('reports %s clearly', async (_label, injected, message) => {
		fault(injected, CART_LIST);
		const error = await failureOf(call(cartList));
		expect(error.message).toMatch(message);
		expect(error.message).toContain(`GET ${CART_LIST}`);
		expect(error.description).toMatch(/Base URL/);
	});

	it('shows the start of an HTML page', async () => {
		fault({ type: 'html' }, CART_LIST);
		const error = await failureOf(call(cartList));
		expect(error.description).toContain('502 Bad Gateway');
	});

	it('reports a connection reset as a network error after retrying a read', async () => {
		fault({ type: 'reset' }, CART_LIST, 4);
		const error = await failureOf(call(cartList));
		expect(error.message).toBe(`Could not complete GET ${CART_LIST}: the connection was reset`);
		expect(error.description).toContain('tried 4 times');
		expect(error.description).toContain('ECONNRESET');
		expect(fake.requests).toHaveLength(4);
	});

	it("recognises a reset that n8n 1.x hands over with the errno only in httpCode", () => {
		// n8n 1.x wraps socket errors in a NodeApiError whose `cause` is gone.
		const wrapped = { message: 'The connection to the server was closed unexpectedly', httpCode: 'ECONNRESET', messages: ['read ECONNRESET'] };
		expect(networkErrorCode(wrapped)).toBe('ECONNRESET');
		expect(networkErrorCode({ message: 'Bad request', httpCode: '400' })).toBeUndefined();
	});

	it('reports an unreachable Base URL', async () => {
		const error = await failureOf(call(cartList, { ...credentials, baseUrl: 'http://127.0.0.1:9' }));
		expect(error.message).toBe(`Could not complete GET ${CART_LIST}: the connection was refused`);
		expect(error.description).toMatch(/Base URL/);
		expect(error.description).toContain('ECONNREFUSED');
	});

	it('says a change that never reached PandaPon was not applied', async () => {
		const error = await failureOf(call(createOrder, { ...credentials, baseUrl: 'http://127.0.0.1:9' }));
		expect(error.description).toContain('nothing was applied');
		expect(error.description).not.toMatch(/may or may not/);
	});

	it('blames the credential when the secret is wrong', async () => {
		const error = await failureOf(call(cartList, { ...credentials, accessSecret: WRONG_SECRET }));
		expect(error.message).toBe('PandaPon error 401: signature verification failed');
		expect(error.description).toContain('PandaPon credential');
		expect(error.description).toMatch(/Access Secret/);
		expect(fake.requests).toHaveLength(1);
		expect(fake.requests[0].rejection?.code).toBe(401);
	});

	it('points at the Timestamp Unit when the server expects the other unit', async () => {
		const error = await failureOf(call(cartList, { ...credentials, timestampUnit: 'seconds' }));
		expect(error.message).toMatch(/PandaPon error 408: timestamp expired/);
		expect(error.description).toContain('Timestamp Unit');
	});
});

describe('retries', () => {
	it('waits for Retry-After on HTTP 429, then succeeds (idempotent GET)', async () => {
		fault({ type: 'status', status: 429, retryAfter: '1' }, CART_LIST);
		const started = Date.now();
		await call(cartList);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(fake.requests).toHaveLength(2);
		expect(fake.accepted(CART_LIST)).toHaveLength(1);
	});

	it('re-signs each attempt with a fresh nonce', async () => {
		fault({ type: 'status', status: 503 }, CART_LIST, 2);
		await call(cartList);
		const nonces = fake.requests.map((sent) => sent.headers['nonce-str']);
		expect(new Set(nonces).size).toBe(3);
	});

	it('retries 503 twice, then succeeds on the third request', async () => {
		fault({ type: 'status', status: 503 }, CART_LIST, 2);
		await call(cartList);
		expect(fake.requests).toHaveLength(3);
	});

	it('gives up after exactly 4 requests on persistent 503', async () => {
		fault({ type: 'status', status: 503 }, CART_LIST, 10);
		const error = await failureOf(call(cartList));
		expect(fake.requests).toHaveLength(4);
		expect(error.message).toContain('HTTP 503');
		expect(error.description).toContain('all 4 attempts');
	});

	it('retries an idempotent POST read too', async () => {
		fault({ type: 'status', status: 502 }, ORDER_DETAIL, 1);
		await call(orderDetail);
		expect(fake.requests).toHaveLength(2);
	});

	it.each([
		['HTTP 503', { type: 'status', status: 503 } as Fault, /may or may not have applied/],
		['a connection reset', { type: 'reset' } as Fault, /may or may not have applied/],
		['HTTP 429', { type: 'status', status: 429, retryAfter: '1' } as Fault, /not retried automatically/],
		['an HTML page with HTTP 200', { type: 'html' } as Fault, /answer could not be read, so PandaPon may or may not have applied it/],
		['broken JSON with HTTP 200', { type: 'brokenJson' } as Fault, /answer could not be read, so PandaPon may or may not have applied it/],
		['an empty HTTP 200', { type: 'empty' } as Fault, /answer could not be read, so PandaPon may or may not have applied it/],
	])('never retries a create: %s fails after one request', async (_label, injected, advice) => {
		fault(injected, ORDER_CREATE, 5);
		const ordersBefore = fake.state.alibabaOrders.length;
		const error = await failureOf(call(createOrder));
		expect(fake.requests).toHaveLength(1);
		expect(error.description).toMatch(advice);
		expect(fake.state.alibabaOrders).toHaveLength(ordersBefore);
	});

	it('stops waiting when the execution is cancelled', async () => {
		fault({ type: 'status', status: 429, retryAfter: '30' }, CART_LIST);
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 100);
		const started = Date.now();
		const run = runWithExecuteContext({ credentials, abortSignal: controller.signal }, (context) =>
			request(context, cartList),
		);
		await expect(run).rejects.toBeDefined();
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(fake.requests).toHaveLength(1);
	});
});

describe('pagination over hundreds of records', () => {
	/** One element of the documented `refundOrderAggregates` (REFERENCE.md 5.3). */
	type Refund = { refundOrder: { refundId: string }; purchaseOrderLine: { purchaseOrderId: string } };
	const refundIdOf = (record: Refund) => record.refundOrder.refundId;
	type Card = { offerId: number | string };

	const refundList: PandaPonRequest = { method: 'POST', path: REFUND_LIST, body: {}, idempotent: true };
	const keywordSearch: PandaPonRequest = {
		method: 'POST',
		path: KEYWORD_SEARCH,
		body: { keyword: 'cup', country: 'en' },
		idempotent: true,
	};

	async function collect<T>(base: PandaPonRequest, options: PaginateOptions, on = fake): Promise<T[]> {
		const withCredentials = { ...on.credentials, baseUrl: on.url };
		const records = await runWithExecuteContext({ credentials: withCredentials }, (context) =>
			paginate(context, base, options),
		);
		receivedData.push(records);
		return records as T[];
	}

	function expectAllRefunds(records: Refund[], source = fake): void {
		const expected = new Map(source.state.taobaoRefunds.map((refund) => [refund.refundId, refund.purchaseOrderId]));
		expect(records).toHaveLength(REFUNDS);
		expect(new Set(records.map(refundIdOf)).size).toBe(REFUNDS);
		for (const record of records) {
			const { purchaseOrderId } = record.purchaseOrderLine;
			expect(typeof purchaseOrderId).toBe('string');
			expect(purchaseOrderId).toMatch(/^\d{19}$/);
			expect(purchaseOrderId).toBe(expected.get(refundIdOf(record)));
		}
	}

	it('pageNo style: every record once, big IDs intact, stops on the short last page', async () => {
		const records = await collect<Refund>(refundList, { style: 'pageNo', pageSize: 40 });
		expectAllRefunds(records);
		const pages = fake.accepted(REFUND_LIST).map((sent) => (sent.body as IDataObject).pageNo);
		expect(pages).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9'].map(Number));
	});

	it('pageNo style: stops on the total without asking for an empty page', async () => {
		const records = await collect<Refund>(refundList, { style: 'pageNo', pageSize: 50 });
		expectAllRefunds(records);
		expect(fake.accepted(REFUND_LIST)).toHaveLength(7);
	});

	it('beginPage style: every product once, in the documented shape', async () => {
		const records = await collect<Card>(keywordSearch, { style: 'beginPage', pageSize: 50 });
		expect(records).toHaveLength(PRODUCTS);
		const offerIds = records.map((record) => String(record.offerId));
		expect(new Set(offerIds).size).toBe(PRODUCTS);
		expect(new Set(offerIds)).toEqual(new Set(fake.state.alibabaProducts.map((product) => product.offerId)));
		const sent = fake.accepted(KEYWORD_SEARCH);
		expect(sent).toHaveLength(9);
		expect(sent.map((request) => (request.body as IDataObject).beginPage)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect((sent[0].body as IDataObject).keyword).toBe('cup');
	});

	it('respects a limit and fetches no more pages than it needs', async () => {
		const records = await collect<Refund>(refundList, { style: 'pageNo', pageSize: 20, limit: 55 });
		expect(records).toHaveLength(55);
		expect(new Set(records.map(refundIdOf)).size).toBe(55);
		expect(fake.accepted(REFUND_LIST)).toHaveLength(3);
	});

	it('stops on a short page when the server reports no total', async () => {
		const all = Array.from({ length: 130 }, (_, index) => ({ id: new JsonInteger(`90000000000000000${String(index).padStart(2, '0')}`) }));
		fake.on('POST', '/open/custom/list', (sent) => {
			const { pageNo, pageSize } = sent.body as { pageNo: number; pageSize: number };
			return all.slice((pageNo - 1) * pageSize, pageNo * pageSize);
		});
		const records = await collect<{ id: string }>(
			{ method: 'POST', path: '/open/custom/list', body: {}, idempotent: true },
			{ style: 'pageNo', pageSize: 50 },
		);
		expect(records.map((record) => record.id)).toEqual(all.map((record) => record.id.digits));
		expect(fake.accepted('/open/custom/list')).toHaveLength(3);
	});

	it('throws a NodeOperationError instead of silently truncating at maxPages', async () => {
		const run = collect<Refund>(refundList, { style: 'pageNo', pageSize: 10, maxPages: 3 });
		const error = await run.catch((caught: unknown) => caught);
		provokedErrors.push(error);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toContain('Stopped after 3 pages');
		expect(fake.accepted(REFUND_LIST)).toHaveLength(3);
	});

	it('gets every record when the server silently caps the page size', async () => {
		const capped = await FakePandaPon.start({ seed: { refunds: REFUNDS }, maxPageSize: 25 });
		try {
			const records = await collect<Refund>(refundList, { style: 'pageNo', pageSize: 40 }, capped);
			expectAllRefunds(records, capped);
		} finally {
			await capped.close();
		}
	});
});

describe('through the PandaPon node (WorkflowExecute, continue on fail)', () => {
	const nodeType = new PandaPon();
	const parameters = {
		resource: 'customApiCall',
		operation: 'call',
		method: 'POST',
		path: ORDER_DETAIL,
		body: `{"webSite":"1688","orderId":${BIG_ORDER_ID}}`,
		idempotent: true,
	};

	it('outputs the big ID with every digit', async () => {
		const output = await executeNode(nodeType, { parameters, credentials });
		receivedData.push(output);
		expect((output[0][0].json.baseInfo as IDataObject).id).toBe(BIG_ORDER_ID);
		expect(fake.accepted(ORDER_DETAIL)[0].rawBody).toContain(`"orderId":${BIG_ORDER_ID}`);
	});

	it('puts the error into the output item when set to continue', async () => {
		const output = await executeNode(nodeType, {
			parameters,
			credentials: { ...credentials, accessSecret: WRONG_SECRET },
			continueOnFail: true,
		});
		receivedData.push(output);
		expect(output[0]).toHaveLength(1);
		expect(output[0][0].json.error).toBe('PandaPon error 401: signature verification failed');
		expect(output[0][0].pairedItem).toEqual({ item: 0 });
	});

	it('loads the credential once per node run, yet signs every request afresh', async () => {
		const items = Array.from({ length: 12 }, () => ({ json: {} }));
		const decryptions = jest.spyOn(HarnessCredentialsHelper.prototype, 'getDecrypted');
		try {
			const output = await executeNode(nodeType, { parameters, credentials, items });
			receivedData.push(output);
			expect(output[0]).toHaveLength(12);
			expect(decryptions).toHaveBeenCalledTimes(1);
		} finally {
			decryptions.mockRestore();
		}
		const nonces = fake.accepted(ORDER_DETAIL).map((accepted) => accepted.headers['nonce-str']);
		expect(new Set(nonces).size).toBe(12);
	});

	it("fails the run otherwise, with the transport's message and advice", async () => {
		fault({ type: 'status', status: 503 }, ORDER_DETAIL, 10);
		const error = await executeNode(nodeType, { parameters, credentials }).catch((caught: unknown) => caught);
		provokedErrors.push(error);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('503');
		expect((error as Error).message).toContain(`HTTP 503 to POST ${ORDER_DETAIL}`);
		expect((error as { description?: string }).description).toContain('all 4 attempts');
		expect(fake.requests).toHaveLength(4);
	});
});

describe('the Access Secret', () => {
	function everyRendering(value: unknown): string[] {
		const error = value as { message?: unknown; description?: unknown; stack?: unknown; cause?: unknown };
		const renderings = [inspect(value, { depth: 12, showHidden: true })];
		try {
			renderings.push(JSON.stringify(value) ?? '');
		} catch {
			// Circular structures cannot be stringified; inspect above still covers them.
		}
		if (value instanceof Error) {
			renderings.push(String(error.message), String(error.description), String(error.stack));
			renderings.push(inspect(error.cause, { depth: 12, showHidden: true }));
		}
		return renderings;
	}

	it('never appears in any provoked error or any output', () => {
		expect(provokedErrors.length).toBeGreaterThan(15);
		expect(receivedData.length).toBeGreaterThan(5);
		for (const value of [...provokedErrors, ...receivedData]) {
			for (const rendering of everyRendering(value)) {
				expect(rendering).not.toContain(fake.credentials.accessSecret);
				expect(rendering).not.toContain(WRONG_SECRET);
			}
		}
	});

	it('is never sent over the wire', async () => {
		await call(orderDetail);
		const secret = fake.credentials.accessSecret;
		for (const sent of fake.requests) {
			expect(JSON.stringify(sent.headers)).not.toContain(secret);
			expect(sent.rawBody).not.toContain(secret);
		}
	});
});
