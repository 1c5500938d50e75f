import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { pandaPonApiTest } from '../shared/credentialTest';
import { triggerProperties } from './description';
import { runPoll } from './poll';

export class PandaPonPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PandaPon Polling Trigger',
		name: 'pandaPonPollingTrigger',
		icon: { light: 'file:../PandaPon/pandapon.svg', dark: 'file:../PandaPon/pandapon.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ {"newTaobaoRefund": "New Taobao Refund", "taobaoRefundStatusChanged": "Taobao Refund Status Changed", "taobaoOrderStatusChanged": "Taobao Order Status Changed", "alibabaOrderStatusChanged": "1688 Order Status Changed"}[$parameter["event"]] }}',
		description:
			'Checks PandaPon on a schedule for new Taobao refunds and for status changes of Taobao refunds, Taobao orders and 1688 orders',
		defaults: { name: 'PandaPon Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pandaPonApi', required: true, testedBy: 'pandaPonApiTest' }],
		properties: triggerProperties,
	};

	methods = {
		credentialTest: { pandaPonApiTest },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await runPoll(this);
	}
}
