import {
	goodsStatusField,
	orderEntryIdsField,
	orderIdField,
	refundDescriptionField,
	vouchersField,
} from '../fields/alibaba';
import type { Resource } from './types';

const refundId = {
	name: 'refundId',
	displayName: 'Refund ID',
	kind: 'id',
	required: true,
	placeholder: 'e.g. TQ1234567890123456',
	description: 'ID of the 1688 refund (after-sales order), starts with "TQ"; returned by Create',
} as const;

const amountNote = 'integer in the unit the API expects (undocumented, likely fen: 1 CNY = 100)';

/** 1688 after-sales: refund and return applications. */
export const alibabaRefund: Resource = {
	value: 'alibabaRefund',
	name: '1688 Refund',
	description: 'After-sales refunds and returns of 1688 orders',
	endpoints: [
		{
			key: 'alibabaAfterSales.get',
			operation: 'get',
			name: 'Get',
			action: 'Get a 1688 refund',
			description:
				'Get one 1688 refund with its status, requested amounts (applyPayment, applyCarriage), reason and return shipment.',
			method: 'POST',
			path: '/alibaba/refund/info',
			confidence: 'documented-v1',
			changesData: false,
			// One doc page puts refundId in the body, another in the query: send both (REFERENCE.md 4.9).
			fields: [{ ...refundId, alsoIn: 'query' }],
		},
		{
			key: 'alibabaAfterSales.listReasons',
			operation: 'getReasons',
			name: 'Get Reasons',
			action: 'Get the refund reasons of a 1688 order',
			description:
				'List the refund reasons the seller accepts for an order in a given goods status; their IDs are what Create needs as the reason.',
			method: 'POST',
			path: '/alibaba/refund/reason/list',
			confidence: 'inferred',
			changesData: false,
			fields: [orderIdField('int64'), goodsStatusField, orderEntryIdsField],
		},
		{
			key: 'alibabaAfterSales.create',
			operation: 'create',
			name: 'Create',
			action: 'Create a 1688 refund',
			description:
				'Apply for a refund, or a return and refund, of a 1688 order or some of its lines. Returns the refund ID (refundId).',
			method: 'POST',
			path: '/alibaba/refund/detail/create',
			confidence: 'documented-v1',
			changesData: true,
			fields: [
				orderIdField('int64'),
				{
					name: 'disputeRequest',
					displayName: 'Request Type',
					kind: 'options',
					required: true,
					default: 'refund',
					options: [
						{ name: 'Refund Only', value: 'refund' },
						{ name: 'Return and Refund', value: 'returnRefund' },
					],
					description:
						'What is asked of the seller. Values of the underlying 1688 API (PandaPon does not document them); use an expression for another value.',
				},
				goodsStatusField,
				{
					name: 'applyReasonId',
					displayName: 'Reason Name or ID',
					kind: 'options',
					// The dropdown yields text; PandaPon wants an integer.
					itemKind: 'integer',
					required: true,
					loadOptionsMethod: 'get1688RefundReasons',
					loadOptionsDependsOn: ['orderId', 'goodsStatus'],
					description:
						'The refund reason, listed for the order and goods status above. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
				{
					name: 'applyPayment',
					displayName: 'Refund Amount',
					kind: 'integer',
					required: true,
					description: `Amount of the goods to refund, ${amountNote}`,
				},
				{
					name: 'applyCarriage',
					displayName: 'Shipping Refund Amount',
					kind: 'integer',
					required: true,
					description: `Shipping fee to refund, ${amountNote}; 0 for none`,
				},
				{ ...refundDescriptionField, required: true },
				orderEntryIdsField,
				{
					name: 'orderEntryCountList',
					displayName: 'Line Quantities',
					kind: 'group',
					multiple: true,
					description: 'How many pieces of each order line are refunded, when not the whole line',
					fields: [
						{
							name: 'id',
							displayName: 'Order Line ID',
							kind: 'int64',
							required: true,
							description: 'Sub-order (order line) ID, sent as an exact integer',
						},
						{ name: 'count', displayName: 'Quantity', kind: 'integer', required: true, default: 1 },
					],
				},
				vouchersField,
			],
		},
		{
			key: 'alibabaAfterSales.uploadVoucher',
			operation: 'uploadVoucher',
			name: 'Upload Voucher',
			action: 'Upload a 1688 refund voucher',
			description:
				'Upload an image (photo of the goods, waybill…) as evidence for a refund, from a binary file or a public URL. The returned reference goes into Vouchers of Create or Submit Return Shipment.',
			method: 'POST',
			path: '/alibaba/refund/voucher/upload',
			confidence: 'inferred',
			changesData: true,
			image: { base64Wire: 'imageBase64', urlWire: 'imageAddress' },
			fields: [],
			notes: 'How the file is transported is undocumented; this node sends base64 or a URL in JSON, as the picture search does.',
		},
		{
			key: 'alibabaAfterSales.submitReturn',
			operation: 'submitReturnShipment',
			name: 'Submit Return Shipment',
			action: 'Submit the return shipment of a 1688 refund',
			description:
				'Tell the seller which carrier and tracking number the returned goods travel with, after the seller agreed to a return.',
			method: 'POST',
			path: '/alibaba/refund/goods/return',
			confidence: 'documented-v1',
			changesData: true,
			fields: [
				refundId,
				{
					name: 'logisticsCompanyNo',
					displayName: 'Carrier Name or ID',
					kind: 'options',
					required: true,
					loadOptionsMethod: 'get1688LogisticsCompanies',
					description:
						'The carrier of the return parcel. Choose from the list, or specify a carrier code using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
				{ name: 'freightBill', displayName: 'Tracking Number', kind: 'string', required: true, placeholder: 'e.g. YT1234567890123', description: 'Waybill number of the return parcel' },
				refundDescriptionField,
				vouchersField,
			],
		},
		{
			key: 'alibabaAfterSales.listLogisticsCompanies',
			operation: 'getCarriers',
			name: 'Get Carriers',
			action: 'Get the carriers for 1688 returns',
			description: 'List the logistics companies (carriers) and their codes accepted for return shipments, one item per carrier when PandaPon returns a list.',
			method: 'GET',
			path: '/alibaba/refund/logistics/company/list',
			confidence: 'inferred',
			changesData: false,
			fields: [],
		},
	],
};
