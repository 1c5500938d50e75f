import type { IDataObject } from 'n8n-workflow';

import { addressParamField, cargoParamListField, ORDER_FLOW, orderCreationFields, orderEntryIdsField, orderIdField } from '../fields/alibaba';
import { pick } from '../output';
import { asObject, keepUnrecognised } from '../simplify';
import type { Resource } from './types';

/**
 * Order detail and cancel require `webSite: "1688"`, the only value documented. The 1688
 * resource has no use for another one, so it is a constant rather than a field; Extra Body
 * Fields (or Extra Query Parameters for GET) can still override it.
 */
const WEB_SITE = { webSite: '1688' };

const BASE_KEYS = [
	'status',
	'totalAmount',
	'sumProductPayment',
	'shippingFee',
	'discount',
	'refund',
	'createTime',
	'payTime',
	'allDeliveredTime',
	'completeTime',
	'sellerID',
	'sellerOpenId',
	'buyerFeedback',
];
const LINE_KEYS = ['productID', 'skuID', 'specId', 'name', 'quantity', 'price', 'itemAmount', 'status', 'refundStatus', 'productImgUrl'];
const RECEIVER_KEYS = ['contactPerson', 'mobile', 'telephone', 'province', 'city', 'area', 'town', 'address', 'zip'];
/** Documented blocks of the order detail that Simplify leaves out on purpose (terms, ratings, invoice, customs). */
const ORDER_LEFT_OUT = [
	'guaranteesTerms',
	'tradeTerms',
	'extAttributes',
	'orderRateInfo',
	'orderInvoiceInfo',
	'customs',
	'overseasExtraAddress',
	'orderBizInfo',
];

/** An order line's IDs, product, quantity and amounts; a line with none of them is kept whole. */
function lineSummary(entry: unknown): unknown {
	const line = asObject(entry);
	if (line === undefined) return entry;
	const lineId = line.subItemIDString ?? line.subItemID;
	const summary = { ...(lineId === undefined ? {} : { subItemID: lineId }), ...pick(line, LINE_KEYS) };
	return Object.keys(summary).length > 0 ? summary : entry;
}

/**
 * Status, amounts, lines and receiver of a 1688 order detail. The top-level blocks
 * (baseInfo, productItems, nativeLogistics) are documented; their sub-fields follow the
 * underlying 1688 buyer-view order model. IDs keep the value they arrive with (19-digit ones
 * as strings); the string forms idOfStr and subItemIDString are preferred and shown as
 * orderId and subItemID. A block without the expected contents (a baseInfo without id or
 * idOfStr) is kept as it came, and so is every field not named here.
 */
export function simplifyAlibabaOrder(data: IDataObject): IDataObject {
	const recognised = [...ORDER_LEFT_OUT];
	const summary: IDataObject = {};
	const base = asObject(data.baseInfo);
	if (base !== undefined) {
		const orderId = base.idOfStr ?? base.id;
		const hasId = orderId !== undefined && orderId !== null && orderId !== '';
		Object.assign(summary, hasId ? { orderId } : {}, pick(base, BASE_KEYS));
		// Without the ID where we expect it, the whole block stays: its ID is in there somewhere.
		if (hasId) recognised.push('baseInfo');
	}
	if (Array.isArray(data.productItems)) {
		summary.items = data.productItems.map(lineSummary) as IDataObject[];
		recognised.push('productItems');
	}
	const logistics = asObject(data.nativeLogistics);
	if (logistics !== undefined) {
		const receiver = pick(logistics, RECEIVER_KEYS);
		if (Object.keys(receiver).length > 0) summary.receiver = receiver;
		if (logistics.logisticsItems !== undefined) summary.shipments = logistics.logisticsItems;
		if (Object.keys(receiver).length > 0 || logistics.logisticsItems !== undefined) recognised.push('nativeLogistics');
	}
	return keepUnrecognised(data, summary, recognised);
}

/** 1688 purchase orders: preview, create, pay, cancel, track, confirm receipt. */
export const alibabaOrder: Resource = {
	value: 'alibabaOrder',
	name: '1688 Order',
	description: 'Create, pay, cancel and track 1688 purchase orders',
	endpoints: [
		{
			key: 'alibabaOrder.get',
			operation: 'get',
			name: 'Get',
			action: 'Get a 1688 order',
			description:
				'Get one 1688 order with its status (baseInfo.status, e.g. waitbuyerpay, waitsellersend, waitbuyerreceive, success, cancel), amounts, order lines (productItems, whose subItemID are the order line IDs) and logistics.',
			method: 'POST',
			path: '/alibaba/order/detail',
			confidence: 'documented-v1',
			changesData: false,
			constants: WEB_SITE,
			fields: [orderIdField('id')],
			simplify: simplifyAlibabaOrder,
		},
		{
			key: 'alibabaOrder.list',
			operation: 'getAll',
			name: 'Get Many',
			action: 'Get many 1688 orders',
			description: 'List your 1688 orders, in the order PandaPon returns them. Returns one item per order.',
			method: 'POST',
			path: '/alibaba/order/page',
			confidence: 'documented-v2-only',
			changesData: false,
			list: { style: 'pageNo', defaultPageSize: 20 },
			fields: [],
			notes: 'The request body is undocumented; only the page number and size are sent. Add filters through Extra Body Fields.',
		},
		{
			key: 'alibabaOrder.preview',
			operation: 'preview',
			name: 'Preview',
			action: 'Preview a 1688 order',
			description:
				'Price an order of goods from one seller before creating it: totals, shipping fee and discounts in orderPreviewResuslt (sic), with amounts in the unit the API uses (undocumented, likely fen). Creates nothing.',
			method: 'POST',
			path: '/alibaba/order/create/preview',
			confidence: 'documented-v1',
			changesData: false,
			fields: [cargoParamListField(false), addressParamField({ required: false, districtCode: false })],
		},
		{
			key: 'alibabaOrder.create',
			operation: 'create',
			name: 'Create',
			action: 'Create a 1688 order',
			description:
				'Create an unpaid 1688 order for goods from one seller, shipped to the given address in China. Pay it afterwards with Get Payment URL or Pay Many.',
			method: 'POST',
			path: '/alibaba/order/create',
			confidence: 'documented-v1',
			changesData: true,
			constants: ORDER_FLOW,
			fields: [
				cargoParamListField(false),
				addressParamField({ required: true, districtCode: false }),
				...orderCreationFields(),
			],
		},
		{
			key: 'alibabaOrder.previewBatch',
			operation: 'previewMultiSeller',
			name: 'Preview Multi-Seller',
			action: 'Preview 1688 orders from several sellers',
			description:
				'Price goods from several sellers at once before creating the orders (one order per seller). Creates nothing.',
			method: 'POST',
			path: '/alibaba/order/create/previewbatch',
			confidence: 'documented-v1',
			changesData: false,
			fields: [cargoParamListField(true), addressParamField({ required: false, districtCode: false })],
		},
		{
			key: 'alibabaOrder.createBatch',
			operation: 'createMultiSeller',
			name: 'Create Multi-Seller',
			action: 'Create 1688 orders from several sellers',
			description:
				'Create unpaid 1688 orders for goods from several sellers in one call (one order per seller). Returns the created orders.',
			method: 'POST',
			path: '/alibaba/order/batch/create',
			confidence: 'documented-v1',
			changesData: true,
			fields: [
				cargoParamListField(true),
				addressParamField({ required: false, districtCode: false }),
				...orderCreationFields(),
			],
		},
		{
			key: 'alibabaOrder.pay',
			operation: 'getPaymentUrl',
			name: 'Get Payment URL',
			action: 'Get the payment URL of a 1688 order',
			description:
				'Get the URL where a 1688 order is paid (payUrl). If password-free protocol payment is set up, PandaPon may pay the order right away (protocolPaySuccess: true); cantPayOrderList lists orders that cannot be paid.',
			method: 'GET',
			path: '/alibaba/order/pay/url',
			confidence: 'documented-v1',
			changesData: true,
			fields: [orderIdField('id')],
		},
		{
			key: 'alibabaOrder.batchSubmitToPay',
			operation: 'payMany',
			name: 'Pay Many',
			action: 'Submit 1688 orders for payment',
			description:
				'Submit several unpaid 1688 orders for payment in one call. How PandaPon pays them (balance, protocol payment) is undocumented.',
			method: 'POST',
			path: '/alibaba/order/batch/submit/to/pay',
			confidence: 'documented-v1',
			changesData: true,
			fields: [
				{
					name: 'orderIds',
					displayName: 'Order IDs',
					kind: 'idList',
					itemKind: 'string',
					required: true,
					placeholder: 'e.g. 2059624776425880794,2060506524492880794',
					description: 'Comma-separated 1688 order IDs (19 digits each), sent as strings',
				},
			],
		},
		{
			key: 'alibabaOrder.cancel',
			operation: 'cancel',
			name: 'Cancel',
			action: 'Cancel a 1688 order',
			description: 'Cancel a 1688 order that is not paid yet. Returns true on success.',
			method: 'POST',
			path: '/alibaba/order/cancel',
			confidence: 'documented-v1',
			changesData: true,
			constants: WEB_SITE,
			fields: [
				orderIdField('int64'),
				{
					name: 'cancelReason',
					displayName: 'Cancel Reason',
					kind: 'string',
					required: true,
					placeholder: 'e.g. 不想要了',
					description: 'Why the order is cancelled, free text (the docs\' example is "不想要了", "no longer wanted")',
				},
				{ name: 'remark', displayName: 'Remark', kind: 'string' },
			],
		},
		{
			key: 'alibabaOrder.confirmReceipt',
			operation: 'confirmReceipt',
			name: 'Confirm Receipt',
			action: 'Confirm receipt of a 1688 order',
			description:
				'Confirm that the goods of a 1688 order (or of some of its lines) arrived, which on 1688 normally releases the payment to the seller.',
			method: 'POST',
			path: '/alibaba/order/receivegoods',
			confidence: 'documented-v1',
			changesData: true,
			fields: [orderIdField('int64'), orderEntryIdsField],
		},
		{
			key: 'alibabaOrder.getLogisticsTrace',
			operation: 'getTracking',
			name: 'Get Tracking',
			action: 'Get the tracking of a 1688 order',
			description: "Get the domestic (in China) shipping trace of a 1688 order: the seller's carrier and its tracking events.",
			method: 'GET',
			path: '/alibaba/order/logistics/trace',
			confidence: 'inferred',
			changesData: false,
			constants: WEB_SITE,
			fields: [orderIdField('id')],
		},
	],
};
