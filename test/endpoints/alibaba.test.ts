/**
 * The special encodings of the 1688 tables, run through the real node in n8n-core against
 * the fake PandaPon: exact integer literals for int64 IDs, the address and cargo groups,
 * `webSite` constants (body and query), the JSON-encoded `sort`, refundId in body and query,
 * and the simplified order and product details.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { PandaPon } from '../../nodes/PandaPon/PandaPon.node';
import { FakePandaPon, type RecordedRequest } from '../fake-pandapon';
import { DOCS_ALIBABA_ADDRESS } from '../fake-pandapon/fixtures';
import { executeNode, type HarnessCredentials } from '../harness';

const OFFER_ID = '706627393257';
const SPEC_ID = '0a7d3b5e8c1f4a2b9e6d7c8b5a4f3e2d';
const ORDER_ID = '2542285634920880794';
const LINE_IDS = ['2019601741959504495', '2019601741959504496'];

/** The receiver address of PandaPon's 1688 docs example. */
const ADDRESS = { ...DOCS_ALIBABA_ADDRESS };

const node = new PandaPon();
let fake: FakePandaPon;
let credentials: HarnessCredentials;

beforeAll(async () => {
	fake = await FakePandaPon.start();
	credentials = { ...fake.credentials, baseUrl: fake.url };
});
afterAll(async () => fake.close());
beforeEach(() => fake.reset());

async function run(parameters: INodeParameters, items?: INodeExecutionData[]): Promise<IDataObject[]> {
	const [output] = await executeNode(node, { parameters, credentials, items });
	return output.map((item) => item.json);
}

/** The one accepted request to `path`. */
function sentTo(path: string): RecordedRequest {
	const requests = fake.accepted(path);
	expect(requests).toHaveLength(1);
	return requests[0];
}

function createOrderParameters(overrides: IDataObject = {}): INodeParameters {
	return {
		resource: 'alibabaOrder',
		operation: 'create',
		cargoParamList: { values: [{ offerId: OFFER_ID, specId: SPEC_ID, quantity: 2 }] },
		addressParam: { values: ADDRESS },
		additionalFields: { message: 'please pack well' },
		...overrides,
	} as INodeParameters;
}

describe('1688 order', () => {
	it('create sends the address object and cargo lines, with offerId as an exact integer literal', async () => {
		const [created] = await run(createOrderParameters());

		const sent = sentTo('/alibaba/order/create');
		expect(sent.rawBody).toContain(`"cargoParamList":[{"offerId":${OFFER_ID},"specId":"${SPEC_ID}","quantity":2}]`);
		expect(sent.body).toEqual({
			cargoParamList: [{ offerId: 706627393257, specId: SPEC_ID, quantity: 2 }],
			addressParam: ADDRESS,
			flow: 'general',
			message: 'please pack well',
		});
		// The fake answers with a 19-digit integer: it must come out with every digit, as text.
		expect(created.orderId).toMatch(/^\d{19}$/);
	});

	it('create refuses an address without a required part, before calling PandaPon', async () => {
		const { townText: _omitted, ...withoutTown } = ADDRESS;
		await expect(run(createOrderParameters({ addressParam: { values: withoutTown } }))).rejects.toThrow('"Town" is required');
		expect(fake.accepted()).toHaveLength(0);
	});

	it('multi-seller create sends one list of cargo lines with their sellers and no address when none is given', async () => {
		await run({
			resource: 'alibabaOrder',
			operation: 'createMultiSeller',
			cargoParamList: {
				values: [
					{ offerId: OFFER_ID, specId: SPEC_ID, quantity: 1, sellerOpenId: 'BBBgGWh2O6JFI6v1aQuZVgRIA' },
					{ offerId: '706627393258', specId: SPEC_ID, quantity: 3 },
				],
			},
		});

		const sent = sentTo('/alibaba/order/batch/create');
		expect(sent.rawBody).toContain(
			`"cargoParamList":[{"offerId":${OFFER_ID},"specId":"${SPEC_ID}","quantity":1,"sellerOpenId":"BBBgGWh2O6JFI6v1aQuZVgRIA"},` +
				`{"offerId":706627393258,"specId":"${SPEC_ID}","quantity":3}]`,
		);
		expect(sent.body).not.toHaveProperty('addressParam');
	});

	it('cancel sends webSite "1688" and the 19-digit orderId as an integer literal', async () => {
		await run({ resource: 'alibabaOrder', operation: 'cancel', orderId: ORDER_ID, cancelReason: '不想要了' });

		const sent = sentTo('/alibaba/order/cancel');
		expect(sent.rawBody).toBe(`{"webSite":"1688","orderId":${ORDER_ID},"cancelReason":"不想要了"}`);
	});

	it('cancel refuses an order ID that already lost digits as a number', async () => {
		await expect(
			run({ resource: 'alibabaOrder', operation: 'cancel', orderId: 2542285634920880600, cancelReason: 'x' }),
		).rejects.toThrow('too large to be exact');
		expect(fake.accepted()).toHaveLength(0);
	});

	it('get sends the orderId as a string with webSite, and Simplify keeps status, amounts, lines and IDs as text', async () => {
		const [created] = await run(createOrderParameters());
		const orderId = String(created.orderId);

		const [simplified] = await run({ resource: 'alibabaOrder', operation: 'get', orderId, simplify: true });

		expect(sentTo('/alibaba/order/detail').rawBody).toBe(`{"webSite":"1688","orderId":"${orderId}"}`);
		expect(simplified).toMatchObject({
			orderId,
			status: 'waitbuyerpay',
			receiver: { contactPerson: 'zhang', province: '浙江省', city: '杭州市', address: ADDRESS.address },
		});
		expect(simplified).toHaveProperty('totalAmount');
		const items = simplified.items as IDataObject[];
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ productID: 706627393257, specId: SPEC_ID, quantity: 2 });
		expect(items[0].subItemID).toMatch(/^\d{19}$/);
		expect(simplified).not.toHaveProperty('tradeTerms');

		const [raw] = await run({ resource: 'alibabaOrder', operation: 'get', orderId, simplify: false });
		expect(raw).toHaveProperty('baseInfo.idOfStr', orderId);
		expect(raw).toHaveProperty('tradeTerms');
	});

	it('confirm receipt sends orderId and order line IDs as integer literals', async () => {
		await run({
			resource: 'alibabaOrder',
			operation: 'confirmReceipt',
			orderId: ORDER_ID,
			additionalFields: { orderEntryIds: LINE_IDS.join(', ') },
		});

		expect(sentTo('/alibaba/order/receivegoods').rawBody).toBe(
			`{"orderId":${ORDER_ID},"orderEntryIds":[${LINE_IDS.join(',')}]}`,
		);
	});

	it('pay many sends the order IDs as strings', async () => {
		await run({ resource: 'alibabaOrder', operation: 'payMany', orderIds: `${ORDER_ID},${LINE_IDS[0]}` });

		expect(sentTo('/alibaba/order/batch/submit/to/pay').rawBody).toBe(`{"orderIds":["${ORDER_ID}","${LINE_IDS[0]}"]}`);
	});

	it('tracking (GET) sends webSite "1688" and the orderId in the query', async () => {
		const [created] = await run(createOrderParameters());
		await run({ resource: 'alibabaOrder', operation: 'getTracking', orderId: String(created.orderId) });

		const sent = sentTo('/alibaba/order/logistics/trace');
		expect(sent.method).toBe('GET');
		expect(sent.query).toEqual({ webSite: '1688', orderId: String(created.orderId) });
		expect(sent.rawBody).toBe('');
	});
});

describe('1688 refund', () => {
	const createRefund = (orderId: string) =>
		run({
			resource: 'alibabaRefund',
			operation: 'create',
			orderId,
			disputeRequest: 'returnRefund',
			goodsStatus: 'refundBuyerReceived',
			applyReasonId: '20007', // as the dropdown yields it
			applyPayment: 1250,
			applyCarriage: 0,
			description: '质量问题',
			additionalFields: {
				orderEntryIds: LINE_IDS.join(','),
				orderEntryCountList: { values: [{ id: LINE_IDS[0], count: 2 }] },
				vouchers: 'https://cbu01.alicdn.com/img/ibank/refund/a.jpg',
			},
		});

	it('create sends orderId, order line IDs and per-line counts as integer literals', async () => {
		const [created] = await createRefund(ORDER_ID);

		const sent = sentTo('/alibaba/refund/detail/create');
		expect(sent.rawBody).toContain(`"orderId":${ORDER_ID},`);
		expect(sent.rawBody).toContain(`"orderEntryIds":[${LINE_IDS.join(',')}]`);
		expect(sent.rawBody).toContain(`"orderEntryCountList":[{"id":${LINE_IDS[0]},"count":2}]`);
		expect(sent.body).toMatchObject({
			disputeRequest: 'returnRefund',
			goodsStatus: 'refundBuyerReceived',
			applyReasonId: 20007,
			applyPayment: 1250,
			applyCarriage: 0,
			description: '质量问题',
			vouchers: ['https://cbu01.alicdn.com/img/ibank/refund/a.jpg'],
		});
		expect(created.refundId).toEqual(expect.any(String));
	});

	it('get sends refundId in both the body and the query', async () => {
		const [created] = await createRefund(ORDER_ID);
		const refundId = String(created.refundId);

		const [refund] = await run({ resource: 'alibabaRefund', operation: 'get', refundId });

		const sent = sentTo('/alibaba/refund/info');
		expect(sent.query).toEqual({ refundId });
		expect(sent.rawBody).toBe(`{"refundId":"${refundId}"}`);
		expect(refund).toMatchObject({ refundId, applyPayment: 1250, applyReasonId: 20007 });
	});

	it('reasons are asked for with the orderId as an integer literal and the goods status', async () => {
		await run({ resource: 'alibabaRefund', operation: 'getReasons', orderId: ORDER_ID, goodsStatus: 'refundWaitSellerSend' });

		expect(sentTo('/alibaba/refund/reason/list').rawBody).toBe(`{"orderId":${ORDER_ID},"goodsStatus":"refundWaitSellerSend"}`);
	});
});

describe('1688 product searches', () => {
	it('keyword search sends sort as a JSON-encoded string, country "en" by default and beginPage paging', async () => {
		const products = await run({
			resource: 'alibabaProduct',
			operation: 'search',
			keyword: '男鞋',
			returnAll: false,
			limit: 5,
			additionalFields: { sort: '{"price":"desc"}', priceStart: '1.50', priceEnd: '9999', categoryId: '' },
		});

		const [sent] = fake.accepted('/alibaba/product/keywords/query');
		expect(sent.rawBody).toContain('"sort":"{\\"price\\":\\"desc\\"}"');
		expect(sent.body).toEqual({
			country: 'en',
			keyword: '男鞋',
			sort: '{"price":"desc"}',
			priceStart: '1.50',
			priceEnd: '9999',
			beginPage: 1,
			pageSize: 5,
		});
		expect(products.length).toBeGreaterThan(0);
		expect(products.length).toBeLessThanOrEqual(5);
	});

	it('a language set by the user replaces the default country', async () => {
		await run({ resource: 'alibabaProduct', operation: 'search', keyword: 'shoes', limit: 1, additionalFields: { country: 'vi' } });

		expect(fake.accepted('/alibaba/product/keywords/query')[0].body).toMatchObject({ country: 'vi' });
	});

	it('picture search sends the binary image as raw base64 and an integer categoryId as a literal', async () => {
		const image = Buffer.from('fake jpeg bytes');
		await run(
			{
				resource: 'alibabaProduct',
				operation: 'searchByImage',
				imageSource: 'binary',
				binaryPropertyName: 'data',
				limit: 2,
				additionalFields: { categoryId: '72', sort: '{"price":"asc"}' },
			},
			[{ json: {}, binary: { data: { data: image.toString('base64'), mimeType: 'image/jpeg', fileName: 'a.jpg' } } }],
		);

		const [sent] = fake.accepted('/alibaba/product/image/query');
		expect(sent.rawBody).toContain('"categoryId":72');
		expect(sent.rawBody).toContain('"sort":"{\\"price\\":\\"asc\\"}"');
		expect(sent.body).toMatchObject({ imageBase64: image.toString('base64'), country: 'en', beginPage: 1, pageSize: 2 });
	});
});

describe('1688 product details and cart', () => {
	it('get by URL sends offerId as an integer literal, and Simplify lists the SKUs with their specId', async () => {
		const [product] = await run({
			resource: 'alibabaProduct',
			operation: 'get',
			productId: { __rl: true, mode: 'url', value: `https://detail.1688.com/offer/${OFFER_ID}.html` },
			simplify: true,
		});

		expect(sentTo('/alibaba/product/detail/get').rawBody).toBe(`{"country":"en","offerId":${OFFER_ID}}`);
		expect(product).toMatchObject({ offerId: 706627393257, subject: expect.any(String), images: expect.any(Array) });
		const skus = product.skus as IDataObject[];
		expect(skus.length).toBeGreaterThan(0);
		expect(skus[0]).toEqual(expect.objectContaining({ specId: expect.stringMatching(/^[0-9a-f]{32}$/), price: expect.anything() }));
		expect(product).not.toHaveProperty('description');
	});

	it('cart line IDs go out as integer literals', async () => {
		await run({ resource: 'alibabaCart', operation: 'delete', cartIds: '75, 76' });
		await run({ resource: 'alibabaCart', operation: 'updateQuantity', cartId: '75', quantity: 3 });

		expect(sentTo('/alibaba/cart/delete').rawBody).toBe('{"cartIds":[75,76]}');
		expect(sentTo('/alibaba/cart/edit-quantity').rawBody).toBe('{"id":75,"quantity":3}');
	});

	it('create order from the cart sends the one documented flow unasked, cart line IDs and the address with its district code', async () => {
		await run({
			resource: 'alibabaCart',
			operation: 'createOrder',
			cartIds: '75',
			additionalFields: { addressParam: { values: { ...ADDRESS, districtCode: '330106' } } },
		});

		const sent = sentTo('/alibaba/cart/create/order');
		expect(sent.rawBody).toContain('"cartIds":[75]');
		expect(sent.body).toEqual({ cartIds: [75], flow: 'general', addressParam: { ...ADDRESS, districtCode: '330106' } });
	});
});
