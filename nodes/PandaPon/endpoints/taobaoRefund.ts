import { refundFeeField, TAOBAO_GOODS_STATUSES, TAOBAO_REFUND_TYPES, taobaoRefundStatusField } from '../fields/taobao';
import type { Resource } from './types';

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
