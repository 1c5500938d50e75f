/**
 * Simplify on 1688 Product › Get and 1688 Order › Get never drops what it does not recognise
 * (issue 10.6). The documented field names come from the reference's endpoint list (only the
 * top-level names are documented); the variants rename the blocks we guessed.
 */
import type { IDataObject } from 'n8n-workflow';

import { simplifyAlibabaOrder } from '../../nodes/PandaPon/endpoints/alibabaOrder';
import { simplifyAlibabaProduct } from '../../nodes/PandaPon/endpoints/alibabaProduct';
import { PandaPon } from '../../nodes/PandaPon/PandaPon.node';
import { JsonInteger } from '../../nodes/shared/losslessJson';
import { FakePandaPon } from '../fake-pandapon';
import { createState } from '../fake-pandapon/fixtures';
import { alibabaOrderDetail, alibabaProductDetail } from '../fake-pandapon/views';
import documented from '../fixtures/pandapon-endpoints.json';
import { executeNode } from '../harness';

function documentedResponse(key: string): string {
	const entry = (documented as Array<{ key: string; response?: string }>).find((candidate) => candidate.key === key);
	if (entry?.response === undefined) throw new Error(`no documented response for ${key}`);
	return entry.response;
}

/** Field names as the reference lists them: identifiers, each optionally followed by `[]` or a note in parentheses. */
function namesIn(list: string): string[] {
	return list
		.split(',')
		.map((part) => part.trim().replace(/\s*\(.*$/, '').replace(/\[\]$/, ''))
		.filter((name) => /^[a-zA-Z]+$/.test(name));
}

/** alibabaGoods.get: "data: offerId (number), …, description (HTML), then (names unknown) …". */
const PRODUCT_DOCUMENTED = namesIn(documentedResponse('alibabaGoods.get').replace(/^data:/, '').split('then (names unknown)')[0]);
/** alibabaOrder.get: "…callback body: guaranteesTerms, nativeLogistics, productItems[], …, orderBizInfo, ...". */
const ORDER_DOCUMENTED = namesIn(documentedResponse('alibabaOrder.get').split(':')[1].split('...')[0]);

const ORDER_ID = '2019601741959504495';
const LINE_ID = '2019601741959504496';

it('reads the documented names from the reference', () => {
	expect(PRODUCT_DOCUMENTED).toEqual(['offerId', 'categoryId', 'categoryName', 'subject', 'subjectTrans', 'description']);
	expect(ORDER_DOCUMENTED).toHaveLength(11);
	expect(ORDER_DOCUMENTED).toEqual(expect.arrayContaining(['baseInfo', 'productItems', 'nativeLogistics', 'tradeTerms', 'orderBizInfo']));
});

describe('1688 Product › Get, simplified', () => {
	/** Only the documented names, with the docs' offerId. */
	const documentedAnswer: IDataObject = {
		offerId: 706627393257,
		categoryId: 1031910,
		categoryName: '零食',
		subject: '零食瓜子仁蟹黄味',
		subjectTrans: 'Snack melon seeds, crab roe flavour',
		description: '<div><p>…</p></div>',
	};

	it('keeps the documented fields and leaves out the HTML description', () => {
		const { description: _html, ...rest } = documentedAnswer;
		expect(simplifyAlibabaProduct(documentedAnswer)).toEqual(rest);
	});

	it('summarises the 1688 product model it was written for, and adds nothing else', () => {
		const answer = JSON.parse(JSON.stringify(alibabaProductDetail(createState().alibabaProducts[0]))) as IDataObject;
		const simplified = simplifyAlibabaProduct(answer);
		expect(Object.keys(simplified).sort()).toEqual(
			['offerId', 'subject', 'subjectTrans', 'categoryId', 'categoryName', 'status', 'sellerOpenId', 'companyName', 'minOrderQuantity', 'amountOnSale', 'priceRangeList', 'unitInfo', 'images', 'skus'].sort(),
		);
		expect((simplified.skus as IDataObject[])[0]).toHaveProperty('specId');
	});

	it.each([
		['SKUs under another name', { skuInfos: [{ specId: 'a1', price: '2.50' }] }],
		['images at the top', { images: ['https://cbu01.alicdn.com/img/1.jpg'] }],
		['sale info under another name', { saleInfo: { amountOnSale: 900 } }],
		['a field nobody guessed', { shopAddress: '浙江省 金华市' }],
	])('keeps %s', (_label, block) => {
		const simplified = simplifyAlibabaProduct({ ...documentedAnswer, ...block });
		expect(simplified).toMatchObject(block);
		expect(simplified).toMatchObject({ offerId: 706627393257, subjectTrans: documentedAnswer.subjectTrans });
	});

	it('keeps a guessed block whole when its contents are not the guessed ones', () => {
		const answer = {
			...documentedAnswer,
			productImage: { imageList: ['https://cbu01.alicdn.com/img/1.jpg'] },
			productSaleInfo: { quantityPrices: [{ quantity: 2, price: '3.00' }] },
			productSkuInfos: [{ skuID: 5016042822039, specID: 'b2', consignPriceInfo: '2.10' }, { specId: 'c3', price: '2.20' }],
		};
		expect(simplifyAlibabaProduct(answer)).toMatchObject({
			productImage: answer.productImage,
			productSaleInfo: answer.productSaleInfo,
			skus: [answer.productSkuInfos[0], { specId: 'c3', price: '2.20' }],
		});
	});

	it('an answer wrapped in an unexpected object comes out whole, not empty', () => {
		const wrapped = { productInfo: { ...documentedAnswer } };
		expect(simplifyAlibabaProduct(wrapped)).toEqual(wrapped);
	});
});

describe('1688 Order › Get, simplified', () => {
	/** The documented top-level blocks, in the fake's 1688 buyer-view contents; IDs as JSON text gives them. */
	const detail = (): IDataObject => JSON.parse(JSON.stringify(alibabaOrderDetail(createState().alibabaOrders[0]))) as IDataObject;

	it('summarises the documented blocks, leaves out the others it knows, and adds nothing else', () => {
		const answer = detail();
		expect(Object.keys(answer).sort()).toEqual([...ORDER_DOCUMENTED].sort());
		const simplified = simplifyAlibabaOrder(answer);
		expect(simplified).toMatchObject({ orderId: (answer.baseInfo as IDataObject).idOfStr, status: (answer.baseInfo as IDataObject).status });
		expect(Object.keys(simplified).filter((key) => ORDER_DOCUMENTED.includes(key))).toEqual([]);
		expect(simplified).toHaveProperty('items');
		expect(simplified).toHaveProperty('receiver');
	});

	it('uses baseInfo.id when idOfStr is missing, and keeps baseInfo whole when neither is there', () => {
		const withId = simplifyAlibabaOrder({ baseInfo: { id: ORDER_ID, status: 'waitsellersend' } });
		expect(withId).toEqual({ orderId: ORDER_ID, status: 'waitsellersend' });

		const otherName = { baseInfo: { orderId: ORDER_ID, status: 'waitsellersend' } };
		expect(simplifyAlibabaOrder(otherName)).toEqual({ status: 'waitsellersend', baseInfo: otherName.baseInfo });
	});

	it.each([
		['a flat order', { id: ORDER_ID, status: 'success', totalAmount: 12.5 }],
		['lines under another name', { baseInfo: { idOfStr: ORDER_ID }, orderItems: [{ subItemID: LINE_ID }] }],
		['the receiver under another name', { baseInfo: { idOfStr: ORDER_ID }, logistics: { contactPerson: 'zhang' } }],
		['a documented block renamed', { baseInfo: { idOfStr: ORDER_ID }, internationalLogistics: { warehouse: 'YW' } }],
	])('keeps %s', (_label, answer) => {
		const simplified = simplifyAlibabaOrder(answer as IDataObject);
		for (const [key, value] of Object.entries(answer)) {
			if (key !== 'baseInfo') expect(simplified[key]).toEqual(value);
		}
	});

	it('keeps an order line whole when it has none of the expected fields, and a logistics block without receiver or shipments', () => {
		const answer = {
			baseInfo: { idOfStr: ORDER_ID },
			productItems: [{ lineId: LINE_ID, title: 'x' }, { subItemIDString: LINE_ID, subItemID: 2019601741959504000, quantity: 2 }],
			nativeLogistics: { receiverInfo: { name: 'zhang' } },
		};
		expect(simplifyAlibabaOrder(answer)).toEqual({
			orderId: ORDER_ID,
			items: [answer.productItems[0], { subItemID: LINE_ID, quantity: 2 }],
			nativeLogistics: answer.nativeLogistics,
		});
	});
});

describe('through the node', () => {
	let fake: FakePandaPon;
	beforeAll(async () => {
		fake = await FakePandaPon.start();
	});
	afterAll(async () => fake.close());

	it('a renamed order block reaches the output with its 19-digit IDs exact', async () => {
		fake.on('POST', '/alibaba/order/detail', () => ({ baseInfo: { idOfStr: ORDER_ID, status: 'waitbuyerpay' }, orderLines: [{ subItemId: new JsonInteger(LINE_ID) }] }));
		const node = new PandaPon();
		const [items] = await executeNode(node, {
			parameters: { resource: 'alibabaOrder', operation: 'get', orderId: ORDER_ID, simplify: true },
			credentials: { ...fake.credentials, baseUrl: fake.url },
		});
		expect(items.map((item) => item.json)).toEqual([{ orderId: ORDER_ID, status: 'waitbuyerpay', orderLines: [{ subItemId: LINE_ID }] }]);
	});
});
