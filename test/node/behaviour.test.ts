import { NodeApiError, NodeOperationError, type INodeExecutionData } from 'n8n-workflow';

import { PandaPon } from '../../nodes/PandaPon/PandaPon.node';
import { retryPolicy } from '../../nodes/shared/transport';
import { FakePandaPon } from '../fake-pandapon';
import { binaryItem, executeNode, loadOptions } from '../harness';

const node = new PandaPon();
let fake: FakePandaPon;
const credentials = () => ({ ...fake.credentials, baseUrl: fake.url });
const savedDelay = retryPolicy.baseDelayMs;

beforeAll(async () => {
	retryPolicy.baseDelayMs = 5;
	fake = await FakePandaPon.start({ seed: { refunds: 537, products: 233 } });
});
afterAll(async () => {
	retryPolicy.baseDelayMs = savedDelay;
	await fake.close();
});
beforeEach(() => fake.reset());

const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

describe('Return All', () => {
	const refundList = { resource: 'taobaoRefund', operation: 'getAll', returnAll: true };

	it('returns every refund exactly once, with every digit of every ID', async () => {
		const [items] = await executeNode(node, { parameters: refundList, credentials: credentials() });
		const expectedIds = fake.state.taobaoRefunds.map((refund) => refund.refundId).sort();
		const refundIds = json(items).map((record) => String(record.refundId));
		expect(refundIds).toHaveLength(537);
		expect(new Set(refundIds).size).toBe(537);
		expect([...refundIds].sort()).toEqual(expectedIds);
		const purchaseOrderIds = new Set(fake.state.taobaoRefunds.map((refund) => refund.purchaseOrderId));
		for (const record of json(items)) expect(purchaseOrderIds.has(String(record.purchaseOrderId))).toBe(true);
		expect(json(items).some((record) => /^\d{19}$/.test(String(record.purchaseOrderId)))).toBe(true);
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(fake.accepted()).toHaveLength(Math.ceil(537 / 50));
	});

	it('stays exact when PandaPon silently caps the page size below what was asked', async () => {
		const capped = await FakePandaPon.start({ seed: { refunds: 537 }, maxPageSize: 20 });
		try {
			const [items] = await executeNode(node, { parameters: refundList, credentials: { ...capped.credentials, baseUrl: capped.url } });
			const refundIds = json(items).map((record) => String(record.refundId));
			expect(new Set(refundIds).size).toBe(537);
			expect([...refundIds].sort()).toEqual(capped.state.taobaoRefunds.map((refund) => refund.refundId).sort());
		} finally {
			await capped.close();
		}
	});

	it('pages 1688 searches by beginPage until the reported total', async () => {
		const parameters = { resource: 'alibabaProduct', operation: 'search', keyword: 'phone', returnAll: true };
		const [items] = await executeNode(node, { parameters, credentials: credentials() });
		const pages = fake.accepted('/alibaba/product/keywords/query');
		const pageSize = (pages[0].body as { pageSize: number }).pageSize;
		const offerIds = json(items).map((record) => String(record.offerId));
		expect(new Set(offerIds).size).toBe(offerIds.length);
		expect(offerIds.length).toBeGreaterThan(pageSize);
		// It stopped on the page that completed the total: every page but the last was full.
		expect(offerIds.length).toBeGreaterThan((pages.length - 1) * pageSize);
		expect(offerIds.length).toBeLessThanOrEqual(pages.length * pageSize);
		expect(pages.map((page) => (page.body as { beginPage: number }).beginPage)).toEqual(pages.map((_, index) => index + 1));
	});

	it('stops at the limit without fetching further pages', async () => {
		const parameters = { resource: 'taobaoRefund', operation: 'getAll', returnAll: false, limit: 7 };
		const [items] = await executeNode(node, { parameters, credentials: credentials() });
		expect(items).toHaveLength(7);
		expect(fake.accepted()).toHaveLength(1);
		expect((fake.accepted()[0].body as { pageSize: number }).pageSize).toBe(7);
	});
});

describe('bad input', () => {
	it('names the missing field and the item', async () => {
		const parameters = { resource: 'taobaoRefund', operation: 'get', refundId: '={{ $json.refundId }}' };
		const error = await executeNode(node, {
			parameters,
			items: [{ json: { refundId: '110002685755' } }, { json: { refundId: '' } }],
			credentials: credentials(),
		}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toBe('"Refund ID" is required (item 1)');
		expect((error as NodeOperationError).description).toContain('Refund ID');
	});

	it('refuses an integer ID that is not digits, and one that already lost digits as a number', async () => {
		const parameters = {
			resource: 'alibabaOrder',
			operation: 'cancel',
			orderId: '={{ $json.orderId }}',
			cancelReason: 'buyerCancel',
		};
		const [items] = await executeNode(node, {
			parameters,
			items: [{ json: { orderId: '12ab' } }, { json: { orderId: 2019601741959504495 } }, { json: { orderId: '2019601741959504495' } }],
			credentials: credentials(),
			continueOnFail: true,
		});
		expect(items).toHaveLength(3);
		expect(items[0].json.error).toBe('"Order ID" must be a whole number, got "12ab" (item 0)');
		expect(String(items[1].json.error)).toContain('too large to be exact');
		expect(items[2].json.error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const sent = fake.accepted('/alibaba/order/cancel');
		expect(sent).toHaveLength(1);
		expect(sent[0].rawBody).toContain('"orderId":2019601741959504495');
	});

	it('refuses a whole object or list where one value belongs, instead of sending "[object Object]"', async () => {
		const parameters = { resource: 'taobaoRefund', operation: 'get', refundId: '={{ $json.refundId }}' };
		const [items] = await executeNode(node, {
			parameters,
			items: [{ json: { refundId: { id: '110002685755' } } }, { json: { refundId: ['110002685755'] } }],
			credentials: credentials(),
			continueOnFail: true,
		});
		expect(items.map((item) => item.json.error)).toEqual([
			'"Refund ID" must be a single value, got an object (item 0)',
			'"Refund ID" must be a single value, got a list (item 1)',
		]);
		expect(fake.requests).toHaveLength(0);
	});

	it('turns each failure into an error item and keeps going with continueOnFail', async () => {
		const parameters = { resource: 'taobaoRefund', operation: 'get', refundId: '={{ $json.refundId }}' };
		const [items] = await executeNode(node, {
			parameters,
			items: [{ json: { refundId: '110002685755' } }, { json: { refundId: '999' } }, { json: { refundId: '' } }],
			credentials: credentials(),
			continueOnFail: true,
		});
		expect(items).toHaveLength(3);
		expect(items[0].json.refundId).toBe('110002685755');
		expect(String(items[1].json.error)).toMatch(/^PandaPon error 4004: refund does not exist/);
		expect(String(items[1].json.description)).toContain('Request ID');
		expect(items[2].json.error).toBe('"Refund ID" is required (item 2)');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('rejects an image URL that is not http(s) and a missing binary property', async () => {
		const parameters = { resource: 'alibabaProduct', operation: 'searchByImage', imageSource: 'url', imageUrl: 'ftp://x/y.jpg' };
		const [byUrl] = await executeNode(node, { parameters, credentials: credentials(), continueOnFail: true });
		expect(byUrl[0].json.error).toBe('"Image URL" must start with http:// or https://, got "ftp://x/y.jpg" (item 0)');
		const binary = { ...parameters, imageSource: 'binary', binaryPropertyName: 'photo' };
		const [byBinary] = await executeNode(node, { parameters: binary, credentials: credentials(), continueOnFail: true });
		expect(byBinary[0].json.error).toBe('The input item has no binary field "photo" (item 0)');
		expect(fake.requests).toHaveLength(0);
	});
});

describe('picture search from a binary file', () => {
	it('sends the image bytes as raw base64', async () => {
		const image = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
		const item = await binaryItem({ data: { data: image, fileName: 'shoe.jpg', mimeType: 'image/jpeg' } });
		const parameters = { resource: 'taobaoProduct', operation: 'searchByImage', imageSource: 'binary', limit: 5 };
		await executeNode(node, { parameters, items: [item], credentials: credentials() });
		const [sent] = fake.accepted('/open/product/image/query');
		expect((sent.body as { imageBase64: string }).imageBase64).toBe(image.toString('base64'));
	});
});

describe('throughput', () => {
	const parameters = (concurrency: number) => ({
		resource: 'taobaoRefund',
		operation: 'get',
		refundId: '={{ $json.refundId }}',
		options: { concurrency },
	});
	const inputs = () => fake.state.taobaoRefunds.slice(0, 10).map((refund) => ({ json: { refundId: refund.refundId } }));

	it('runs items concurrently but keeps output in input order', async () => {
		fake.injectFault({ type: 'delay', ms: 300 }, { times: 1 });
		const [items] = await executeNode(node, { parameters: parameters(5), items: inputs(), credentials: credentials() });
		const expected = inputs().map((input) => input.json.refundId);
		expect(items.map((item) => item.json.refundId)).toEqual(expected);
		expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual(expected.map((_, index) => index));
		const [first, , , , fifth] = fake.requests;
		expect(fifth.receivedAt - first.receivedAt).toBeLessThan(250);
	});

	it('runs one item at a time with concurrency 1', async () => {
		fake.injectFault({ type: 'delay', ms: 300 }, { times: 1 });
		await executeNode(node, { parameters: parameters(1), items: inputs().slice(0, 3), credentials: credentials() });
		const [first, second] = fake.requests;
		expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(290);
	});

	it('reports the first failing item, as a sequential run would, and starts nothing after it', async () => {
		const items = inputs();
		items[2] = { json: { refundId: '404404' } };
		items[6] = { json: { refundId: '404405' } };
		const error = await executeNode(node, { parameters: parameters(3), items, credentials: credentials() }).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toContain('refund does not exist: 404404');
		expect(fake.requests.length).toBeLessThan(10);
	});
});

describe('Custom API Call', () => {
	it('signs any path and sends the JSON body with integers exactly as typed', async () => {
		const parameters = {
			resource: 'customApiCall',
			operation: 'call',
			method: 'POST',
			path: '/alibaba/order/cancel',
			body: '{"webSite":"1688","orderId":2019601741959504495,"cancelReason":"other"}',
		};
		const [items] = await executeNode(node, { parameters, credentials: credentials() });
		const [sent] = fake.accepted('/alibaba/order/cancel');
		expect(sent.rawBody).toBe('{"webSite":"1688","orderId":2019601741959504495,"cancelReason":"other"}');
		expect(items).toHaveLength(1);
	});

	it('sends query parameters on GET and returns data', async () => {
		const parameters = {
			resource: 'customApiCall',
			operation: 'call',
			method: 'GET',
			path: '/open/order/refund/query',
			queryParameters: { parameters: [{ name: 'refundId', value: '110002685755' }] },
		};
		const [items] = await executeNode(node, { parameters, credentials: credentials() });
		expect(fake.accepted()[0].query).toEqual({ refundId: '110002685755' });
		expect(items[0].json.refundOrderAggregate).toBeDefined();
	});

	it('does not retry a POST unless marked safe to retry', async () => {
		const base = { resource: 'customApiCall', operation: 'call', method: 'POST', path: '/open/address/get', body: '{}' };
		fake.injectFault({ type: 'status', status: 503 }, { times: 5 });
		const error = await executeNode(node, { parameters: base, credentials: credentials() }).catch((caught: unknown) => caught);
		expect((error as NodeApiError).description).toContain('may or may not have applied it');
		expect(fake.requests).toHaveLength(1);

		fake.reset();
		fake.injectFault({ type: 'status', status: 503 }, { times: 2 });
		await executeNode(node, { parameters: { ...base, idempotent: true }, credentials: credentials() });
		expect(fake.requests).toHaveLength(3);
	});

	it('explains a path without a leading slash and JSON that does not parse', async () => {
		const base = { resource: 'customApiCall', operation: 'call', method: 'POST' };
		const [items] = await executeNode(node, {
			parameters: { ...base, path: '={{ $json.path }}', body: '={{ $json.body }}' },
			items: [{ json: { path: 'open/x', body: '{}' } }, { json: { path: '/open/x', body: '{"a":' } }],
			credentials: credentials(),
			continueOnFail: true,
		});
		expect(items[0].json.error).toBe('"Path" must start with /, got "open/x" (item 0)');
		expect(items[1].json.error).toBe('"Body (JSON)" is not valid JSON (item 1)');
		expect(fake.requests).toHaveLength(0);
	});
});

describe('dropdowns loaded from PandaPon', () => {
	it('lists saved addresses, 1688 carriers and refund reasons', async () => {
		const addresses = await loadOptions(node, 'getSavedAddresses', { parameters: {}, credentials: credentials() });
		expect(addresses.length).toBeGreaterThan(0);
		for (const option of addresses) expect(String(option.value)).toMatch(/^\d+$/);

		const carriers = await loadOptions(node, 'get1688LogisticsCompanies', { parameters: {}, credentials: credentials() });
		expect(carriers.length).toBeGreaterThan(0);
		expect(carriers.map((option) => option.name)).toEqual([...carriers.map((option) => option.name)].sort((a, b) => a.localeCompare(b)));

		const reasons = await loadOptions(node, 'get1688RefundReasons', {
			parameters: { resource: 'alibabaRefund', operation: 'create', orderId: '2019601741959504495', goodsStatus: 'refundWaitSellerSend' },
			credentials: credentials(),
		});
		expect(reasons.length).toBeGreaterThan(0);
		const [sent] = fake.accepted('/alibaba/refund/reason/list');
		expect(sent.rawBody).toContain('"orderId":2019601741959504495');
	});

	it('asks for the order first when refund reasons cannot be loaded yet', async () => {
		const error = await loadOptions(node, 'get1688RefundReasons', {
			parameters: { resource: 'alibabaRefund', operation: 'create' },
			credentials: credentials(),
		}).catch((caught: unknown) => caught);
		expect((error as Error).message).toBe('Enter the Order ID and Goods Status first');
	});
});
