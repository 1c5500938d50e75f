/** Taobao › Order (REFERENCE.md 5.2). */

import { JsonInteger } from '../../../nodes/shared/losslessJson';
import { NOT_FOUND_CODE } from '../codes';
import { DOCS_RECEIVER, ids } from '../fixtures';
import {
	asObject,
	bodyOf,
	idOf,
	invalid,
	optionalText,
	queryOf,
	requireId,
	requireInteger,
	requireJsonString,
	requireText,
	type Params,
} from '../input';
import { readPageRequest, recordsPage } from '../paging';
import type { RouteDefinition } from '../router';
import type { FakePandaPon } from '../server';
import {
	findTaobaoOrder,
	newestFirst,
	TAOBAO_ORDER_STATUS,
	touch,
	type FakeState,
	type TaobaoOrder,
	type TaobaoOrderLine,
	type TaobaoReceiver,
} from '../state';
import { chinaDateTime, taobaoOrderView } from '../views';
import { BusinessError } from '../types';
import { get, post } from './helpers';

interface RequestedLine {
	itemId: string;
	skuId: string;
	quantity: number;
	price: number;
}

/** Lines arrive as strings (create example) or numbers (render example); both are accepted. */
function readOrderLines(body: Params): RequestedLine[] {
	const lines = requireJsonString(body, 'orderLineList');
	if (!Array.isArray(lines) || lines.length === 0) throw invalid('orderLineList must encode a non-empty array');
	return lines.map((entry) => {
		const line = asObject(entry);
		const quantity = Number(line.quantity ?? 1);
		if (!Number.isInteger(quantity) || quantity < 1) throw invalid('orderLineList quantity must be a positive integer');
		return {
			itemId: requireId(line, 'itemId'),
			skuId: idOf(line.skuId) ?? '',
			quantity,
			price: Number(line.price ?? 0),
		};
	});
}

function readReceiver(body: Params): TaobaoReceiver {
	return { ...DOCS_RECEIVER, ...(asObject(requireJsonString(body, 'receiver')) as Partial<TaobaoReceiver>) };
}

export function createTaobaoOrder(
	state: FakeState,
	lines: RequestedLine[],
	receiver: TaobaoReceiver,
	details: { purchaseAmount: number; sellerOrderNumber?: string; orderSource?: string },
	nowMs: number,
): TaobaoOrder {
	const index = state.sequences.taobaoOrder++;
	const orderLines: TaobaoOrderLine[] = lines.map((line, position) => ({
		subPurchaseOrderId: ids.taobaoSubPurchaseOrderId(index * 3 + position),
		purchaseOrderOuterId: ids.taobaoPurchaseOrderOuterId(index * 3 + position),
		itemId: line.itemId,
		skuId: line.skuId,
		title: `商品 ${line.itemId}`,
		quantity: line.quantity,
		price: line.price,
	}));
	const order: TaobaoOrder = {
		orderId: ids.taobaoOrderId(index),
		purchaseOrderId: ids.taobaoPurchaseOrderId(index),
		sellerOrderNumber: details.sellerOrderNumber ?? '',
		orderSource: details.orderSource ?? '',
		orderStatus: TAOBAO_ORDER_STATUS.WAIT_BUYER_PAY,
		purchaseAmount: details.purchaseAmount,
		postFee: 0,
		currency: 'CNY',
		receiver,
		lines: orderLines,
		warehouseName: null,
		warehouseAddress: null,
		gmtCreate: nowMs,
		gmtModified: nowMs,
	};
	state.taobaoOrders.push(order);
	return order;
}

function requireOrder(fake: FakePandaPon, orderId: string): TaobaoOrder {
	const order = findTaobaoOrder(fake.state, orderId);
	if (!order) throw new BusinessError(NOT_FOUND_CODE, `order does not exist: ${orderId}`);
	return order;
}

/** Mutations are lenient: a known order is updated, an unknown one still gets `true`. */
function updateOrderIfKnown(fake: FakePandaPon, orderId: string, patch: Partial<TaobaoOrder>): true {
	const order = findTaobaoOrder(fake.state, orderId);
	if (order) touch(order, patch, Date.now());
	return true;
}

function logisticsTraces(nowMs: number) {
	const step = (hoursAgo: number, action: string, statusDesc: string, city: string) => ({
		statusDesc,
		province: '浙江省',
		city,
		district: '余杭区',
		action,
		facilityName: `${city}转运中心`,
		time: chinaDateTime(nowMs - hoursAgo * 3_600_000),
		standerdDesc: statusDesc,
		status: 'TRANSPORT',
		nextCity: '广州市',
		nextNodeName: '广州转运中心',
	});
	return [
		step(30, 'TMS_STATION_IN', '快件已到达杭州转运中心', '杭州市'),
		step(26, 'TMS_STATION_OUT', '快件已从杭州转运中心发出', '杭州市'),
	];
}

export const taobaoOrderRoutes: RouteDefinition[] = [
	// Answer assumed (undocumented).
	post('/open/order', (req, fake) => {
		const body = bodyOf(req);
		const lines = readOrderLines(body);
		const receiver = readReceiver(body);
		const purchaseAmount = requireInteger(body, 'purchaseAmount');
		const order = createTaobaoOrder(
			fake.state,
			lines,
			receiver,
			{ purchaseAmount, sellerOrderNumber: optionalText(body, 'sellerOrderNumber'), orderSource: optionalText(body, 'orderSource') },
			Date.now(),
		);
		return {
			orderId: new JsonInteger(order.orderId),
			purchaseOrderId: new JsonInteger(order.purchaseOrderId),
			orderStatus: order.orderStatus,
			purchaseAmount: order.purchaseAmount,
			currency: order.currency,
		};
	}),

	// Answer assumed (undocumented).
	post('/open/order/render', (req) => {
		const body = bodyOf(req);
		const lines = readOrderLines(body);
		readReceiver(body);
		const renderLines = lines.map((line) => ({
			itemId: new JsonInteger(line.itemId),
			skuId: line.skuId === '' ? null : new JsonInteger(line.skuId),
			quantity: line.quantity,
			price: line.price > 0 ? line.price : 1_000,
			canBuy: true,
			errorMsg: null,
		}));
		const productAmount = renderLines.reduce((sum, line) => sum + line.price * line.quantity, 0);
		return { currency: 'CNY', productAmount, postFee: 600, totalAmount: productAmount + 600, orderLines: renderLines };
	}),

	// Answer assumed (undocumented).
	get('/open/order/page', (req, fake) => {
		const page = readPageRequest(queryOf(req), { pageKey: 'pageNo', defaultSize: 10, maxSize: fake.settings.maxPageSize });
		return recordsPage(newestFirst(fake.state.taobaoOrders, (order) => order.orderId), page, taobaoOrderView);
	}),

	// Answer assumed (undocumented).
	post('/open/order/uploadVoucher', (req, fake) => {
		const body = bodyOf(req);
		const orderId = requireId(body, 'orderId');
		if (!optionalText(body, 'imageBase64') && !optionalText(body, 'imageAddress')) {
			throw invalid('imageBase64 or imageAddress is required');
		}
		return updateOrderIfKnown(fake, orderId, { orderStatus: TAOBAO_ORDER_STATUS.PAY_VOUCHER_UPLOADED });
	}),

	// Answer assumed (undocumented).
	post('/open/order/cancel', (req, fake) =>
		updateOrderIfKnown(fake, requireId(bodyOf(req), 'orderId'), { orderStatus: TAOBAO_ORDER_STATUS.CANCEL }),
	),

	// Answer assumed (undocumented).
	post('/open/order/updateWarehouse', (req, fake) => {
		const body = bodyOf(req);
		return updateOrderIfKnown(fake, requireId(body, 'orderId'), {
			warehouseName: requireText(body, 'warehouseName'),
			warehouseAddress: requireText(body, 'warehouseAddress'),
		});
	}),

	// Answer assumed (undocumented).
	post('/open/order/pay', (req, fake) => {
		const orderId = requireId(bodyOf(req), 'orderId');
		updateOrderIfKnown(fake, orderId, { orderStatus: TAOBAO_ORDER_STATUS.WAIT_SELLER_SEND_GOODS });
		return { orderId: new JsonInteger(orderId), paySuccess: true };
	}),

	post('/open/order/page/link/get', (req) => {
		const body = bodyOf(req);
		const token = Buffer.from(`${optionalText(body, 'loginName') ?? 'guest'}:${Date.now()}`).toString('base64url');
		return `https://distributor.taobao.global/apps/open/imchat?loginToken=${token}`;
	}),

	// Answer assumed (undocumented).
	get('/open/order/detail/get', (req, fake) => taobaoOrderView(requireOrder(fake, requireId(queryOf(req), 'orderId')))),

	get('/open/order/logistics/detail/get', (req, fake) => {
		const subPurchaseOrderId = requireId(queryOf(req), 'subPurchaseOrderId');
		const line = fake.state.taobaoOrders
			.flatMap((order) => order.lines)
			.find((candidate) => candidate.subPurchaseOrderId === subPurchaseOrderId);
		return {
			purchaseOrderOuterId: line?.purchaseOrderOuterId ?? ids.taobaoPurchaseOrderOuterId(50_000),
			pnmLogisticsDetails: [
				{
					mailNo: `YT${subPurchaseOrderId}`,
					logisticsCompanyName: '圆通速递',
					logisticsCompanyCode: 'YTO',
					packageStatus: 'TRANSPORT',
					logisticsTraces: logisticsTraces(Date.now()),
				},
			],
		};
	}),
];
