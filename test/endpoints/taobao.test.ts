/**
 * The special encodings of the Taobao, cart, address and warehouse-logistics tables, run
 * through n8n-core against the fake PandaPon. Literals are checked on the raw body text,
 * where a rounded or quoted ID would show.
 */
import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';

import { PandaPon } from '../../nodes/PandaPon/PandaPon.node';
import { productIdFromUrlPattern } from '../../nodes/PandaPon/description';
import { parseLossless } from '../../nodes/shared/losslessJson';
import { FakePandaPon, type RecordedRequest } from '../fake-pandapon';
import { executeNode } from '../harness';

const node = new PandaPon();
let fake: FakePandaPon;

beforeAll(async () => {
	fake = await FakePandaPon.start();
});
afterAll(async () => fake.close());
beforeEach(() => fake.reset());

async function run(parameters: INodeParameters, items?: Parameters<typeof executeNode>[1]['items']): Promise<IDataObject[]> {
	const [output] = await executeNode(node, { parameters, items, credentials: { ...fake.credentials, baseUrl: fake.url } });
	return output.map((item) => item.json);
}

function onlyRequest(path: string): RecordedRequest {
	const requests = fake.accepted(path);
	expect(requests).toHaveLength(1);
	return requests[0];
}

/** The body as sent, with every integer kept as its digits (JsonInteger → string via toJSON). */
function bodyOf(request: RecordedRequest): IDataObject {
	return JSON.parse(JSON.stringify(parseLossless(request.rawBody, { bigIntegers: 'literal' }))) as IDataObject;
}

const RECEIVER = {
	values: {
		name: 'a测试aa',
		mobilePhone: '15068763421',
		country: '中国',
		state: '浙江省',
		city: '杭州市',
		district: '余杭区',
		address: '测试地址',
		zip: '11111',
	},
};

describe('Taobao Order', () => {
	it('Create sends order lines and receiver as JSON strings, with exact integer IDs inside', async () => {
		const [order] = await run({
			resource: 'taobaoOrder',
			operation: 'create',
			orderLineList: {
				values: [
					{ itemId: '600126245031041190', skuId: '5016042822039', quantity: 200, price: '1', currency: 'CNY', orderLineNo: '1' },
					{ itemId: '600129202197070073', skuId: '4860968496626', quantity: 200, price: '1', currency: 'CNY' },
				],
			},
			purchaseAmount: '400',
			receiver: RECEIVER,
			additionalFields: { orderSource: 'lazada', sellerOrderNumber: 'SO-1' },
		});

		const sent = onlyRequest('/open/order');
		// 18-digit item IDs exceed 2^53: they must be integer literals with every digit.
		expect(sent.rawBody).toContain('\\"itemId\\":600126245031041190,');
		expect(sent.rawBody).toContain('\\"itemId\\":600129202197070073,');
		expect(sent.rawBody).toContain('\\"skuId\\":5016042822039,');
		expect(sent.rawBody).toContain('"purchaseAmount":400,');

		const body = bodyOf(sent);
		expect(typeof body.orderLineList).toBe('string');
		expect(body.orderLineList).toBe(
			'[{"itemId":600126245031041190,"skuId":5016042822039,"quantity":200,"price":"1","currency":"CNY","orderLineNo":"1"},' +
				'{"itemId":600129202197070073,"skuId":4860968496626,"quantity":200,"price":"1","currency":"CNY"}]',
		);
		expect(typeof body.receiver).toBe('string');
		expect(JSON.parse(body.receiver as string)).toEqual({
			name: 'a测试aa',
			mobile_phone: '15068763421',
			country: '中国',
			state: '浙江省',
			city: '杭州市',
			district: '余杭区',
			address: '测试地址',
			zip: '11111',
		});
		expect(body.receiver).not.toContain('mobilePhone');
		expect(body).toMatchObject({ orderSource: 'lazada', sellerOrderNumber: 'SO-1' });

		// The 19-digit order ID comes back as a JSON integer and must reach the output intact.
		expect(order.orderId).toMatch(/^\d{19}$/);
		expect(fake.state.taobaoOrders.some((candidate) => candidate.orderId === order.orderId)).toBe(true);
	});

	it('Preview sends only item, SKU and quantity per line', async () => {
		await run({
			resource: 'taobaoOrder',
			operation: 'preview',
			orderLineList: { values: [{ itemId: '600120680003951077', skuId: '4951323355633', quantity: 1 }] },
			receiver: RECEIVER,
		});
		const body = bodyOf(onlyRequest('/open/order/render'));
		expect(body.orderLineList).toBe('[{"itemId":600120680003951077,"skuId":4951323355633,"quantity":1}]');
	});

	it('Create refuses an item ID that already lost digits as a number', async () => {
		await expect(
			run({
				resource: 'taobaoOrder',
				operation: 'create',
				orderLineList: { values: [{ itemId: 600126245031041190, skuId: '5016042822039', quantity: 1, price: '1' }] },
				purchaseAmount: '1',
				receiver: RECEIVER,
			}),
		).rejects.toThrow(/Item ID.*too large to be exact/);
		expect(fake.accepted('/open/order')).toHaveLength(0);
	});

	it('Get Chat Link sends the page parameters as a JSON-encoded object', async () => {
		const [link] = await run({
			resource: 'taobaoOrder',
			operation: 'getChatLink',
			loginName: 'buyer',
			password: 'secret',
			pageName: 'imchat',
			pageParamMap: {
				values: [
					{ key: 'sourceType', value: 'item' },
					{ key: 'bizId', value: '700187748440' },
				],
			},
		});
		expect(bodyOf(onlyRequest('/open/order/page/link/get'))).toEqual({
			loginName: 'buyer',
			password: 'secret',
			pageName: 'imchat',
			pageParamMap: '{"sourceType":"item","bizId":"700187748440"}',
		});
		expect(String(link.value)).toMatch(/^https:\/\/distributor\.taobao\.global\//);
	});

	it('Get Chat Link masks the password field', () => {
		const password = (node.description.properties as INodeProperties[]).find(
			(property) => property.name === 'password' && property.displayOptions?.show?.operation?.includes('getChatLink'),
		);
		expect(password?.typeOptions?.password).toBe(true);
	});

	it('Get simplifies the order to status, amounts and lines, keeping IDs exact', async () => {
		const orderId = fake.state.taobaoOrders[0].orderId;
		const [order] = await run({ resource: 'taobaoOrder', operation: 'get', orderId });
		expect(onlyRequest('/open/order/detail/get').query).toEqual({ orderId });
		expect(order.orderId).toBe(orderId);
		expect(Object.keys(order)).toEqual(
			expect.arrayContaining(['orderId', 'orderStatus', 'purchaseAmount', 'currency', 'receiver', 'lines']),
		);
		const lines = order.lines as IDataObject[];
		expect(lines.length).toBe(fake.state.taobaoOrders[0].lines.length);
		expect(lines[0].subPurchaseOrderId).toBe(fake.state.taobaoOrders[0].lines[0].subPurchaseOrderId);
		expect(lines[0].itemId).toBe(fake.state.taobaoOrders[0].lines[0].itemId);
	});

	it('Upload Payment Voucher sends a binary image as raw base64', async () => {
		const orderId = fake.state.taobaoOrders[0].orderId;
		const image = Buffer.from('fake voucher image bytes');
		await run(
			{ resource: 'taobaoOrder', operation: 'uploadPaymentVoucher', orderId, imageSource: 'binary', binaryPropertyName: 'voucher' },
			[{ json: {}, binary: { voucher: { data: image.toString('base64'), mimeType: 'image/png', fileName: 'voucher.png' } } }],
		);
		expect(bodyOf(onlyRequest('/open/order/uploadVoucher'))).toEqual({ orderId, imageBase64: image.toString('base64') });
	});
});

describe('Taobao Product', () => {
	it('Get takes the product by URL and sends only its ID', async () => {
		const [product] = await run({
			resource: 'taobaoProduct',
			operation: 'get',
			productId: { __rl: true, mode: 'url', value: 'https://item.taobao.com/item.htm?spm=a1z10.1&id=672991141190&ns=1' },
		});
		expect(onlyRequest('/open/product/get').query).toEqual({ itemId: '672991141190' });
		expect(String(product.itemId)).toBe('672991141190');
		expect(Object.keys(product)).toEqual(expect.arrayContaining(['title', 'price', 'picUrls', 'skus']));
		expect(product).not.toHaveProperty('description');
	});

	it('URL patterns accept what follows the ID, as n8n validates them against ^pattern$', () => {
		const fullMatch = (platform: 'taobao' | '1688', url: string) => new RegExp(`^${productIdFromUrlPattern(platform)}$`).test(url);
		expect(fullMatch('taobao', 'https://item.taobao.com/item.htm?id=672991141190&spm=a1z10#detail')).toBe(true);
		expect(fullMatch('taobao', 'https://item.taobao.com/item.htm?skuId=5016042822039')).toBe(false);
		expect(fullMatch('1688', 'https://detail.1688.com/offer/706627393257.html?spm=a26352.13672862')).toBe(true);
	});

	it('Get Source takes a Tmall URL and sends the ID in the body', async () => {
		await run({
			resource: 'taobaoProduct',
			operation: 'getSource',
			productId: { __rl: true, mode: 'url', value: 'https://detail.tmall.com/item.htm?id=42971808988' },
			additionalFields: { language: 'vi' },
		});
		expect(bodyOf(onlyRequest('/open/product/source/get'))).toEqual({ itemId: '42971808988', language: 'vi' });
	});

	it('Check Availability sends the products as a JSON-encoded list of {itemId, skuIds}', async () => {
		const [answer] = await run({
			resource: 'taobaoProduct',
			operation: 'checkAvailability',
			params: { values: [{ itemId: '672991141190', skuIds: '3452545926724, 3452545926725' }, { itemId: '42971808988' }] },
		});
		const sent = onlyRequest('/open/product/batch/check');
		expect(bodyOf(sent)).toEqual({
			params: '[{"itemId":"672991141190","skuIds":["3452545926724","3452545926725"]},{"itemId":"42971808988"}]',
		});
		expect(answer).toHaveProperty('mpProducts');
	});
});

describe('Taobao Cart', () => {
	it('Add sends the item ID as an integer literal and the properties as a JSON string', async () => {
		await run({
			resource: 'taobaoCart',
			operation: 'add',
			itemId: '600126245031041190',
			skuId: '85',
			mpId: '26',
			mpSkuId: '65',
			quantity: 2,
			additionalFields: {
				price: 689,
				properties: { values: [{ propId: '1627207', propName: '颜色分类', valueId: '28324', valueName: '黄色' }] },
			},
		});
		const sent = onlyRequest('/open/cart/add');
		expect(sent.rawBody).toContain('"itemId":600126245031041190,');
		expect(bodyOf(sent)).toEqual({
			itemId: '600126245031041190',
			skuId: '85',
			mpId: '26',
			mpSkuId: '65',
			quantity: 2,
			price: 689,
			properties: '[{"propId":1627207,"propName":"颜色分类","valueId":28324,"valueName":"黄色"}]',
		});
	});

	it('Create Order sends cart IDs as integers and the address as an object with mobile_phone', async () => {
		await run({
			resource: 'taobaoCart',
			operation: 'createOrder',
			ids: '75, 76',
			orderAddress: RECEIVER,
		});
		const sent = onlyRequest('/open/cart/create/order');
		expect(sent.rawBody).toContain('"ids":[75,76]');
		expect(sent.body).toEqual({
			ids: [75, 76],
			orderAddress: {
				name: 'a测试aa',
				mobile_phone: '15068763421',
				country: '中国',
				state: '浙江省',
				city: '杭州市',
				district: '余杭区',
				address: '测试地址',
				zip: '11111',
			},
		});
	});

	it('Get Many returns one item per cart record', async () => {
		const items = await run({ resource: 'taobaoCart', operation: 'getAll' });
		expect(items.length).toBe(fake.state.taobaoCart.length);
		expect(items.length).toBeGreaterThan(1);
	});
});

describe('Address', () => {
	it('Create or Update sends the chosen saved address ID as an integer', async () => {
		const saved = { name: '张三', province: '浙江省', city: '杭州市', district: '余杭区', address: '文一西路 969 号', phone: '15068763421' };
		const created = await run({ resource: 'address', operation: 'upsert', ...saved });
		expect(created).toEqual([{ success: true }]);
		expect(bodyOf(fake.accepted('/open/address/addOrUpdate')[0])).toEqual(saved);

		const id = fake.state.addresses[fake.state.addresses.length - 1].id;
		await run({ resource: 'address', operation: 'upsert', ...saved, city: '宁波市', additionalFields: { id: String(id) } });
		const update = fake.accepted('/open/address/addOrUpdate')[1];
		expect(update.rawBody).toContain(`"id":${id}`);
		expect(fake.state.addresses.find((candidate) => candidate.id === id)?.city).toBe('宁波市');
	});
});

describe('Logistics', () => {
	const receiverAddress = {
		values: { name: 'Ofir Birinbaum', country: 'US', state: 'California', city: 'VALLEY VLG', zip: '91607', mobilePhone: '5083326888' },
	};

	it('Preview Order Freight nests the receiver address and each freight service, with no timestamp/sign query', async () => {
		const [quote] = await run({
			resource: 'logistics',
			operation: 'previewOrderFreight',
			renderItems: {
				values: [
					{ itemId: '2048020617114736', skuId: '413185732720', quantity: 1, serviceId: '1' },
					{ itemId: '2048232789087639', skuId: '4970432383383', quantity: 2, serviceId: '2', companyName: 'Cainiao' },
				],
			},
			additionalFields: { receiverAddress },
		});
		const sent = onlyRequest('/open/pp/logistics/orderRenderFreight');
		expect(sent.query).toEqual({});
		expect(bodyOf(sent)).toEqual({
			renderItems: [
				{ itemId: '2048020617114736', skuId: '413185732720', quantity: 1, freightInfo: { serviceId: '1' } },
				{ itemId: '2048232789087639', skuId: '4970432383383', quantity: 2, freightInfo: { serviceId: '2', companyName: 'Cainiao' } },
			],
			receiverAddress: receiverAddress.values,
		});
		expect(quote.renderId).toMatch(/^FF/);
	});

	it('Create International Order sends line items, the receiver and tmallOrderInfo as objects', async () => {
		await run({
			resource: 'logistics',
			operation: 'createInternationalOrder',
			additionalFields: {
				renderId: 'FF2024080200007',
				receiverAddress,
				lineItems: { values: [{ itemId: '2048020617114736', skuId: '413185732720', quantity: 1, title: '这是商品1', serviceId: '1' }] },
				tmallOrderId: '123123444',
			},
		});
		const sent = onlyRequest('/open/pp/logistics/orderBookingFreight');
		expect(sent.query).toEqual({});
		expect(bodyOf(sent)).toEqual({
			renderId: 'FF2024080200007',
			receiverAddress: receiverAddress.values,
			lineItems: [{ itemId: '2048020617114736', skuId: '413185732720', quantity: 1, title: '这是商品1', freightInfo: { serviceId: '1' } }],
			tmallOrderInfo: { tmallOrderId: '123123444' },
		});
	});

	it('Estimate Item Freight requires the receiver address and sends it nested', async () => {
		await run({
			resource: 'logistics',
			operation: 'estimateItemFreight',
			itemId: '2048020617114736',
			skuId: '413185732720',
			quantity: 3,
			currency: 'CNY',
			price: '12.50',
			receiverAddress,
		});
		expect(bodyOf(onlyRequest('/open/pp/logistics/itemLogisticsPrice'))).toEqual({
			itemId: '2048020617114736',
			skuId: '413185732720',
			quantity: 3,
			currency: 'CNY',
			price: '12.50',
			receiverAddress: receiverAddress.values,
		});
	});

	it('Update Domestic Logistics sends the typed JSON with its integers intact', async () => {
		await run({
			resource: 'logistics',
			operation: 'updateDomesticLogistics',
			additionalFields: {
				orderId: '21',
				logisticInfos:
					'[{"lineItem":{"itemId":"2048020617114736","skuId":"413185732720","quantity":1},"logisticNumer":"FARJP2408000013YQ","domesticLogisticInfo":[{"logisticNumer":"SF1234521212678","logisticCompanyName":"顺丰","rtsTime":"1754342534"}]}]',
			},
		});
		const sent = onlyRequest('/open/pp/logistics/updateLogisticInfo');
		expect(sent.rawBody).toContain('"logisticNumer":"FARJP2408000013YQ"');
		expect(bodyOf(sent).logisticInfos).toEqual([
			{
				lineItem: { itemId: '2048020617114736', skuId: '413185732720', quantity: 1 },
				logisticNumer: 'FARJP2408000013YQ',
				domesticLogisticInfo: [{ logisticNumer: 'SF1234521212678', logisticCompanyName: '顺丰', rtsTime: '1754342534' }],
			},
		]);
	});
});

describe('Taobao return shipments (upstream paths, REFERENCE section 8) and refund codes', () => {
	it('Submit Return Shipment sends logisticsNo to /open/order/refund/submit/logistics', async () => {
		const refund = fake.state.taobaoRefunds[0];
		await run({
			resource: 'taobaoRefund',
			operation: 'submitReturnShipment',
			refundId: refund.refundId,
			logisticsCompanyCode: 'SF',
			logisticsNo: 'SF1234567890123',
			additionalFields: { buyerPhone: '15068763421' },
		});
		const sent = onlyRequest('/open/order/refund/submit/logistics');
		expect(sent.method).toBe('POST');
		expect(JSON.parse(sent.rawBody)).toEqual({ refundId: refund.refundId, logisticsCompanyCode: 'SF', logisticsNo: 'SF1234567890123', buyerPhone: '15068763421' });
	});

	it('Preview Return Shipment asks GET /open/order/refund/render/logistics', async () => {
		const refund = fake.state.taobaoRefunds[0];
		await run({ resource: 'taobaoRefund', operation: 'previewReturnShipment', refundId: refund.refundId });
		const sent = onlyRequest('/open/order/refund/render/logistics');
		expect({ method: sent.method, query: { ...sent.query } }).toEqual({ method: 'GET', query: { refundId: refund.refundId } });
	});

	type Option = { name: string; value: unknown };
	const propertyOf = (name: string, operation: string): INodeProperties | undefined =>
		node.description.properties.find(
			(candidate) =>
				candidate.name === name &&
				candidate.displayOptions?.show?.resource?.includes('taobaoRefund') &&
				candidate.displayOptions?.show?.operation?.includes(operation),
		);
	const optionsOf = (name: string, operation: string) => (propertyOf(name, operation)?.options ?? []) as Option[];

	it.each(['previewReturnShipment', 'submitReturnShipment'])('%s says in its notice why its path is what it is', (operation) => {
		const notice = node.description.properties.find(
			(candidate) =>
				candidate.type === 'notice' &&
				candidate.displayOptions?.show?.resource?.includes('taobaoRefund') &&
				candidate.displayOptions?.show?.operation?.includes(operation),
		);
		expect(notice?.displayName).toMatch(/unconfirmed.*upstream Taobao API.*REFERENCE section 8/);
	});

	describe('refund type and goods status', () => {

		it.each(['preview', 'create'])('%s offers the upstream codes with labels', (operation) => {
			expect(optionsOf('refundType', operation).map((option) => [option.value, option.name])).toEqual([
				[1, 'Refund Only (1)'],
				[2, 'Return and Refund (2)'],
			]);
			expect(optionsOf('goodsStatus', operation).map((option) => option.value)).toEqual([1, 2, 3, 4, 5, 6]);
		});

		it('a chosen label and a code from an expression both go out as integers', async () => {
			const subOrderId = fake.state.taobaoOrders[0].lines[0].subPurchaseOrderId;
			await run({ resource: 'taobaoRefund', operation: 'preview', subOrderId, refundType: 2, goodsStatus: '4' });
			const sent = onlyRequest('/open/order/refund/render');
			expect(sent.rawBody).toBe(`{"subOrderId":"${subOrderId}","refundType":2,"goodsStatus":4}`);
		});
	});
});
