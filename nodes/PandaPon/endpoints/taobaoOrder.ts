import type { IDataObject } from 'n8n-workflow';

import { simplifyWithLines, taobaoItemIdField, taobaoQuantityField, taobaoReceiverField } from '../fields/taobao';
import type { Field, Resource } from './types';

const orderId = {
	name: 'orderId',
	displayName: 'Order ID',
	kind: 'id',
	required: true,
	placeholder: 'e.g. 1024285237573584051',
	description: 'ID of the Taobao order, as Create returned it (19 digits; keep it as text)',
} as const;

/** What every order line carries; Create adds the price. */
const LINE_FIELDS: Field[] = [
	{ ...taobaoItemIdField, placeholder: 'e.g. 600126245031041190' },
	{
		name: 'skuId',
		displayName: 'SKU ID',
		kind: 'int64',
		required: true,
		placeholder: 'e.g. 5016042822039',
		description: 'ID of the variant (colour, size…) to buy (written as an exact integer literal)',
	},
	taobaoQuantityField,
];

function orderLinesField(lineFields: Field[]): Field {
	return {
		name: 'orderLineList',
		displayName: 'Order Lines',
		kind: 'group',
		required: true,
		multiple: true,
		jsonString: true,
		description: 'The products to buy, one entry per product variant',
		fields: lineFields,
	};
}

/** Status, amounts and lines first; the field names of the detail are undocumented, so usual ones are tried. */
function simplifyOrder(data: IDataObject): IDataObject {
	return simplifyWithLines(
		data,
		[
			'orderId',
			'purchaseOrderId',
			'sellerOrderNumber',
			'orderSource',
			'orderStatus',
			'status',
			'payStatus',
			'purchaseAmount',
			'totalAmount',
			'productAmount',
			'postFee',
			'shippingFee',
			'refundAmount',
			'currency',
			'receiver',
			'warehouseName',
			'gmtCreate',
			'createTime',
			'payTime',
		],
		{
			from: ['orderLines', 'orderLineList', 'lines', 'subOrders', 'subPurchaseOrders', 'purchaseOrderLines'],
			as: 'lines',
			keys: ['subPurchaseOrderId', 'purchaseOrderOuterId', 'itemId', 'skuId', 'title', 'itemTitle', 'quantity', 'price', 'status', 'refundStatus'],
		},
	);
}

/** Taobao purchase orders placed through PandaPon. */
export const taobaoOrder: Resource = {
	value: 'taobaoOrder',
	name: 'Taobao Order',
	description: 'Purchase orders of Taobao goods: create, pay, cancel, track',
	endpoints: [
		{
			key: 'taobaoOrder.get',
			operation: 'get',
			name: 'Get',
			action: 'Get a Taobao order',
			description:
				'Get one order with its status, amounts, receiver and lines. Amounts are integers in the unit the API expects (undocumented, likely fen: 1 CNY = 100).',
			method: 'GET',
			path: '/open/order/detail/get',
			confidence: 'inferred',
			changesData: false,
			simplify: simplifyOrder,
			fields: [orderId],
		},
		{
			key: 'taobaoOrder.list',
			operation: 'getAll',
			name: 'Get Many',
			action: 'Get many Taobao orders',
			description: 'List your Taobao orders, newest first, one item per order.',
			method: 'GET',
			path: '/open/order/page',
			confidence: 'inferred',
			changesData: false,
			list: { style: 'pageNo', defaultPageSize: 20 },
			fields: [],
		},
		{
			key: 'taobaoOrder.render',
			operation: 'preview',
			name: 'Preview',
			action: 'Preview a Taobao order',
			description:
				'Check products, quantities and receiver before creating an order (PandaPon calls this "render"): the answer shows whether the lines can be bought and what they cost. Places no order.',
			method: 'POST',
			path: '/open/order/render',
			confidence: 'documented-v1',
			changesData: false,
			fields: [orderLinesField(LINE_FIELDS), taobaoReceiverField],
		},
		{
			key: 'taobaoOrder.create',
			operation: 'create',
			name: 'Create',
			action: 'Create a Taobao order',
			description:
				'Place a purchase order for one or more Taobao products delivered to a receiver in China. Purchase Amount must equal the sum of unit price × quantity over the lines. The order then waits for payment (see Pay or Upload Payment Voucher).',
			method: 'POST',
			path: '/open/order',
			confidence: 'documented-v1',
			changesData: true,
			fields: [
				orderLinesField([
					...LINE_FIELDS,
					{
						name: 'price',
						displayName: 'Unit Price',
						kind: 'string',
						required: true,
						placeholder: 'e.g. 1290',
						description:
							'Price of one unit, as a whole number in the unit the API expects (undocumented, likely fen: 1 CNY = 100); sent as text',
					},
					{ name: 'currency', displayName: 'Currency', kind: 'string', default: 'CNY' },
					{
						name: 'orderLineNo',
						displayName: 'Line Number',
						kind: 'string',
						placeholder: 'e.g. 1',
						description: 'Your own number for the line (optional; whether it must be unique is undocumented)',
					},
				]),
				{
					name: 'purchaseAmount',
					displayName: 'Purchase Amount',
					kind: 'int64',
					required: true,
					placeholder: 'e.g. 2580',
					description:
						'Total of the order: the sum of unit price × quantity over the lines, as a whole number in the unit the API expects (undocumented, likely fen: 1 CNY = 100)',
				},
				taobaoReceiverField,
				{ name: 'orderSource', displayName: 'Order Source', kind: 'string', placeholder: 'e.g. lazada', description: 'Sales channel the order comes from' },
				{ name: 'sellerOrderNumber', displayName: 'Seller Order Number', kind: 'string', description: 'Your own order number, to find the order again' },
			],
		},
		{
			key: 'taobaoOrder.pay',
			operation: 'pay',
			name: 'Pay',
			action: 'Pay a Taobao order',
			description: 'Pay an unpaid order with your PandaPon account (payment method undocumented; presumably your account balance).',
			method: 'POST',
			path: '/open/order/pay',
			confidence: 'inferred',
			changesData: true,
			fields: [orderId],
		},
		{
			key: 'taobaoOrder.uploadPaymentVoucher',
			operation: 'uploadPaymentVoucher',
			name: 'Upload Payment Voucher',
			action: 'Upload a payment voucher for a Taobao order',
			description:
				'Send proof of an offline payment (an image, e.g. a bank transfer receipt) for an order; PandaPon finance then approves or rejects it.',
			method: 'POST',
			path: '/open/order/uploadVoucher',
			confidence: 'inferred',
			changesData: true,
			image: { base64Wire: 'imageBase64', urlWire: 'imageAddress' },
			fields: [orderId],
		},
		{
			key: 'taobaoOrder.cancel',
			operation: 'cancel',
			name: 'Cancel',
			action: 'Cancel a Taobao order',
			description: 'Cancel an order (which states allow it is undocumented; presumably before the seller ships).',
			method: 'POST',
			path: '/open/order/cancel',
			confidence: 'inferred',
			changesData: true,
			fields: [orderId],
		},
		{
			key: 'taobaoOrder.updateWarehouse',
			operation: 'updateWarehouse',
			name: 'Update Warehouse',
			action: 'Update the warehouse of a Taobao order',
			description: 'Change the pre-warehouse (the warehouse in China the goods are sent to before export) of an order.',
			method: 'POST',
			path: '/open/order/updateWarehouse',
			confidence: 'documented-v1',
			changesData: true,
			fields: [
				orderId,
				{ name: 'warehouseName', displayName: 'Warehouse Name', kind: 'string', required: true, placeholder: 'e.g. 义乌集运仓' },
				{
					name: 'warehouseAddress',
					displayName: 'Warehouse Address',
					kind: 'string',
					required: true,
					placeholder: 'e.g. 浙江省金华市义乌市稠江街道 88 号',
					description: 'Full address of the warehouse',
				},
			],
		},
		{
			key: 'taobaoOrder.getLogistics',
			operation: 'getTracking',
			name: 'Get Tracking',
			action: 'Get the logistics tracking of a Taobao order line',
			description:
				'Get the parcels of one order line (sub-order) in China with their tracking numbers and every tracking event (time, place, status).',
			method: 'GET',
			path: '/open/order/logistics/detail/get',
			confidence: 'documented-v1',
			changesData: false,
			fields: [
				{
					name: 'subPurchaseOrderId',
					displayName: 'Sub-Order ID',
					kind: 'id',
					required: true,
					placeholder: 'e.g. 200033789041',
					description: 'ID of the order line (sub-purchase order), from the lines of Get',
				},
			],
		},
		{
			key: 'taobaoOrder.getImLink',
			operation: 'getChatLink',
			name: 'Get Chat Link',
			action: 'Get a Taobao chat link',
			description:
				'Get a URL that opens Taobao instant messaging (e.g. a chat with the seller about an item). The parameters are undocumented; the docs suggest the page parameters sourceType = item and bizId = the item ID.',
			method: 'POST',
			path: '/open/order/page/link/get',
			confidence: 'documented-v1',
			changesData: false,
			fields: [
				{ name: 'loginName', displayName: 'Login Name', kind: 'string', required: true, placeholder: 'e.g. buyer_account', description: 'Account to open the chat as (meaning undocumented)' },
				{ name: 'password', displayName: 'Password', kind: 'string', required: true, placeholder: 'e.g. your account password', description: 'Password of that account (meaning undocumented)' },
				{ name: 'pageName', displayName: 'Page Name', kind: 'string', required: true, placeholder: 'e.g. item', description: 'Which chat page to open (values undocumented)' },
				{
					name: 'pageParamMap',
					displayName: 'Page Parameters',
					kind: 'group',
					required: true,
					multiple: true,
					asMap: true,
					jsonString: true,
					description: 'Parameters of the page, sent as one JSON object, e.g. sourceType = item and bizId = 700187748440',
					fields: [
						{ name: 'key', displayName: 'Name', kind: 'string', required: true, placeholder: 'e.g. sourceType' },
						{ name: 'value', displayName: 'Value', kind: 'string', placeholder: 'e.g. item' },
					],
				},
			],
		},
	],
};
