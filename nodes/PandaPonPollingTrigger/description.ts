import type { INodeProperties } from 'n8n-workflow';

import { TAOBAO_REFUND_STATUSES } from '../PandaPon/fields/taobao';
import { EVENTS, STATUS_EVENTS } from './records';

export const PARAM = {
	event: 'event',
	statuses: 'statuses',
	options: 'options',
} as const;

export const DEFAULTS = {
	overlapMinutes: 10,
	lookBackDays: 30,
	maxRecords: 200,
	/** Records a manual "Fetch Test Event" returns as samples. */
	sampleSize: 10,
};

export interface TriggerOptions {
	overlapMinutes?: number;
	lookBackDays?: number;
	maxRecords?: number;
	idField?: string;
	statusField?: string;
}

const onlyFor = (...events: string[]) => ({ show: { [`/${PARAM.event}`]: events } });

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'When the workflow is activated, this trigger first notes what already exists and fires for nothing. From then on it fires only for what is new or changed. "Fetch Test Event" returns up to 10 recent records as samples and does not change what the active workflow remembers.',
		name: 'baselineNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Event',
		name: PARAM.event,
		type: 'options',
		noDataExpression: true,
		default: EVENTS.newTaobaoRefund,
		options: [
			{
				name: 'New Taobao Refund',
				value: EVENTS.newTaobaoRefund,
				description: 'Fires once for each Taobao refund (after-sales request) created since the previous check',
			},
			{
				name: 'Taobao Refund Status Changed',
				value: EVENTS.taobaoRefundStatusChanged,
				description:
					'Fires when a Taobao refund created within the look-back period moves to another status, for example from Applied to Refunded',
			},
			{
				name: 'Taobao Order Status Changed',
				value: EVENTS.taobaoOrderStatusChanged,
				description:
					'Fires when one of your recent Taobao orders moves to another status. Each check reads the order list page by page (see Max Records to Scan).',
			},
			{
				name: '1688 Order Status Changed',
				value: EVENTS.alibabaOrderStatusChanged,
				description:
					'Fires when one of your recent 1688 orders moves to another status. Each check reads the order list page by page (see Max Records to Scan).',
			},
		],
		description:
			'What to watch. Use this trigger when PandaPon cannot reach your n8n (no public URL) or to catch up on callbacks PandaPon gave up on after 5 retries; otherwise the PandaPon Trigger (callbacks) reacts faster.',
	},
	{
		displayName: 'Only These New Statuses',
		name: PARAM.statuses,
		type: 'multiOptions',
		default: [],
		options: TAOBAO_REFUND_STATUSES,
		displayOptions: { show: { [PARAM.event]: [EVENTS.taobaoRefundStatusChanged] } },
		description:
			'Fire only when a refund moves into one of these statuses. Leave empty to fire on every change. Other changes are still noted, so the previous status is always right. The codes come from a white-label copy of the docs and are unconfirmed for PandaPon.',
	},
	{
		displayName: 'Options',
		name: PARAM.options,
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'ID Field',
				name: 'idField',
				type: 'string',
				default: '',
				placeholder: 'e.g. baseInfo.id',
				description:
					"Where the ID sits in each record, as a dot path. Leave empty for the usual places (refundOrder.refundId, as PandaPon documents its refund list; orderId for orders). PandaPon does not document its order lists, so set this if the trigger reports that it cannot find an ID.",
			},
			{
				displayName: 'Look-Back (Days)',
				name: 'lookBackDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 365 },
				default: DEFAULTS.lookBackDays,
				displayOptions: onlyFor(EVENTS.taobaoRefundStatusChanged),
				description:
					'Only refunds created within this many days are watched for status changes. A longer period also catches changes on older refunds, but reads more pages on every check.',
			},
			{
				displayName: 'Max Records to Scan',
				name: 'maxRecords',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10000 },
				default: DEFAULTS.maxRecords,
				displayOptions: onlyFor(...STATUS_EVENTS),
				description:
					"How many records each check reads at most. PandaPon's order lists have no date filter, so every check reads them from the first page (20 orders per request): 200 means up to 10 requests each time the trigger runs, e.g. 600 an hour when it runs every minute. PandaPon does not document the order of its lists; the trigger assumes newest first, so changes on orders beyond this limit go unnoticed. For refunds this caps the records read within the look-back period.",
			},
			{
				displayName: 'Overlap (Minutes)',
				name: 'overlapMinutes',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1440 },
				default: DEFAULTS.overlapMinutes,
				displayOptions: onlyFor(EVENTS.newTaobaoRefund),
				description:
					"Each check also re-reads refunds created this many minutes before the previous check, so a refund PandaPon lists late, or stamps with a clock behind n8n's, is not missed. Refunds already announced are remembered, so the overlap never fires twice for the same refund.",
			},
			{
				displayName: 'Status Field',
				name: 'statusField',
				type: 'string',
				default: '',
				placeholder: 'e.g. baseInfo.status',
				displayOptions: onlyFor(...STATUS_EVENTS),
				description:
					'Where the status sits in each record, as a dot path. Leave empty for the usual places (refundOrder.refundStatus for refunds; orderStatus for Taobao orders; status or baseInfo.status for 1688 orders).',
			},
		],
	},
];
