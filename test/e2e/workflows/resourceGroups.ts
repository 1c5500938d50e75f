/**
 * One workflow per resource group of the pandaPon node (plus a continue-on-fail one), for
 * running in a real n8n against the fake PandaPon. Each workflow is Manual Trigger -> one or
 * more chains of pandaPon nodes; chains run top to bottom, each node after the previous one
 * (executionOrder v1), so the requests the fake records come in step order.
 *
 * Every step carries what a test should see: how many items the node puts out, how many
 * requests it sends, key fields, and for many steps the exact wire body. Write operations
 * whose fake route is lenient take their parameters from test/node/sampleInput.ts (every
 * field of the table entry filled in), so the e2e run also proves that a real n8n resolves
 * all those parameters — fixedCollections, collections, locators — into the same request the
 * n8n-core harness tests expect. Reads, and anything the fake only accepts with real IDs,
 * use seeded fixture IDs (fixtures.ts) and expressions chaining one node's output into the
 * next (`={{ $json.refundId }}`, `$('Create Order').item.json.orderId`).
 *
 * IDs of records the workflows create follow from the fake's sequences: a run starts from a
 * freshly reset fake (25 Taobao orders, 25 Taobao refunds, 25 1688 orders, 8 1688 refunds,
 * cart ids from 100).
 */
import { createHash } from 'crypto';

import { findEndpoint } from '../../../nodes/PandaPon/endpoints';
import { JsonInteger } from '../../../nodes/shared/losslessJson';
import { createState, DOCS_ALIBABA_ADDRESS, DOCS_RECEIVER, ids, SELLERS } from '../../fake-pandapon/fixtures';
import type { FakePandaPon } from '../../fake-pandapon/server';
import { sampleOperation } from '../../node/sampleInput';
import type { WorkflowJson } from '../n8n';
import { branchedWorkflow, pandaPonNode, type CredentialRef, type NodeSpec } from './build';

/** A number known up front, or one computed from the fake (after its reset). */
export type Count = number | ((fake: FakePandaPon) => number);

export interface StepExpectation {
	/** Items the node puts out (error items included). */
	items: Count;
	/** Requests the node sends, every one accepted by the fake (default 1). */
	requests?: Count;
	/** Dot paths that hold a 19-digit ID as a string, in every (non-error) output item. */
	bigIds?: string[];
	/** Dot paths present in every (non-error) output item. */
	has?: string[];
	/** Dot paths absent from every output item (e.g. what Simplify drops). */
	absent?: string[];
	/** Exact values in the first output item, by dot path. */
	first?: Record<string, unknown>;
	/** Exact values in the last output item, by dot path. */
	last?: Record<string, unknown>;
	/** Exact JSON body of each request (big integers as JsonInteger, as parseLossless 'literal' reads them). */
	body?: unknown;
	/** Exact query of each request. */
	query?: Record<string, string>;
	/** Exact path of each request (for path parameters). */
	path?: string;
	/** Output items that must be error items: index -> text the error message contains. */
	errorItems?: Record<number, string>;
	/** Exact pairedItem.item of each output item, when it matters beyond "in input order". */
	pairedItems?: number[];
}

export interface GroupStep {
	node: string;
	resource: string;
	operation: string;
	method: string;
	/** Path as the endpoint table writes it, e.g. /open/order/refund/cancel/{refundId}. */
	pathTemplate: string;
	changesData: boolean;
	expect: StepExpectation;
}

export interface ResourceGroupCase {
	/** e.g. "Taobao Refund" */
	group: string;
	workflow: WorkflowJson;
	/** In execution order (chains top to bottom, nodes left to right). */
	steps: GroupStep[];
}

interface Built {
	spec: NodeSpec;
	step: GroupStep;
}

interface StepOptions {
	executeOnce?: boolean;
	onError?: NodeSpec['onError'];
}

// ---------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------

function nodeSpec(credential: CredentialRef, name: string, parameters: Record<string, unknown>, options: StepOptions): NodeSpec {
	const spec = pandaPonNode({ name, credential, parameters, onError: options.onError });
	return options.executeOnce ? { ...spec, executeOnce: true } : spec;
}

function endpointOf(resource: string, operation: string) {
	const endpoint = findEndpoint(resource, operation);
	if (!endpoint) throw new Error(`no endpoint entry for ${resource}.${operation}`);
	return endpoint;
}

type StepFactory = (credential: CredentialRef) => Built;

/** A step with hand-written parameters. */
function step(
	node: string,
	resource: string,
	operation: string,
	parameters: Record<string, unknown>,
	expect: StepExpectation,
	options: StepOptions = {},
): StepFactory {
	return (credential) => {
		const endpoint = endpointOf(resource, operation);
		return {
			spec: nodeSpec(credential, node, { resource, operation, ...parameters }, options),
			step: { node, resource, operation, method: endpoint.method, pathTemplate: endpoint.path, changesData: endpoint.changesData, expect },
		};
	};
}

/**
 * A step whose parameters come from sampleOperation (every field filled in), with some of
 * them replaced. `body` patches the expected wire body for the replaced ones (undefined
 * deletes a key); the expected body is then checked exactly.
 */
function sampled(
	node: string,
	resource: string,
	operation: string,
	overrides: { params?: Record<string, unknown>; additional?: Record<string, unknown>; body?: Record<string, unknown> },
	expect: StepExpectation,
	options: StepOptions = {},
): StepFactory {
	return (credential) => {
		const endpoint = endpointOf(resource, operation);
		const { parameters, expected } = sampleOperation(resource, endpoint);
		const merged: Record<string, unknown> = { ...parameters, ...(overrides.params ?? {}) };
		if (overrides.additional) {
			merged.additionalFields = { ...((parameters.additionalFields as Record<string, unknown>) ?? {}), ...overrides.additional };
		}
		const wireExpect: Omit<StepExpectation, 'items'> = {};
		if (endpoint.method === 'GET') {
			wireExpect.query = expected.query as Record<string, string>;
		} else {
			const body: Record<string, unknown> = { ...expected.body, ...(overrides.body ?? {}) };
			for (const [key, value] of Object.entries(body)) if (value === undefined) delete body[key];
			wireExpect.body = body;
			wireExpect.query = {};
		}
		return {
			spec: nodeSpec(credential, node, merged, options),
			step: {
				node,
				resource,
				operation,
				method: endpoint.method,
				pathTemplate: endpoint.path,
				changesData: endpoint.changesData,
				expect: { ...wireExpect, ...expect },
			},
		};
	};
}

/** A Custom API Call step: any method and path. */
function customCall(
	node: string,
	call: { method: 'GET' | 'POST'; path: string; query?: Record<string, string>; body?: string; idempotent?: boolean },
	expect: StepExpectation,
): StepFactory {
	return (credential) => {
		const parameters: Record<string, unknown> = { resource: 'customApiCall', operation: 'call', method: call.method, path: call.path };
		if (call.query) parameters.queryParameters = { parameters: Object.entries(call.query).map(([name, value]) => ({ name, value })) };
		if (call.body !== undefined) parameters.body = call.body;
		if (call.idempotent !== undefined) parameters.idempotent = call.idempotent;
		return {
			spec: nodeSpec(credential, node, parameters, {}),
			step: {
				node,
				resource: 'customApiCall',
				operation: 'call',
				method: call.method,
				pathTemplate: call.path,
				changesData: call.method !== 'GET' && call.idempotent !== true,
				expect,
			},
		};
	};
}

function group(name: string, credential: CredentialRef, chains: StepFactory[][]): ResourceGroupCase {
	const built = chains.map((chain) => chain.map((factory) => factory(credential)));
	return {
		group: name,
		workflow: branchedWorkflow({ name: `PandaPon e2e: ${name}`, chains: built.map((chain) => chain.map((b) => b.spec)) }),
		steps: built.flat().map((b) => b.step),
	};
}

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const byUrl = (value: string) => ({ __rl: true, mode: 'url', value });
const int = (digits: string) => new JsonInteger(digits);
/** How a response ID reaches n8n: a number when it is a safe integer, a string of digits otherwise. */
const asReceived = (digits: string): string | number => (Number.isSafeInteger(Number(digits)) ? Number(digits) : digits);

// ---------------------------------------------------------------------------------------
// Fixture facts (IDs are deterministic; see fixtures.ts)
// ---------------------------------------------------------------------------------------

const SEED = createState();
const IMAGE_URL = 'https://img.alicdn.com/imgextra/i1/O1CN01example.jpg';
/** The next record IDs a freshly reset fake hands out. */
const NEXT = {
	taobaoOrder: ids.taobaoOrderId(SEED.sequences.taobaoOrder),
	taobaoRefund: ids.taobaoRefundId(SEED.sequences.taobaoRefund),
	alibabaOrder: (offset: number) => ids.alibabaOrderId(SEED.sequences.alibabaOrder + offset),
	alibabaRefund: ids.alibabaRefundId(SEED.sequences.alibabaRefund),
	taobaoCart: SEED.sequences.taobaoCart,
	alibabaCart: SEED.sequences.alibabaCart,
	address: SEED.sequences.address + 1,
};

/** The docs' Taobao receiver without its landline, as it travels on the wire (snake_case mobile_phone). */
const { phone: _landline, ...CN_ADDRESS_WIRE } = DOCS_RECEIVER;
/** The same address as the node's UI fields take it: mobile_phone is entered as mobilePhone. */
const { mobile_phone: mobilePhone, ...cnAddressRest } = CN_ADDRESS_WIRE;
const CN_ADDRESS = { mobilePhone, ...cnAddressRest };

const ALIBABA_ADDRESS = { ...DOCS_ALIBABA_ADDRESS };

// ---------------------------------------------------------------------------------------
// The workflows
// ---------------------------------------------------------------------------------------

function taobaoProduct(credential: CredentialRef): ResourceGroupCase {
	const flask = SEED.taobaoProducts[2]; // 18-digit item ID, beyond 2^53
	return group('Taobao Product', credential, [
		[
			// "保温杯" ranks products 2 and 14 first, then the rest in order.
			step('Search Taobao', 'taobaoProduct', 'search', { keyword: '保温杯', returnAll: false, limit: 3 }, {
				items: 3,
				has: ['itemId', 'title', 'price'],
				first: { itemId: flask.itemId, title: flask.title },
			}),
			step('Get Taobao Product', 'taobaoProduct', 'get', { productId: byId('={{ $json.itemId }}') }, {
				items: 3,
				requests: 3,
				has: ['itemId', 'title', 'price', 'skus'],
				absent: ['description'],
				first: { itemId: flask.itemId, title: flask.title, 'skus.0.skuId': flask.skuIds[0] },
			}),
			step(
				'Get Source by URL',
				'taobaoProduct',
				'getSource',
				{
					productId: byUrl('=https://item.taobao.com/item.htm?id={{ $json.itemId }}&spm=a21n57.1.0.0'),
					additionalFields: { language: 'en' },
				},
				{ items: 3, requests: 3, has: ['description', 'sourceUrl'], first: { itemId: flask.itemId, language: 'en' } },
			),
		],
		[
			step('Get Many Taobao Products', 'taobaoProduct', 'getAll', { keyword: '保温杯', returnAll: false, limit: 5 }, {
				items: 5,
				query: { keyword: '保温杯', pageNo: '1', pageSize: '5' },
				first: { itemId: flask.itemId },
			}),
		],
		[
			step('Search Taobao by Image', 'taobaoProduct', 'searchByImage', { imageSource: 'url', imageUrl: IMAGE_URL, returnAll: false, limit: 2 }, {
				items: 2,
				body: { imageAddress: IMAGE_URL, pageNo: 1, pageSize: 2 },
			}),
		],
		[
			step(
				'Check Availability',
				'taobaoProduct',
				'checkAvailability',
				{ params: { values: [{ itemId: flask.itemId, skuIds: flask.skuIds.join(', ') }, { itemId: '999999999999' }] } },
				{
					items: 1,
					body: { params: JSON.stringify([{ itemId: flask.itemId, skuIds: flask.skuIds }, { itemId: '999999999999' }]) },
					first: { 'mpProducts.0.itemId': flask.itemId, 'mpProducts.0.mpId': flask.mpId, 'noMpProductItemIds.0': '999999999999' },
				},
			),
		],
	]);
}

function taobaoOrder(credential: CredentialRef): ResourceGroupCase {
	const [order0] = SEED.taobaoOrders;
	const created = NEXT.taobaoOrder;
	const fromCreate = "={{ $('Create Order').item.json.orderId }}";
	return group('Taobao Order', credential, [
		[
			step('Get Many Taobao Orders', 'taobaoOrder', 'getAll', { returnAll: false, limit: 3 }, {
				items: 3,
				bigIds: ['orderId', 'purchaseOrderId'],
				first: { orderId: order0.orderId, purchaseOrderId: order0.purchaseOrderId },
			}),
			step('Get Taobao Order', 'taobaoOrder', 'get', { orderId: '={{ $json.orderId }}' }, {
				items: 3,
				requests: 3,
				bigIds: ['orderId', 'purchaseOrderId', 'lines.0.purchaseOrderOuterId'],
				has: ['orderStatus', 'receiver', 'lines.0.subPurchaseOrderId'],
				first: { orderId: order0.orderId, 'lines.0.subPurchaseOrderId': order0.lines[0].subPurchaseOrderId, 'receiver.mobile_phone': '15068763421' },
			}),
			step('Get Tracking', 'taobaoOrder', 'getTracking', { subPurchaseOrderId: '={{ $json.lines[0].subPurchaseOrderId }}' }, {
				items: 3,
				requests: 3,
				bigIds: ['purchaseOrderOuterId'],
				has: ['pnmLogisticsDetails.0.logisticsTraces'],
				first: { purchaseOrderOuterId: order0.lines[0].purchaseOrderOuterId },
			}),
		],
		[
			sampled('Preview Order', 'taobaoOrder', 'preview', {}, { items: 1, has: ['orderLines', 'totalAmount'] }),
			sampled(
				'Create Order',
				'taobaoOrder',
				'create',
				// The fake checks purchaseAmount as a safe integer; every other field is the sample's.
				{ params: { purchaseAmount: '2580' }, body: { purchaseAmount: 2580 } },
				{ items: 1, bigIds: ['orderId', 'purchaseOrderId'], first: { orderId: created, purchaseAmount: 2580 } },
			),
			step(
				'Update Warehouse',
				'taobaoOrder',
				'updateWarehouse',
				{ orderId: '={{ $json.orderId }}', warehouseName: '义乌仓', warehouseAddress: '浙江省金华市义乌市稠城街道 1 号' },
				{ items: 1, body: { orderId: created, warehouseName: '义乌仓', warehouseAddress: '浙江省金华市义乌市稠城街道 1 号' }, first: { value: true } },
			),
			step(
				'Upload Payment Voucher',
				'taobaoOrder',
				'uploadPaymentVoucher',
				{ orderId: fromCreate, imageSource: 'url', imageUrl: 'https://example.com/bank-receipt.jpg' },
				{ items: 1, body: { orderId: created, imageAddress: 'https://example.com/bank-receipt.jpg' }, first: { value: true } },
			),
			step('Pay Order', 'taobaoOrder', 'pay', { orderId: fromCreate }, {
				items: 1,
				body: { orderId: created },
				bigIds: ['orderId'],
				first: { orderId: created, paySuccess: true },
			}),
		],
		[
			sampled('Cancel Order', 'taobaoOrder', 'cancel', { params: { orderId: order0.orderId }, body: { orderId: order0.orderId } }, {
				items: 1,
				first: { value: true },
			}),
			sampled('Get Chat Link', 'taobaoOrder', 'getChatLink', {}, { items: 1, has: ['value'] }),
		],
	]);
}

function taobaoRefund(credential: CredentialRef): ResourceGroupCase {
	const [refund0] = SEED.taobaoRefunds;
	const line = SEED.taobaoOrders[0].lines[0];
	const created = NEXT.taobaoRefund;
	const fromCreate = "={{ $('Create Refund').item.json.refundId }}";
	return group('Taobao Refund', credential, [
		[
			// Simplify: one flat item per refund (the default from node version 1.1; these nodes are 1).
			step('Get Many Refunds', 'taobaoRefund', 'getAll', { returnAll: false, limit: 3, simplify: true }, {
				items: 3,
				bigIds: ['purchaseOrderId'],
				has: ['refundStatus', 'refundFee'],
				first: { refundId: refund0.refundId, refundStatus: refund0.refundStatus, salesOrderId: refund0.salesOrderId },
				body: { pageNo: 1, pageSize: 3 },
			}),
			step('Get Refund', 'taobaoRefund', 'get', { refundId: '={{ $json.refundId }}' }, {
				items: 3,
				requests: 3,
				bigIds: ['refundOrderAggregate.refundOrder.payOrderId'],
				first: { 'refundOrderAggregate.refundOrder.refundId': refund0.refundId },
			}),
			step('Get Refund Messages', 'taobaoRefund', 'getMessages', { refundId: '={{ $json.refundOrderAggregate.refundOrder.refundId }}' }, {
				items: 3,
				requests: 3,
				has: ['content', 'createTime'],
				first: { refundId: refund0.refundId, content: refund0.messages[0].content },
			}),
			step('Preview Return Shipment', 'taobaoRefund', 'previewReturnShipment', { refundId: '={{ $json.refundId }}' }, {
				items: 3,
				requests: 3,
				has: ['receiverAddress', 'logisticsCompanies'],
				first: { refundId: refund0.refundId },
			}),
		],
		[
			step('Preview Refund', 'taobaoRefund', 'preview', { subOrderId: line.subPurchaseOrderId, refundType: 1, goodsStatus: 1 }, {
				items: 1,
				body: { subOrderId: line.subPurchaseOrderId, refundType: 1, goodsStatus: 1 },
				first: { 'refundOrderTemplate.refundReasons.0.reasonId': 1, 'refundOrderTemplate.maxRefundFee.refundFee': line.price * line.quantity },
			}),
			sampled(
				'Create Refund',
				'taobaoRefund',
				'create',
				{
					params: { subOrderId: line.subPurchaseOrderId, reasonId: '={{ $json.refundOrderTemplate.refundReasons[0].reasonId }}' },
					body: { subOrderId: line.subPurchaseOrderId, reasonId: 1 },
				},
				{ items: 1, first: { refundId: created } },
			),
			sampled('Add Message', 'taobaoRefund', 'addMessage', { params: { refundId: '={{ $json.refundId }}' }, body: { refundId: created } }, {
				items: 1,
				first: { refundId: created },
			}),
			sampled('Update Refund', 'taobaoRefund', 'update', { params: { refundId: fromCreate }, body: { refundId: created } }, {
				items: 1,
				first: { value: true },
			}),
			sampled('Submit Return Shipment', 'taobaoRefund', 'submitReturnShipment', { params: { refundId: fromCreate }, body: { refundId: created } }, {
				items: 1,
				first: { value: true },
			}),
			step('Cancel Refund', 'taobaoRefund', 'cancel', { refundId: fromCreate }, {
				items: 1,
				path: `/open/order/refund/cancel/${created}`,
				query: {},
				first: { cancelSuccess: true, 'refundOrderAggregate.refundOrder.refundId': created },
			}),
		],
	]);
}

function taobaoCart(credential: CredentialRef): ResourceGroupCase {
	const cart = SEED.taobaoCart;
	const [first, second] = cart;
	const previewAmount = first.promotionPrice * first.quantity + second.promotionPrice * second.quantity;
	const address = { values: CN_ADDRESS };
	return group('Taobao Cart', credential, [
		[
			step('Get Cart', 'taobaoCart', 'getAll', {}, {
				items: cart.length,
				has: ['id', 'itemId', 'mpSkuId'],
				first: { id: first.id, itemId: asReceived(first.itemId) },
				last: { itemId: cart[cart.length - 1].itemId },
			}),
			sampled('Add to Cart', 'taobaoCart', 'add', {}, { items: 1, bigIds: ['itemId'], first: { id: NEXT.taobaoCart } }, { executeOnce: true }),
			step('Update Cart Quantity', 'taobaoCart', 'updateQuantity', { id: '={{ $json.id }}', quantity: 3 }, {
				items: 1,
				body: { id: NEXT.taobaoCart, quantity: 3 },
				first: { value: true },
			}),
			step('Preview Cart Order', 'taobaoCart', 'preview', { ids: `${first.id}, ${second.id}`, additionalFields: { orderAddress: address } }, {
				items: 1,
				body: { ids: [first.id, second.id], orderAddress: CN_ADDRESS_WIRE },
				first: { productAmount: previewAmount, 'items.1.id': second.id },
			}),
			step('Create Cart Order', 'taobaoCart', 'createOrder', { ids: `${first.id},${second.id}`, orderAddress: address }, {
				items: 1,
				body: { ids: [first.id, second.id], orderAddress: CN_ADDRESS_WIRE },
				bigIds: ['orderIds.0'],
				first: { 'orderIds.0': NEXT.taobaoOrder, purchaseAmount: previewAmount },
			}),
			step('Delete from Cart', 'taobaoCart', 'delete', { ids: String(cart[2].id) }, {
				items: 1,
				body: { ids: [cart[2].id] },
				first: { value: true },
			}),
			step('Get Cart After', 'taobaoCart', 'getAll', {}, { items: 1, first: { id: NEXT.taobaoCart, quantity: 3 } }),
		],
	]);
}

function alibabaProduct(credential: CredentialRef): ResourceGroupCase {
	const products = SEED.alibabaProducts;
	const phoneCase = products[3]; // "Shockproof silicone phone case" (also product 15)
	const [seller] = SELLERS[0];
	const sellerProducts = products.filter((product) => product.sellerOpenId === seller);
	return group('1688 Product', credential, [
		[
			step('Search 1688', 'alibabaProduct', 'search', { keyword: 'phone case', returnAll: false, limit: 3 }, {
				items: 3,
				has: ['offerId', 'subjectTrans', 'priceInfo.price'],
				first: { offerId: asReceived(phoneCase.offerId), subjectTrans: phoneCase.subjectTrans },
				body: { country: 'en', keyword: 'phone case', beginPage: 1, pageSize: 3 },
			}),
			step('Get 1688 Product', 'alibabaProduct', 'get', { productId: byId('={{ $json.offerId }}') }, {
				items: 3,
				requests: 3,
				has: ['subjectTrans', 'sellerOpenId', 'skus.0.specId', 'images'],
				absent: ['description', 'productSkuInfos'],
				first: { offerId: asReceived(phoneCase.offerId), 'skus.0.specId': phoneCase.specs[0].specId, sellerOpenId: phoneCase.sellerOpenId },
			}),
			step(
				'Get Wangwang Link',
				'alibabaProduct',
				'getWangwangLink',
				{ productId: byId('={{ $json.offerId }}'), openUid: '={{ $json.sellerOpenId }}' },
				{ items: 3, requests: 3, has: ['wangwangNick', 'wangwangUrl'] },
			),
			step('Get Category', 'alibabaProduct', 'getCategory', { categoryId: "={{ $('Get 1688 Product').item.json.categoryId }}" }, {
				items: 3,
				requests: 3,
				has: ['translatedName', 'chineseName'],
				first: { categoryId: phoneCase.categoryId, chineseName: phoneCase.categoryName },
			}),
		],
		[
			step('Search Seller Products', 'alibabaProduct', 'searchSeller', { sellerOpenId: seller, returnAll: false, limit: 3 }, {
				items: 3,
				has: ['sellerOpenId'],
				first: { offerId: asReceived(sellerProducts[0].offerId), sellerOpenId: seller },
			}),
			step(
				'Get Related by URL',
				'alibabaProduct',
				'getRelated',
				{ productId: byUrl('=https://detail.1688.com/offer/{{ $json.offerId }}.html?spm=a26352.13672862'), returnAll: false, limit: 2 },
				{ items: 6, requests: 3, has: ['offerId', 'subjectTrans'] },
			),
		],
		[
			step('Search 1688 by Image', 'alibabaProduct', 'searchByImage', { imageSource: 'url', imageUrl: IMAGE_URL, returnAll: false, limit: 2 }, {
				items: 2,
				body: { country: 'en', imageAddress: IMAGE_URL, beginPage: 1, pageSize: 2 },
			}),
		],
		[step('Get Recommended', 'alibabaProduct', 'getRecommended', { returnAll: false, limit: 4 }, { items: 4, has: ['offerId'] })],
	]);
}

function alibabaOrder(credential: CredentialRef): ResourceGroupCase {
	const orders = SEED.alibabaOrders;
	const [p0, p1] = SEED.alibabaProducts;
	const receiving = orders[2]; // waitbuyerreceive
	const cargo = { offerId: p0.offerId, specId: p0.specs[0].specId, quantity: 2 };
	const cargoWire = { offerId: asReceived(p0.offerId), specId: p0.specs[0].specId, quantity: 2 };
	const single = NEXT.alibabaOrder(0);
	const [multiA, multiB] = [NEXT.alibabaOrder(1), NEXT.alibabaOrder(2)];
	return group('1688 Order', credential, [
		[
			step('Get Many 1688 Orders', 'alibabaOrder', 'getAll', { returnAll: false, limit: 3 }, {
				items: 3,
				bigIds: ['orderId', 'productItems.0.subItemID'],
				first: { orderId: orders[0].orderId, status: orders[0].status },
				body: { pageNo: 1, pageSize: 3 },
			}),
			step('Get 1688 Order', 'alibabaOrder', 'get', { orderId: '={{ $json.orderId }}' }, {
				items: 3,
				requests: 3,
				bigIds: ['orderId', 'items.0.subItemID'],
				has: ['status', 'receiver.contactPerson'],
				absent: ['baseInfo', 'productItems'],
				first: { orderId: orders[0].orderId, 'items.0.subItemID': orders[0].items[0].subItemId },
			}),
			// Only orders with a waybill have a trace (fixtures: even indexes).
			step('Get 1688 Tracking', 'alibabaOrder', 'getTracking', { orderId: '={{ $json.orderId }}' }, {
				items: orders.slice(0, 3).filter((order) => order.logisticsBillNo).length,
				requests: 3,
				bigIds: ['orderId'],
				first: { orderId: orders[0].orderId, logisticsBillNo: orders[0].logisticsBillNo },
			}),
		],
		[
			step(
				'Preview 1688 Order',
				'alibabaOrder',
				'preview',
				{ cargoParamList: { values: [cargo] }, additionalFields: { addressParam: { values: ALIBABA_ADDRESS } } },
				{
					items: 1,
					body: { cargoParamList: [cargoWire], addressParam: ALIBABA_ADDRESS },
					first: { success: true, 'orderPreviewResuslt.0.sumCarriage': 800 },
				},
			),
			step(
				'Create 1688 Order',
				'alibabaOrder',
				'create',
				{ cargoParamList: { values: [cargo] }, addressParam: { values: ALIBABA_ADDRESS }, flow: 'general', additionalFields: { message: '请尽快发货' } },
				{
					items: 1,
					body: { cargoParamList: [cargoWire], addressParam: ALIBABA_ADDRESS, flow: 'general', message: '请尽快发货' },
					bigIds: ['orderId'],
					first: { orderId: single, success: true },
				},
			),
			step('Get Payment URL', 'alibabaOrder', 'getPaymentUrl', { orderId: '={{ $json.orderId }}' }, {
				items: 1,
				query: { orderId: single },
				bigIds: ['orderId'],
				first: { orderId: single, payUrl: `https://trade.1688.com/order/cashier.htm?orderId=${single}` },
			}),
			step(
				'Cancel 1688 Order',
				'alibabaOrder',
				'cancel',
				{ orderId: "={{ $('Create 1688 Order').item.json.orderId }}", cancelReason: '不想要了' },
				{ items: 1, body: { webSite: '1688', orderId: int(single), cancelReason: '不想要了' }, first: { value: true } },
			),
		],
		[
			sampled('Preview Multi-Seller', 'alibabaOrder', 'previewMultiSeller', {}, { items: 1, first: { success: true } }),
			step(
				'Create Multi-Seller',
				'alibabaOrder',
				'createMultiSeller',
				{
					cargoParamList: {
						values: [
							{ ...cargo, quantity: 1, sellerOpenId: p0.sellerOpenId },
							{ offerId: p1.offerId, specId: p1.specs[0].specId, quantity: 3, sellerOpenId: p1.sellerOpenId },
						],
					},
					additionalFields: { addressParam: { values: ALIBABA_ADDRESS }, flow: 'general' },
				},
				{
					items: 2,
					bigIds: ['baseInfo.id', 'baseInfo.idOfStr', 'productItems.0.subItemID'],
					first: { 'baseInfo.idOfStr': multiA, 'baseInfo.status': 'waitbuyerpay' },
					last: { 'baseInfo.idOfStr': multiB },
				},
			),
			step(
				'Pay Many',
				'alibabaOrder',
				'payMany',
				{ orderIds: '={{ $input.all().map((item) => item.json.baseInfo.idOfStr).join(",") }}' },
				{
					items: 1,
					body: { orderIds: [multiA, multiB] },
					bigIds: ['successOrderList.0', 'successOrderList.1'],
					first: { protocolPaySuccess: true, 'cantPayOrderList.length': 0 },
				},
				{ executeOnce: true },
			),
		],
		[
			sampled(
				'Confirm Receipt',
				'alibabaOrder',
				'confirmReceipt',
				{
					params: { orderId: receiving.orderId },
					additional: { orderEntryIds: receiving.items[0].subItemId },
					body: { orderId: int(receiving.orderId), orderEntryIds: [int(receiving.items[0].subItemId)] },
				},
				{ items: 1, first: { success: true } },
			),
		],
	]);
}

function alibabaRefund(credential: CredentialRef): ResourceGroupCase {
	const [refund0] = SEED.alibabaRefunds;
	const order = SEED.alibabaOrders[1];
	const voucherUrl = 'https://example.com/damaged-goods.jpg';
	const voucher = `img/ibank/refund/${createHash('md5').update(voucherUrl).digest('hex')}.jpg`;
	const created = NEXT.alibabaRefund;
	return group('1688 Refund', credential, [
		[step('Get Carriers', 'alibabaRefund', 'getCarriers', {}, { items: 4, has: ['companyNo', 'companyName'], first: { companyNo: 'SF' } })],
		[
			step('Get 1688 Refund', 'alibabaRefund', 'get', { refundId: refund0.refundId }, {
				items: 1,
				body: { refundId: refund0.refundId },
				query: { refundId: refund0.refundId },
				bigIds: ['id', 'orderId', 'orderEntryId'],
				first: { refundId: refund0.refundId, id: refund0.id, orderId: refund0.orderId, status: refund0.status },
			}),
		],
		[
			step('Get Reasons', 'alibabaRefund', 'getReasons', { orderId: order.orderId, goodsStatus: 'refundWaitSellerSend' }, {
				items: 1,
				body: { orderId: int(order.orderId), goodsStatus: 'refundWaitSellerSend' },
				first: { 'reasons.0.id': 20006 },
			}),
			step('Upload Voucher', 'alibabaRefund', 'uploadVoucher', { imageSource: 'url', imageUrl: voucherUrl }, {
				items: 1,
				body: { imageAddress: voucherUrl },
				first: { imageRelativeUrl: voucher },
			}),
			sampled(
				'Create 1688 Refund',
				'alibabaRefund',
				'create',
				{
					params: { orderId: order.orderId, applyReasonId: "={{ $('Get Reasons').item.json.reasons[0].id }}" },
					additional: { vouchers: '={{ $json.imageRelativeUrl }}' },
					body: { orderId: int(order.orderId), applyReasonId: 20006, vouchers: [voucher] },
				},
				{ items: 1, first: { refundId: created } },
			),
			sampled(
				'Submit 1688 Return Shipment',
				'alibabaRefund',
				'submitReturnShipment',
				{ params: { refundId: '={{ $json.refundId }}', logisticsCompanyNo: 'SF' }, body: { refundId: created, logisticsCompanyNo: 'SF' } },
				{ items: 1, first: { value: true } },
			),
			step('Get New 1688 Refund', 'alibabaRefund', 'get', { refundId: "={{ $('Create 1688 Refund').item.json.refundId }}" }, {
				items: 1,
				body: { refundId: created },
				query: { refundId: created },
				bigIds: ['orderId'],
				first: { refundId: created, status: 'waitsellerreceive', applyReasonId: 20006, buyerLogisticsName: 'SF', 'vouchers.0': voucher },
			}),
		],
	]);
}

function alibabaCart(credential: CredentialRef): ResourceGroupCase {
	const cart = SEED.alibabaCart;
	const enabled = cart.filter((item) => item.enabled);
	const sellersOf = (items: typeof cart) => new Set(items.map((item) => item.sellerOpenId)).size;
	const sample = sampleOperation('alibabaCart', endpointOf('alibabaCart', 'add'));
	const addedSeller = (sample.expected.body as { sellerOpenId: string }).sellerOpenId;
	return group('1688 Cart', credential, [
		[
			step('Get 1688 Cart', 'alibabaCart', 'getAll', {}, {
				items: 1,
				first: {
					'enableList.length': sellersOf(enabled),
					'disableList.length': sellersOf(cart.filter((item) => !item.enabled)),
					'enableList.0.cartItemInfos.0.id': cart[0].id,
					'enableList.0.cartItemInfos.0.offerId': asReceived(cart[0].offerId),
				},
			}),
			sampled('Add to 1688 Cart', 'alibabaCart', 'add', {}, { items: 1, first: { cartId: NEXT.alibabaCart, success: true } }),
			sampled(
				'Update 1688 Cart Quantity',
				'alibabaCart',
				'updateQuantity',
				{ params: { cartId: '={{ $json.cartId }}' }, body: { id: NEXT.alibabaCart } },
				{ items: 1, first: { value: true } },
			),
			step(
				'Preview 1688 Cart Order',
				'alibabaCart',
				'previewOrder',
				{ cartIds: `${cart[0].id}, ${cart[1].id}`, additionalFields: { addressParam: { values: { ...ALIBABA_ADDRESS, districtCode: '330106' } } } },
				{
					items: 1,
					body: { cartIds: [cart[0].id, cart[1].id], addressParam: { ...ALIBABA_ADDRESS, districtCode: '330106' } },
					first: { success: true, 'orderPreviewResuslt.0.sumCarriage': 800 },
				},
			),
			step('Create 1688 Cart Order', 'alibabaCart', 'createOrder', { cartIds: `${cart[0].id},${cart[1].id}`, flow: 'general' }, {
				items: 1,
				body: { cartIds: [cart[0].id, cart[1].id], flow: 'general' },
				bigIds: ['orderList.0.orderId', 'orderList.1.orderId'],
				first: { success: true, 'orderList.0.orderId': NEXT.alibabaOrder(0), 'orderList.1.orderId': NEXT.alibabaOrder(1) },
			}),
			step('Delete from 1688 Cart', 'alibabaCart', 'delete', { cartIds: String(cart[2].id) }, {
				items: 1,
				body: { cartIds: [cart[2].id] },
				first: { value: true },
			}),
			step('Get 1688 Cart After', 'alibabaCart', 'getAll', {}, {
				items: 1,
				first: {
					'enableList.length': 1,
					'enableList.0.sellerOpenId': addedSeller,
					'enableList.0.cartItemInfos.0.id': NEXT.alibabaCart,
					'enableList.0.cartItemInfos.0.quantity': 7,
				},
			}),
		],
	]);
}

function alibabaMarketing(credential: CredentialRef): ResourceGroupCase {
	const products = SEED.alibabaProducts;
	const hot = (fake: FakePandaPon) => fake.state.alibabaProducts.filter((product) => product.monthSold > 0).length;
	return group('1688 Marketing', credential, [
		[
			step('Search Strict Selection', 'alibabaMarketing', 'searchStrictSelection', { keyword: 'mug', returnAll: false, limit: 3 }, {
				items: 3,
				first: { offerId: asReceived(products[10].offerId) },
				body: { country: 'en', keyword: 'mug', beginPage: 1, pageSize: 3 },
			}),
		],
		[
			step('Search Global Strict Selection', 'alibabaMarketing', 'searchGlobalStrictSelection', { keyword: '保温杯', returnAll: false, limit: 2 }, {
				items: 2,
				first: { offerId: asReceived(products[2].offerId) },
			}),
		],
		[
			// Return All: every hot product, over as many 20-record pages as it takes.
			step('Get Hot List (all)', 'alibabaMarketing', 'getHotList', { returnAll: true }, {
				items: hot,
				requests: (fake) => Math.max(1, Math.ceil(hot(fake) / 20)),
				has: ['offerId', 'monthSold'],
			}),
		],
	]);
}

function address(credential: CredentialRef): ResourceGroupCase {
	const [home] = SEED.addresses;
	const created = { name: 'zhang san', province: '广东省', city: '深圳市', district: '南山区', address: '科技园南区 8 栋', phone: '13800138000' };
	return group('Address', credential, [
		[
			step('Get Addresses', 'address', 'getAll', {}, { items: SEED.addresses.length, first: { id: home.id, name: home.name } }),
			sampled(
				'Update Address',
				'address',
				'upsert',
				{ additional: { id: '={{ $json.id }}' }, body: { id: home.id } },
				{ items: 1, first: { success: true } },
				{ executeOnce: true },
			),
			step('Create Address', 'address', 'upsert', created, { items: 1, body: created, first: { success: true } }),
			step('Get Addresses After', 'address', 'getAll', {}, {
				items: SEED.addresses.length + 1,
				first: { id: home.id, name: 'sample name' },
				last: { id: NEXT.address, name: created.name },
			}),
		],
	]);
}

function logistics(credential: CredentialRef): ResourceGroupCase {
	const logisticInfos = [
		{
			lineItem: { itemId: '2048020617114736', skuId: '413185732720', quantity: 1, title: '保温杯' },
			logisticNumer: 'LP00000001',
			domesticLogisticInfo: [{ logisticNumer: 'SF1234521212678', logisticCompanyName: '顺丰', rtsTime: '1754342534' }],
		},
	];
	return group('Logistics', credential, [
		[sampled('Estimate Item Freight', 'logistics', 'estimateItemFreight', {}, { items: 2, has: ['serviceId', 'price', 'currency'] })],
		[
			sampled('Preview Order Freight', 'logistics', 'previewOrderFreight', {}, { items: 1, first: { renderId: 'FF2024080200001' } }),
			sampled(
				'Create International Order',
				'logistics',
				'createInternationalOrder',
				{ additional: { renderId: '={{ $json.renderId }}' }, body: { renderId: 'FF2024080200001' } },
				{ items: 1, bigIds: ['tmallOrderId'], first: { renderId: 'FF2024080200001', status: 'CREATED' } },
			),
			sampled(
				'Update Domestic Logistics',
				'logistics',
				'updateDomesticLogistics',
				{ additional: { logisticInfos: JSON.stringify(logisticInfos) }, body: { logisticInfos } },
				{ items: 1, first: { value: true } },
			),
		],
	]);
}

function customApiCall(credential: CredentialRef): ResourceGroupCase {
	const [order0, order1] = SEED.taobaoOrders;
	const alibaba = SEED.alibabaOrders[0];
	const refunds = SEED.taobaoRefunds;
	return group('Custom API Call', credential, [
		[
			customCall('Custom GET Order', { method: 'GET', path: '/open/order/detail/get', query: { orderId: order0.orderId } }, {
				items: 1,
				query: { orderId: order0.orderId },
				bigIds: ['orderId'],
				first: { orderId: order0.orderId },
			}),
			// A 19-digit integer literal typed in the JSON body must reach PandaPon with every digit.
			customCall(
				'Custom POST 1688 Order',
				{ method: 'POST', path: '/alibaba/order/detail', body: `{"webSite": "1688", "orderId": ${alibaba.orderId}}`, idempotent: true },
				{ items: 1, body: { webSite: '1688', orderId: int(alibaba.orderId) }, bigIds: ['baseInfo.id'], first: { 'baseInfo.idOfStr': alibaba.orderId } },
			),
			customCall('Custom List Refunds', { method: 'POST', path: '/open/order/refund/queryList', body: '{"pageNo": 1, "pageSize": 2}', idempotent: true }, {
				items: 1,
				body: { pageNo: 1, pageSize: 2 },
				// The documented answer (REFERENCE.md 5.3), as PandaPon sends it.
				first: { 'refundOrderAggregates.length': 2, 'refundOrderAggregates.1.refundOrder.refundId': refunds[1].refundId, total: refunds.length },
			}),
			customCall(
				'Custom GET Refund',
				{ method: 'GET', path: '/open/order/refund/query', query: { refundId: '={{ $json.refundOrderAggregates[1].refundOrder.refundId }}' } },
				{ items: 1, query: { refundId: refunds[1].refundId }, first: { 'refundOrderAggregate.refundOrder.refundId': refunds[1].refundId } },
			),
			customCall(
				'Custom Cancel Order',
				{ method: 'POST', path: '/open/order/cancel', body: "={{ JSON.stringify({ orderId: $('Custom GET Order').item.json.orderId }) }}" },
				{ items: 1, body: { orderId: order0.orderId }, first: { value: true } },
			),
		],
		[
			customCall('Custom GET Second Order', { method: 'GET', path: '/open/order/detail/get', query: { orderId: order1.orderId } }, {
				items: 1,
				bigIds: ['orderId', 'purchaseOrderId'],
				first: { orderId: order1.orderId },
			}),
		],
	]);
}

/** Three refunds in, the middle one swapped for an unknown ID: two results and an error item, in order. */
function continueOnFail(credential: CredentialRef): ResourceGroupCase {
	const refunds = SEED.taobaoRefunds;
	return group('Continue On Fail', credential, [
		[
			step('Get Many Refunds', 'taobaoRefund', 'getAll', { returnAll: false, limit: 3, simplify: true }, { items: 3, first: { refundId: refunds[0].refundId } }),
			step(
				'Get Refund (one unknown)',
				'taobaoRefund',
				'get',
				{ refundId: "={{ $itemIndex === 1 ? '999999999999' : $json.refundId }}" },
				{
					items: 3,
					requests: 3,
					errorItems: { 1: 'PandaPon error 4004: refund does not exist: 999999999999' },
					pairedItems: [0, 1, 2],
					has: ['refundOrderAggregate.refundOrder.refundId'],
					first: { 'refundOrderAggregate.refundOrder.refundId': refunds[0].refundId },
					last: { 'refundOrderAggregate.refundOrder.refundId': refunds[2].refundId },
				},
				{ onError: 'continueRegularOutput' },
			),
			// The error item has no refund ID: a validation error item here, the others succeed.
			step(
				'Get Messages (after error)',
				'taobaoRefund',
				'getMessages',
				{ refundId: '={{ $json.refundOrderAggregate?.refundOrder?.refundId ?? "" }}' },
				{
					items: 3,
					requests: 2,
					errorItems: { 1: '"Refund ID" is required (item 1)' },
					pairedItems: [0, 1, 2],
					has: ['content'],
					first: { refundId: refunds[0].refundId },
					last: { refundId: refunds[2].refundId },
				},
				{ onError: 'continueRegularOutput' },
			),
		],
	]);
}

/** Every resource group's workflow, plus the continue-on-fail one, for one credential. */
export function resourceGroupCases(credential: CredentialRef): ResourceGroupCase[] {
	return [
		taobaoProduct,
		taobaoOrder,
		taobaoRefund,
		taobaoCart,
		alibabaProduct,
		alibabaOrder,
		alibabaRefund,
		alibabaCart,
		alibabaMarketing,
		address,
		logistics,
		customApiCall,
		continueOnFail,
	].map((build) => build(credential));
}
