import type { IDataObject } from 'n8n-workflow';

import {
	refundFeeField,
	TAOBAO_GOODS_STATUSES,
	TAOBAO_REFUND_STATUSES,
	TAOBAO_REFUND_TYPES,
	taobaoRefundStatusField,
} from '../fields/taobao';
import { codeOf, idText, isObject, isoFromEpochMs, labelOf } from '../output';
import type { Resource } from './types';

/** Node version whose Taobao Refund Get and Get Many simplify by default. */
const REFUND_SIMPLIFY_SINCE = 1.1;

function withoutUndefined(record: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as IDataObject;
}

/**
 * One flat record per refund, from a list aggregate or from the detail's
 * `refundOrderAggregate` (REFERENCE.md 5.3): IDs as exact text, codes with labels (upstream
 * enums, section 8), the amount in fen and in yuan, times as ISO dates. A record without
 * the `refundOrder` and `purchaseOrderLine` blocks is returned unchanged, never emptier.
 */
export function simplifyTaobaoRefund(data: IDataObject): IDataObject {
	const aggregate = isObject(data.refundOrderAggregate) ? data.refundOrderAggregate : data;
	if (!isObject(aggregate.refundOrder) && !isObject(aggregate.purchaseOrderLine)) return data;
	const refund = isObject(aggregate.refundOrder) ? aggregate.refundOrder : {};
	const line = isObject(aggregate.purchaseOrderLine) ? aggregate.purchaseOrderLine : {};
	const status = codeOf(refund.refundStatus);
	const refundFee = codeOf(refund.refundFee);
	return withoutUndefined({
		refundId: idText(refund.refundId),
		refundStatus: status as IDataObject[string],
		refundStatusLabel: labelOf(TAOBAO_REFUND_STATUSES, status) ?? null,
		refundType: refund.refundType,
		refundTypeLabel: labelOf(TAOBAO_REFUND_TYPES, refund.refundType) ?? null,
		goodsStatus: refund.goodsStatus,
		goodsStatusLabel: labelOf(TAOBAO_GOODS_STATUSES, refund.goodsStatus) ?? null,
		refundFee: refundFee as IDataObject[string],
		refundFeeYuan: typeof refundFee === 'number' ? refundFee / 100 : undefined,
		currency: line.currency ?? data.currency,
		reasonId: refund.reasonId,
		reason: refund.reasonDesc,
		refundDesc: refund.refundDesc,
		sellerRefuseReason: refund.sellerRefuseReason,
		purchaseOrderId: idText(line.purchaseOrderId),
		purchaseOrderLineId: idText(line.purchaseOrderLineId),
		salesOrderId: idText(line.salesOrderId),
		payOrderId: idText(refund.payOrderId),
		itemTitle: line.itemTitle,
		quantity: line.quantity,
		properties: line.properties,
		supplierId: idText(line.supplierId),
		supplierNick: line.supplierNick,
		createdAt: isoFromEpochMs(line.createTime) as IDataObject[string],
		timeoutAt: isoFromEpochMs(refund.timeoutDate) as IDataObject[string],
		subUserId: aggregate.subUserId,
		logistics: aggregate.logistics,
	});
}

const refundId = {
	name: 'refundId',
	displayName: 'Refund ID',
	kind: 'id',
	required: true,
	placeholder: 'e.g. 110002685755',
	description: 'ID of the Taobao refund (after-sales order)',
} as const;

const subOrderId = {
	name: 'subOrderId',
	displayName: 'Sub-Order ID',
	kind: 'id',
	required: true,
	placeholder: 'e.g. 300012345678',
	description: 'ID of the order line to refund (the sub-purchase order)',
} as const;

// Labels from the upstream Taobao API (REFERENCE section 8); an expression may send any other code.
const refundType = {
	name: 'refundType',
	displayName: 'Refund Type',
	kind: 'options',
	itemKind: 'integer',
	default: 1,
	options: TAOBAO_REFUND_TYPES,
	description: 'Refund only, or return and refund (codes of the upstream Taobao API; unconfirmed for PandaPon)',
} as const;

const goodsStatus = {
	name: 'goodsStatus',
	displayName: 'Goods Status',
	kind: 'options',
	itemKind: 'integer',
	default: 1,
	options: TAOBAO_GOODS_STATUSES,
	description: 'Where the goods are (codes of the upstream Taobao API; unconfirmed for PandaPon)',
} as const;

const reasonId = {
	name: 'reasonId',
	displayName: 'Reason ID',
	kind: 'integer',
	description: 'A reason ID from Preview (refundOrderTemplate.refundReasons[].reasonId)',
} as const;

const refundDesc = { name: 'refundDesc', displayName: 'Description', kind: 'string', description: 'Why the refund is requested' } as const;

/** Taobao after-sales ("reverse orders" in PandaPon's docs). */
export const taobaoRefund: Resource = {
	value: 'taobaoRefund',
	name: 'Taobao Refund',
	description: 'After-sales refunds and returns of Taobao orders',
	endpoints: [
		{
			key: 'taobaoAfterSales.get',
			operation: 'get',
			name: 'Get',
			action: 'Get a Taobao refund',
			description: 'Get one refund with its status, amounts, order line and return logistics.',
			method: 'GET',
			path: '/open/order/refund/query',
			confidence: 'documented-v1',
			changesData: false,
			fields: [refundId],
			simplify: simplifyTaobaoRefund,
			simplifySince: REFUND_SIMPLIFY_SINCE,
		},
		{
			key: 'taobaoAfterSales.list',
			operation: 'getAll',
			name: 'Get Many',
			action: 'Get many Taobao refunds',
			description: 'List refunds, optionally filtered by order, status or creation time.',
			method: 'POST',
			path: '/open/order/refund/queryList',
			confidence: 'documented-v1',
			changesData: false,
			list: { style: 'pageNo', defaultPageSize: 50 },
			simplify: simplifyTaobaoRefund,
			simplifySince: REFUND_SIMPLIFY_SINCE,
			fields: [
				{ name: 'refundId', displayName: 'Refund ID', kind: 'id' },
				{ name: 'purchaseOrderId', displayName: 'Purchase Order ID', kind: 'id' },
				{ name: 'salesOrderId', displayName: 'Sales Order ID', kind: 'id', description: 'Your own (seller) order number' },
				taobaoRefundStatusField,
				{
					name: 'refundStartTime',
					displayName: 'Created After',
					kind: 'dateTime',
					description: 'Only refunds created at or after this time (sent as epoch milliseconds; unit unconfirmed)',
				},
				{
					name: 'refundEndTime',
					displayName: 'Created Before',
					kind: 'dateTime',
					description: 'Only refunds created at or before this time (sent as epoch milliseconds; unit unconfirmed)',
				},
			],
		},
		{
			key: 'taobaoAfterSales.render',
			operation: 'preview',
			name: 'Preview',
			action: 'Preview a Taobao refund',
			description:
				'Check whether an order line can be refunded and get the allowed reasons and maximum amount, before creating a refund.',
			method: 'POST',
			path: '/open/order/refund/render',
			confidence: 'documented-v2-only',
			changesData: false,
			fields: [subOrderId, { ...refundType, required: true }, { ...goodsStatus, required: true }],
		},
		{
			key: 'taobaoAfterSales.create',
			operation: 'create',
			name: 'Create',
			action: 'Create a Taobao refund',
			description: 'Apply for a refund (or return and refund) of an order line. Run Preview first for the reason IDs.',
			method: 'POST',
			path: '/open/order/refund/submit',
			confidence: 'inferred',
			changesData: true,
			fields: [
				subOrderId,
				{ ...refundType, required: true },
				{ ...goodsStatus, required: true },
				{ ...reasonId, required: true },
				refundFeeField,
				refundDesc,
			],
		},
		{
			key: 'taobaoAfterSales.update',
			operation: 'update',
			name: 'Update',
			action: 'Update a Taobao refund',
			description: 'Change the type, reason, amount or description of an open refund.',
			method: 'POST',
			path: '/open/order/refund/modify',
			confidence: 'inferred',
			changesData: true,
			fields: [refundId, refundType, goodsStatus, reasonId, refundFeeField, refundDesc],
		},
		{
			key: 'taobaoAfterSales.cancel',
			operation: 'cancel',
			name: 'Cancel',
			action: 'Cancel a Taobao refund',
			description: 'Withdraw a refund application.',
			method: 'GET',
			path: '/open/order/refund/cancel/{refundId}',
			confidence: 'documented-v1',
			changesData: true,
			fields: [{ ...refundId, in: 'path' }],
		},
		{
			key: 'taobaoAfterSales.submitMessage',
			operation: 'addMessage',
			name: 'Add Message',
			action: 'Add a message to a Taobao refund',
			description: 'Send a message (and optionally images) to the seller about a refund.',
			method: 'POST',
			path: '/open/order/refund/submit/message',
			confidence: 'documented-v1',
			changesData: true,
			fields: [
				refundId,
				{ name: 'refundMessage', displayName: 'Message', kind: 'string', required: true, placeholder: 'e.g. The parcel arrived damaged' },
				{
					name: 'refundImages',
					displayName: 'Images',
					kind: 'string',
					description: 'Image references in one string, passed through unchanged (format undocumented)',
				},
			],
		},
		{
			key: 'taobaoAfterSales.listMessages',
			operation: 'getMessages',
			name: 'Get Messages',
			action: 'Get the messages of a Taobao refund',
			description: 'List the messages exchanged with the seller about a refund.',
			method: 'POST',
			path: '/open/order/refund/message/queryList',
			confidence: 'inferred',
			changesData: false,
			splitArray: true,
			fields: [refundId],
		},
		{
			key: 'taobaoAfterSales.renderReturnLogistics',
			operation: 'previewReturnShipment',
			name: 'Preview Return Shipment',
			action: 'Preview the return shipment of a Taobao refund',
			description: 'Get the return address and accepted carriers before sending goods back.',
			method: 'GET',
			path: '/open/order/refund/render/logistics',
			confidence: 'inferred',
			changesData: false,
			fields: [refundId],
			notes:
				'The path is the upstream Taobao API\'s (/order/refund/render/logistics) under PandaPon\'s /open prefix, as for its documented refund paths (REFERENCE section 8); the older guess was /open/order/refund/logistics/render.',
		},
		{
			key: 'taobaoAfterSales.submitReturnLogistics',
			operation: 'submitReturnShipment',
			name: 'Submit Return Shipment',
			action: 'Submit the return shipment of a Taobao refund',
			description: 'Tell the seller which carrier and tracking number the returned goods travel with.',
			method: 'POST',
			path: '/open/order/refund/submit/logistics',
			confidence: 'inferred',
			changesData: true,
			fields: [
				refundId,
				{ name: 'logisticsCompanyCode', displayName: 'Carrier Code', kind: 'string', required: true, placeholder: 'e.g. SF' },
				{ name: 'logisticsNo', displayName: 'Tracking Number', kind: 'string', required: true, placeholder: 'e.g. SF1234567890123' },
				{ name: 'buyerPhone', displayName: 'Buyer Phone', kind: 'string', description: 'Phone number the seller can reach you on about the return' },
				{ name: 'returnGoodsDesc', displayName: 'Return Note', kind: 'string', description: 'A note about the returned goods' },
			],
			notes:
				'Path and fields are the upstream Taobao API\'s (/order/refund/submit/logistics with logisticsNo) under PandaPon\'s /open prefix, as for its documented refund paths (REFERENCE section 8); the older guess was /open/order/refund/logistics/submit with mailNo.',
		},
	],
};
