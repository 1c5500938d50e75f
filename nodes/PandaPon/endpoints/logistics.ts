import { FREIGHT_INFO_FIELDS, freightItem, receiverAddressField, requiredFields } from '../fields/logistics';
import type { Field, Resource } from './types';

const AUTH_NOTE =
	'PandaPon documents these warehouse endpoints with "timestamp" and "sign" query parameters (rule undocumented) instead of the usual signed headers. The node sends the usual signed headers only, so whether PandaPon accepts the call is unconfirmed.';

const { itemId, skuId, quantity, currency, price } = freightItem;

/** The list of shipped items, one entry per product variant. */
function itemsField(name: string, fields: Field[]): Field {
	return { name, displayName: 'Items', kind: 'group', multiple: true, description: 'The items to ship, one entry per product variant', fields };
}

/** Shipping through PandaPon's warehouse: freight quotes, domestic tracking numbers, international bookings. */
export const logistics: Resource = {
	value: 'logistics',
	name: 'Logistics',
	description: 'Warehouse and international logistics: freight quotes and shipments abroad',
	endpoints: [
		{
			key: 'warehouseLogistics.estimateItemFreight',
			operation: 'estimateItemFreight',
			name: 'Estimate Item Freight',
			action: 'Estimate the international freight of an item',
			description: 'Get the overseas shipping options and costs for a quantity of one product variant sent to a recipient abroad.',
			method: 'POST',
			path: '/open/pp/logistics/itemLogisticsPrice',
			confidence: 'documented-v2-only',
			changesData: false,
			notes: AUTH_NOTE,
			fields: [
				...requiredFields([itemId, skuId, quantity, { ...currency, default: 'CNY' }, price]),
				{ ...receiverAddressField, required: true },
			],
		},
		{
			key: 'warehouseLogistics.previewOrderFreight',
			operation: 'previewOrderFreight',
			name: 'Preview Order Freight',
			action: 'Preview the international freight of an order',
			description:
				'Quote the overseas shipping of several items, each with a chosen freight service. The answer presumably carries the render ID that Create International Order takes. Books nothing.',
			method: 'POST',
			path: '/open/pp/logistics/orderRenderFreight',
			confidence: 'documented-v1',
			changesData: false,
			notes: AUTH_NOTE,
			fields: [
				{
					...itemsField('renderItems', [...requiredFields([itemId, skuId, quantity, FREIGHT_INFO_FIELDS[0]]), ...FREIGHT_INFO_FIELDS.slice(1), currency, price]),
					required: true,
				},
				receiverAddressField,
			],
		},
		{
			key: 'warehouseLogistics.createInternationalOrder',
			operation: 'createInternationalOrder',
			name: 'Create International Order',
			action: 'Create an international logistics order',
			description:
				'Book the international shipment of goods from the warehouse to a recipient abroad, usually with the render ID of Preview Order Freight.',
			method: 'POST',
			path: '/open/pp/logistics/orderBookingFreight',
			confidence: 'documented-v1',
			changesData: true,
			notes: AUTH_NOTE,
			fields: [
				{ name: 'renderId', displayName: 'Render ID', kind: 'id', placeholder: 'e.g. FF2024080200007', description: 'ID of the freight quote from Preview Order Freight' },
				receiverAddressField,
				itemsField('lineItems', [
					itemId,
					skuId,
					quantity,
					{ name: 'title', displayName: 'Title', kind: 'string', description: 'Product title' },
					{ name: 'imageUrl', displayName: 'Image URL', kind: 'string' },
					...FREIGHT_INFO_FIELDS,
					currency,
					price,
				]),
				{
					name: 'tmallOrderId',
					displayName: 'Tmall Order ID',
					kind: 'id',
					wire: 'tmallOrderInfo.tmallOrderId',
					description: 'Your Tmall order this shipment fulfils (sent as tmallOrderInfo.tmallOrderId)',
				},
				{ name: 'remark', displayName: 'Remark', kind: 'string' },
			],
		},
		{
			key: 'warehouseLogistics.updateDomesticLogistics',
			operation: 'updateDomesticLogistics',
			name: 'Update Domestic Logistics',
			action: 'Update the domestic logistics of an order',
			description:
				'Tell the warehouse which domestic (in-China) parcels carry the items of an order, and their international waybill numbers.',
			method: 'POST',
			path: '/open/pp/logistics/updateLogisticInfo',
			confidence: 'documented-v1',
			changesData: true,
			notes: AUTH_NOTE,
			fields: [
				{ name: 'orderId', displayName: 'Order ID', kind: 'id', placeholder: 'e.g. 21', description: 'PandaPon platform order ID' },
				{ name: 'tmallOrderId', displayName: 'Tmall Order ID', kind: 'id' },
				{
					name: 'logisticInfos',
					displayName: 'Logistics Info (JSON)',
					kind: 'json',
					default: '[]',
					description:
						'A JSON list, one entry per line item, typed as JSON because each entry nests a list of domestic parcels: [{"lineItem": {"itemId": "2048020617114736", "skuId": "413185732720", "quantity": 1, "title": "…", "imageUrl": "…"}, "logisticNumer": "international waybill", "domesticLogisticInfo": [{"logisticNumer": "SF1234521212678", "logisticCompanyName": "顺丰", "rtsTime": "1754342534"}]}]. Keep PandaPon\'s spelling "logisticNumer"; rtsTime is epoch seconds as text.',
				},
			],
		},
	],
};
