import {
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type IPollFunctions,
} from 'n8n-workflow';

import { paginate } from '../shared/pagination';
import type { PandaPonRequest } from '../shared/transport';
import { endpointByKey } from '../PandaPon/endpoints';
import type { Endpoint } from '../PandaPon/endpoints/types';
import { DEFAULTS, PARAM, type TriggerOptions } from './description';
import {
	EVENTS,
	newRecordItem,
	readRecords,
	shapeFor,
	statusChangeItem,
	statusWanted,
	type PollEvent,
	type ReadProblem,
	type ReadRecord,
} from './records';
import {
	detectNewRecords,
	detectStatusChanges,
	readSeenState,
	readStatusState,
	scanStart,
	seenBaseline,
	statusBaseline,
	type SeenState,
	type StatusState,
} from './state';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Method and path come from the action node's endpoint table: one entry per endpoint. */
const LISTS: Record<PollEvent, Endpoint> = {
	newTaobaoRefund: endpointByKey('taobaoAfterSales.list'),
	taobaoRefundStatusChanged: endpointByKey('taobaoAfterSales.list'),
	taobaoOrderStatusChanged: endpointByKey('taobaoOrder.list'),
	alibabaOrderStatusChanged: endpointByKey('alibabaOrder.list'),
};

interface Settings {
	event: PollEvent;
	overlapMs: number;
	lookBackMs: number;
	maxRecords: number;
	statuses: Array<string | number>;
	idField?: string;
	statusField?: string;
}

function readSettings(context: IPollFunctions): Settings {
	const event = context.getNodeParameter(PARAM.event) as PollEvent;
	const options = context.getNodeParameter(PARAM.options, {}) as TriggerOptions;
	const statuses =
		event === EVENTS.taobaoRefundStatusChanged
			? (context.getNodeParameter(PARAM.statuses, []) as Array<string | number>)
			: [];
	return {
		event,
		overlapMs: Math.max(0, options.overlapMinutes ?? DEFAULTS.overlapMinutes) * MINUTE,
		lookBackMs: Math.max(1, options.lookBackDays ?? DEFAULTS.lookBackDays) * DAY,
		maxRecords: Math.max(1, Math.floor(options.maxRecords ?? DEFAULTS.maxRecords)),
		statuses,
		idField: options.idField,
		statusField: options.statusField,
	};
}

/**
 * Reads a list through the shared paginator. Refund filters bound the creation time
 * (epoch ms, inclusive); no end time is sent, so a refund stamped by a clock ahead of
 * n8n's is not cut off.
 */
async function scan(context: IPollFunctions, endpoint: Endpoint, filters: IDataObject, limit?: number): Promise<unknown[]> {
	const defaultPageSize = endpoint.list?.defaultPageSize ?? 20;
	const request: PandaPonRequest = { method: endpoint.method, path: endpoint.path, idempotent: !endpoint.changesData };
	if (endpoint.method === 'GET') request.query = filters;
	else request.body = filters;
	return await paginate(context, request, {
		style: endpoint.list?.style ?? 'pageNo',
		pageSize: limit === undefined ? defaultPageSize : Math.min(defaultPageSize, limit),
		limit,
	});
}

function problemError(context: IPollFunctions, settings: Settings, problem: ReadProblem): NodeOperationError {
	const endpoint = LISTS[settings.event];
	const where = `${endpoint.method} ${endpoint.path}`;
	if (problem.kind === 'notAnObject') {
		return new NodeOperationError(context.getNode(), `Record ${problem.index + 1} of ${where} is not an object`, {
			description: 'PandaPon answered with a list the trigger cannot read. Check the endpoint with the PandaPon node (Get Many).',
		});
	}
	if (problem.kind === 'noId') {
		return new NodeOperationError(context.getNode(), `Record ${problem.index + 1} of ${where} has no ID at ${problem.paths.join(' or ')}`, {
			description:
				'PandaPon does not document this list, so the ID may sit elsewhere. Look at a record with the PandaPon node (Get Many) and enter its path under Options → ID Field.',
		});
	}
	return new NodeOperationError(context.getNode(), `No record of ${where} has a status at ${problem.paths.join(' or ')}`, {
		description:
			'Without a status the trigger cannot notice changes. Look at a record with the PandaPon node (Get Many) and enter the path of its status under Options → Status Field.',
	});
}

function read(context: IPollFunctions, settings: Settings, records: unknown[], needsStatus: boolean): ReadRecord[] {
	const shape = shapeFor(settings.event, settings.idField, settings.statusField);
	const { scanned, problem } = readRecords(records, shape, needsStatus);
	if (problem) throw problemError(context, settings, problem);
	return scanned;
}

/** The scan a status event compares against its memory: refunds within the look-back, or the first orders. */
async function scanForStatus(context: IPollFunctions, settings: Settings, now: number, limit: number): Promise<ReadRecord[]> {
	const filters: IDataObject =
		settings.event === EVENTS.taobaoRefundStatusChanged ? { refundStartTime: now - settings.lookBackMs } : {};
	return read(context, settings, await scan(context, LISTS[settings.event], filters, limit), true);
}

/**
 * Replaces the node's static data by `next`, touching only keys whose value changed, so
 * n8n saves nothing after a poll that changed nothing.
 */
function writeState(staticData: IDataObject, next: SeenState | StatusState): void {
	const fresh = next as unknown as IDataObject;
	for (const key of Object.keys(staticData)) if (!(key in fresh)) delete staticData[key];
	for (const [key, value] of Object.entries(fresh)) {
		if (JSON.stringify(staticData[key]) !== JSON.stringify(value)) staticData[key] = value as IDataObject[string];
	}
}

const asItems = (records: IDataObject[]): INodeExecutionData[][] | null =>
	records.length === 0 ? null : [records.map((json) => ({ json }))];

/**
 * "Fetch Test Event": the most recent records (as far as PandaPon lists newest first),
 * shaped like real events. Static data is neither read nor written: n8n does not save it
 * after manual runs, and a manual run must not move the active workflow's baseline.
 */
async function sample(context: IPollFunctions, settings: Settings, now: number): Promise<INodeExecutionData[][] | null> {
	const { event } = settings;
	if (event === EVENTS.newTaobaoRefund) {
		const records = read(context, settings, await scan(context, LISTS[event], {}, DEFAULTS.sampleSize), false);
		return asItems(records.map((record) => newRecordItem(record, event)));
	}
	// With a status filter, matching samples may sit further down the list.
	const limit = settings.statuses.length > 0 ? settings.maxRecords : DEFAULTS.sampleSize;
	const records = await scanForStatus(context, settings, now, limit);
	return asItems(
		records
			.filter((record) => statusWanted(record.status, settings.statuses))
			.slice(0, DEFAULTS.sampleSize)
			.map((record) => statusChangeItem({ record, previousStatus: null }, event)),
	);
}

async function pollNewRefunds(context: IPollFunctions, settings: Settings, now: number): Promise<INodeExecutionData[][] | null> {
	const staticData = context.getWorkflowStaticData('node');
	const state = readSeenState(staticData, settings.event);
	const since = scanStart(state, now, settings.overlapMs);
	const scanned = read(context, settings, await scan(context, LISTS[settings.event], { refundStartTime: since }), false);
	if (!state) {
		writeState(staticData, seenBaseline(settings.event, scanned, now));
		return null;
	}
	const { fresh, next } = detectNewRecords(state, scanned, now, settings.overlapMs);
	writeState(staticData, next);
	return asItems(fresh.map((record) => newRecordItem(record, settings.event)));
}

async function pollStatusChanges(context: IPollFunctions, settings: Settings, now: number): Promise<INodeExecutionData[][] | null> {
	const staticData = context.getWorkflowStaticData('node');
	const state = readStatusState(staticData, settings.event);
	const scanned = await scanForStatus(context, settings, now, settings.maxRecords);
	if (!state) {
		writeState(staticData, statusBaseline(settings.event, scanned, now));
		return null;
	}
	const { changes, next } = detectStatusChanges(state, scanned);
	writeState(staticData, next);
	return asItems(
		changes
			.filter((change) => statusWanted(change.record.status, settings.statuses))
			.map((change) => statusChangeItem(change, settings.event)),
	);
}

/**
 * One poll. State is read at the start and written only after every page was read, so a
 * failed poll (its error goes to n8n, which shows it) leaves the memory as it was and the
 * next poll covers the same ground again.
 */
export async function runPoll(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(context);
	const now = Date.now();
	if (context.getMode() === 'manual') return await sample(context, settings, now);
	if (settings.event === EVENTS.newTaobaoRefund) return await pollNewRefunds(context, settings, now);
	return await pollStatusChanges(context, settings, now);
}
