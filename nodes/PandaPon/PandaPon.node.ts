import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { pandaPonApiTest } from '../shared/credentialTest';
import { accountProperties, accountResource } from './accountResource';
import { CUSTOM_API_CALL, customApiCallProperties, customApiCallResource } from './customApiCall';
import { buildEndpointProperties, optionsProperty, PARAM, resourceOptions } from './description';
import { RESOURCES } from './endpoints';
import { loadOptions } from './loadOptions';
import { route } from './router';

const DEFAULT_RESOURCE = RESOURCES[0].value;

/** Resources outside the endpoint tables, named in the subtitle by one label. */
export const SUBTITLE_WHOLE_RESOURCES: Record<string, string> = {
	[accountResource.value]: 'Check Endpoints',
	[customApiCallResource.value]: customApiCallResource.name,
};

export class PandaPon implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PandaPon',
		name: 'pandaPon',
		icon: { light: 'file:pandapon.svg', dark: 'file:pandapon.dark.svg' },
		group: ['transform'],
		// 1.1: Taobao Refund Get and Get Many simplify by default (off in version 1 nodes).
		version: [1, 1.1],
		defaultVersion: 1.1,
		// Generated: subtitleExpression(RESOURCES, SUBTITLE_WHOLE_RESOURCES); see description.ts.
		subtitle: '={{ ( {"account:":"Check Endpoints","customApiCall:":"Custom API Call","taobaoProduct:get":"Get: Taobao Product","taobaoProduct:getSource":"Get Source: Taobao Product","taobaoProduct:search":"Search: Taobao Product","taobaoProduct:searchByImage":"Search by Image: Taobao Product","taobaoProduct:getAll":"Get Many: Taobao Product","taobaoProduct:checkAvailability":"Check Availability: Taobao Product","taobaoOrder:get":"Get: Taobao Order","taobaoOrder:getAll":"Get Many: Taobao Order","taobaoOrder:preview":"Preview: Taobao Order","taobaoOrder:create":"Create: Taobao Order","taobaoOrder:pay":"Pay: Taobao Order","taobaoOrder:uploadPaymentVoucher":"Upload Payment Voucher: Taobao Order","taobaoOrder:cancel":"Cancel: Taobao Order","taobaoOrder:updateWarehouse":"Update Warehouse: Taobao Order","taobaoOrder:getTracking":"Get Tracking: Taobao Order","taobaoOrder:getChatLink":"Get Chat Link: Taobao Order","taobaoRefund:get":"Get: Taobao Refund","taobaoRefund:getAll":"Get Many: Taobao Refund","taobaoRefund:preview":"Preview: Taobao Refund","taobaoRefund:create":"Create: Taobao Refund","taobaoRefund:update":"Update: Taobao Refund","taobaoRefund:cancel":"Cancel: Taobao Refund","taobaoRefund:addMessage":"Add Message: Taobao Refund","taobaoRefund:getMessages":"Get Messages: Taobao Refund","taobaoRefund:previewReturnShipment":"Preview Return Shipment: Taobao Refund","taobaoRefund:submitReturnShipment":"Submit Return Shipment: Taobao Refund","taobaoCart:getAll":"Get Many: Taobao Cart","taobaoCart:add":"Add: Taobao Cart","taobaoCart:updateQuantity":"Update Quantity: Taobao Cart","taobaoCart:delete":"Delete: Taobao Cart","taobaoCart:preview":"Preview: Taobao Cart","taobaoCart:createOrder":"Create Order: Taobao Cart","alibabaProduct:get":"Get: 1688 Product","alibabaProduct:search":"Search: 1688 Product","alibabaProduct:searchByImage":"Search by Image: 1688 Product","alibabaProduct:searchSeller":"Search Seller Products: 1688 Product","alibabaProduct:getCategory":"Get Category: 1688 Product","alibabaProduct:getRecommended":"Get Recommended: 1688 Product","alibabaProduct:getRelated":"Get Related: 1688 Product","alibabaProduct:getWangwangLink":"Get Wangwang Link: 1688 Product","alibabaOrder:get":"Get: 1688 Order","alibabaOrder:getAll":"Get Many: 1688 Order","alibabaOrder:preview":"Preview: 1688 Order","alibabaOrder:create":"Create: 1688 Order","alibabaOrder:previewMultiSeller":"Preview Multi-Seller: 1688 Order","alibabaOrder:createMultiSeller":"Create Multi-Seller: 1688 Order","alibabaOrder:getPaymentUrl":"Get Payment URL: 1688 Order","alibabaOrder:payMany":"Pay Many: 1688 Order","alibabaOrder:cancel":"Cancel: 1688 Order","alibabaOrder:confirmReceipt":"Confirm Receipt: 1688 Order","alibabaOrder:getTracking":"Get Tracking: 1688 Order","alibabaRefund:get":"Get: 1688 Refund","alibabaRefund:getReasons":"Get Reasons: 1688 Refund","alibabaRefund:create":"Create: 1688 Refund","alibabaRefund:uploadVoucher":"Upload Voucher: 1688 Refund","alibabaRefund:submitReturnShipment":"Submit Return Shipment: 1688 Refund","alibabaRefund:getCarriers":"Get Carriers: 1688 Refund","alibabaCart:getAll":"Get Many: 1688 Cart","alibabaCart:add":"Add: 1688 Cart","alibabaCart:updateQuantity":"Update Quantity: 1688 Cart","alibabaCart:delete":"Delete: 1688 Cart","alibabaCart:previewOrder":"Preview Order: 1688 Cart","alibabaCart:createOrder":"Create Order: 1688 Cart","alibabaMarketing:searchStrictSelection":"Search Strict Selection: 1688 Marketing","alibabaMarketing:searchGlobalStrictSelection":"Search Global Strict Selection: 1688 Marketing","alibabaMarketing:getHotList":"Get Hot List: 1688 Marketing","address:getAll":"Get Many: Address","address:upsert":"Create or Update: Address","logistics:estimateItemFreight":"Estimate Item Freight: Logistics","logistics:previewOrderFreight":"Preview Order Freight: Logistics","logistics:createInternationalOrder":"Create International Order: Logistics","logistics:updateDomesticLogistics":"Update Domestic Logistics: Logistics"} )[$parameter["resource"] + ":" + (["account","customApiCall"].includes($parameter["resource"]) ? "" : $parameter["operation"])] || $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Source Taobao and 1688 goods, manage carts, orders, refunds, addresses and international shipping through PandaPon',
		defaults: { name: 'PandaPon' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pandaPonApi', required: true, testedBy: 'pandaPonApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: PARAM.resource,
				type: 'options',
				noDataExpression: true,
				options: resourceOptions([...RESOURCES, accountResource, customApiCallResource]),
				default: DEFAULT_RESOURCE,
			},
			...buildEndpointProperties(RESOURCES),
			...accountProperties,
			...customApiCallProperties,
			optionsProperty(),
		],
	};

	methods = {
		credentialTest: { pandaPonApiTest },
		loadOptions,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route.call(this);
	}
}

export { CUSTOM_API_CALL };
