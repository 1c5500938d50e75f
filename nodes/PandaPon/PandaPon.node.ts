import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { pandaPonApiTest } from '../shared/credentialTest';
import { CUSTOM_API_CALL, customApiCallProperties, customApiCallResource } from './customApiCall';
import { buildEndpointProperties, optionsProperty, PARAM, resourceOptions } from './description';
import { RESOURCES } from './endpoints';
import { loadOptions } from './loadOptions';
import { route } from './router';

export class PandaPon implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PandaPon',
		name: 'pandaPon',
		icon: { light: 'file:pandapon.svg', dark: 'file:pandapon.dark.svg' },
		group: ['transform'],
		// 1.1: Taobao Refund Get and Get Many simplify by default (off in version 1 nodes).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
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
				options: resourceOptions([...RESOURCES, customApiCallResource]),
				default: RESOURCES[0].value,
			},
			...buildEndpointProperties(RESOURCES),
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
