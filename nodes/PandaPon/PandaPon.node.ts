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
import { buildEndpointProperties, optionsProperty, PARAM, resourceOptions, subtitleExpression } from './description';
import { RESOURCES } from './endpoints';
import { loadOptions } from './loadOptions';
import { route } from './router';

const DEFAULT_RESOURCE = RESOURCES[0].value;

export class PandaPon implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PandaPon',
		name: 'pandaPon',
		icon: { light: 'file:pandapon.svg', dark: 'file:pandapon.dark.svg' },
		group: ['transform'],
		// 1.1: Taobao Refund Get and Get Many simplify by default (off in version 1 nodes).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: subtitleExpression(RESOURCES, customApiCallResource),
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
