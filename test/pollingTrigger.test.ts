import { NodeApiError, NodeOperationError, type IDataObject, type INodeParameters } from 'n8n-workflow';

import { PandaPon } from '../nodes/PandaPon/PandaPon.node';
import { PandaPonPollingTrigger } from '../nodes/PandaPonPollingTrigger/PandaPonPollingTrigger.node';
import {
	EVENTS,
	idText,
	newRecordItem,
	readRecords,
	RECORD_SHAPES,
	shapeFor,
	statusChangeItem,
	statusWanted,
} from '../nodes/PandaPonPollingTrigger/records';
import {
	capOldestFirst,
	detectNewRecords,
	detectStatusChanges,
	MAX_REMEMBERED_IDS,
	readSeenState,
	readStatusState,
	sameStatus,
	scanStart,
	seenBaseline,
	seenRetentionMs,
	statusBaseline,
	type ScannedRecord,
	type SeenState,
	type StatusState,
} from '../nodes/PandaPonPollingTrigger/state';
import { retryPolicy } from '../nodes/shared/transport';
import { FakePandaPon, fixtureIds, touch, type TaobaoRefund } from './fake-pandapon';
import { executeNode, poll, type PollResult } from './harness';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const REFUND_LIST = '/open/order/refund/queryList';
const TAOBAO_ORDER_LIST = '/open/order/page';
const ALIBABA_ORDER_LIST = '/alibaba/order/page';

const trigger = new PandaPonPollingTrigger();
let fake: FakePandaPon;
const credentials = () => ({ ...fake.credentials, baseUrl: fake.url });
const savedDelay = retryPolicy.baseDelayMs;

beforeAll(async () => {
	retryPolicy.baseDelayMs = 5;
	fake = await FakePandaPon.start();
});
afterAll(async () => {
	retryPolicy.baseDelayMs = savedDelay;
	await fake.close();
});
beforeEach(() => fake.reset());

function run(parameters: INodeParameters, staticData?: IDataObject, mode: 'trigger' | 'manual' = 'trigger'): Promise<PollResult> {
	return poll(trigger, { parameters, credentials: credentials(), staticData, mode });
}

const emitted = (result: PollResult): IDataObject[] => (result.items?.[0] ?? []).map((item) => item.json);

/** A refund as if PandaPon had just listed it, created at `gmtCreate`. */
function addRefund(gmtCreate: number, patch: Partial<TaobaoRefund> = {}): TaobaoRefund {
	const template = fake.state.taobaoRefunds[0];
	const refund: TaobaoRefund = {
		...template,
		messages: [],
		refundId: fixtureIds.taobaoRefundId(fake.state.sequences.taobaoRefund++),
		refundStatus: 10,
		gmtCreate,
		gmtModified: gmtCreate,
		...patch,
	};
	fake.state.taobaoRefunds.push(refund);
	return refund;
}

/** Activates (baseline) and checks that the first poll emitted nothing. */
async function activate(parameters: INodeParameters): Promise<IDataObject> {
	const first = await run(parameters);
	expect(first.error).toBeUndefined();
	expect(first.items).toBeNull();
	expect(first.staticDataChanged).toBe(true);
	return first.staticData;
}

describe('New Taobao Refund', () => {
	const parameters = { event: EVENTS.newTaobaoRefund };

	it('takes a baseline on the first poll and emits nothing', async () => {
		const before = Date.now();
		const state = await activate(parameters);
		expect(state).toMatchObject({ version: 1, event: EVENTS.newTaobaoRefund, seen: [] });
		expect(state.lastPollAt).toBeGreaterThanOrEqual(before);
		const [request] = fake.accepted(REFUND_LIST);
		const body = request.body as IDataObject;
		// Reads from ten minutes before now, with no end time.
		expect(body.refundStartTime).toBe((state.lastPollAt as number) - 10 * MINUTE);
		expect(body.refundEndTime).toBeUndefined();
	});

	it('emits a refund created through the API exactly once', async () => {
		let state = await activate(parameters);
		const subOrderId = fake.state.taobaoOrders[0].lines[0].subPurchaseOrderId;
		const [[created]] = await executeNode(new PandaPon(), {
			parameters: { resource: 'taobaoRefund', operation: 'create', subOrderId, refundType: 1, goodsStatus: 1, reasonId: 2 },
			credentials: credentials(),
		});
		const refundId = String(created.json.refundId);

		const second = await run(parameters, state);
		expect(second.error).toBeUndefined();
		expect(emitted(second)).toHaveLength(1);
		expect(emitted(second)[0]).toMatchObject({ refundId, event: EVENTS.newTaobaoRefund, refundStatus: 10 });
		state = second.staticData;
		expect((state.seen as Array<[string, number]>).map(([id]) => id)).toEqual([refundId]);

		const third = await run(parameters, state);
		expect(third.items).toBeNull();
	});

	it('finds a refund listed late inside the overlap, once, and never repeats one it announced', async () => {
		// Inside the overlap of the baseline, already there at activation: known, never emitted.
		const known = addRefund(Date.now() - 2 * MINUTE);
		const state = await activate(parameters);
		expect((state.seen as Array<[string, number]>).map(([id]) => id)).toEqual([known.refundId]);

		// Created five minutes before the previous poll but listed by PandaPon only now.
		const late = addRefund((state.lastPollAt as number) - 5 * MINUTE);
		// Created before the overlap: out of reach (the documented limit of the overlap).
		addRefund((state.lastPollAt as number) - 30 * MINUTE);
		const second = await run(parameters, state);
		expect(emitted(second).map((record) => record.refundId)).toEqual([late.refundId]);

		const third = await run(parameters, second.staticData);
		expect(third.items).toBeNull();
	});

	it('reads from the previous poll minus the overlap set under Options', async () => {
		const state = await activate({ ...parameters, options: { overlapMinutes: 0 } });
		fake.requests.length = 0;
		await run({ ...parameters, options: { overlapMinutes: 3 } }, state);
		expect((fake.accepted(REFUND_LIST)[0].body as IDataObject).refundStartTime).toBe((state.lastPollAt as number) - 3 * MINUTE);
	});

	it('emits each new refund as one flat record read from the documented list, IDs exact', async () => {
		const state = await activate(parameters);
		const refund = addRefund(Date.now(), { refundStatus: 100, refundType: 2, goodsStatus: 4, refundFee: 1234 });
		const [item] = emitted(await run(parameters, state));
		expect(item).toMatchObject({
			event: EVENTS.newTaobaoRefund,
			refundId: refund.refundId,
			refundStatus: 100,
			refundStatusLabel: 'Refunded',
			refundTypeLabel: 'Return and Refund',
			goodsStatusLabel: 'Received',
			refundFee: 1234,
			refundFeeYuan: 12.34,
			purchaseOrderId: refund.purchaseOrderId,
			purchaseOrderLineId: refund.purchaseOrderLineId,
			salesOrderId: refund.salesOrderId,
			createdAt: new Date(refund.gmtCreate).toISOString(),
		});
		expect(refund.purchaseOrderId).toMatch(/^\d{19}$/);
	});

	it('keeps a 19-digit refund ID exact in output and state', async () => {
		const state = await activate(parameters);
		const refundId = '9007199254740993123';
		addRefund(Date.now(), { refundId });
		const second = await run(parameters, state);
		expect(emitted(second)[0].refundId).toBe(refundId);
		expect(second.staticData.seen).toEqual([[refundId, expect.any(Number)]]);
	});
});

describe('Taobao Refund Status Changed', () => {
	const parameters = { event: EVENTS.taobaoRefundStatusChanged };

	it('remembers the status of every refund in the look-back period and emits nothing', async () => {
		const state = await activate(parameters);
		const statuses = new Map(state.statuses as Array<[string, string]>);
		expect(statuses.size).toBe(fake.state.taobaoRefunds.length);
		// Remembered as listed: the documented list sends the code as text ("10").
		for (const refund of fake.state.taobaoRefunds) expect(statuses.get(refund.refundId)).toBe(String(refund.refundStatus));
		const body = fake.accepted(REFUND_LIST)[0].body as IDataObject;
		expect(Date.now() - (body.refundStartTime as number)).toBeGreaterThanOrEqual(30 * DAY);
		expect(Date.now() - (body.refundStartTime as number)).toBeLessThan(30 * DAY + MINUTE);
	});

	it('emits a status change once, with the previous and the new status', async () => {
		const state = await activate(parameters);
		const refund = fake.state.taobaoRefunds[4];
		const previous = refund.refundStatus;
		fake.updateTaobaoRefund(refund.refundId, { refundStatus: previous === 100 ? -20 : 100 });

		const second = await run(parameters, state);
		expect(emitted(second)).toEqual([
			expect.objectContaining({
				refundId: refund.refundId,
				event: EVENTS.taobaoRefundStatusChanged,
				previousStatus: previous,
				status: refund.refundStatus,
				refundStatus: refund.refundStatus,
			}),
		]);

		const third = await run(parameters, second.staticData);
		expect(third.items).toBeNull();
		// Nothing changed, so nothing for n8n to save.
		expect(third.staticDataChanged).toBe(false);
		expect(third.staticData).toEqual(second.staticData);
	});

	it('does not report refunds created after the baseline as changes', async () => {
		const state = await activate(parameters);
		addRefund(Date.now());
		const second = await run(parameters, state);
		expect(second.items).toBeNull();
		expect((second.staticData.statuses as unknown[]).length).toBe(fake.state.taobaoRefunds.length);
	});

	it('fires only for the chosen new statuses, yet keeps the previous status right', async () => {
		const filtered = { ...parameters, statuses: [100] };
		const state = await activate(filtered);
		const [closing, refunded] = fake.state.taobaoRefunds.filter((refund) => ![100, -20].includes(refund.refundStatus));
		const closingWas = closing.refundStatus;
		const refundedWas = refunded.refundStatus;
		fake.updateTaobaoRefund(closing.refundId, { refundStatus: -20 });
		fake.updateTaobaoRefund(refunded.refundId, { refundStatus: 100 });

		const second = await run(filtered, state);
		expect(emitted(second).map((record) => [record.refundId, record.previousStatus, record.status])).toEqual([
			[refunded.refundId, refundedWas, 100],
		]);
		expect(closingWas).not.toBe(-20);

		fake.updateTaobaoRefund(closing.refundId, { refundStatus: 100 });
		const third = await run(filtered, second.staticData);
		expect(emitted(third).map((record) => [record.refundId, record.previousStatus, record.status])).toEqual([
			[closing.refundId, -20, 100],
		]);
	});

	it('watches only refunds created within the look-back set under Options', async () => {
		const oneDay = { ...parameters, options: { lookBackDays: 1 } };
		const state = await activate(oneDay);
		const recent = fake.state.taobaoRefunds.filter((refund) => refund.gmtCreate >= Date.now() - DAY);
		expect(recent.length).toBeGreaterThan(0);
		expect(recent.length).toBeLessThan(fake.state.taobaoRefunds.length);
		expect((state.statuses as Array<[string, unknown]>).map(([id]) => id).sort()).toEqual(recent.map((refund) => refund.refundId).sort());
	});
});

describe('order status changes', () => {
	it('emits a Taobao order status change once, with its 19-digit ID exact', async () => {
		const parameters = { event: EVENTS.taobaoOrderStatusChanged };
		const state = await activate(parameters);
		const order = fake.state.taobaoOrders[3];
		expect(BigInt(order.orderId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
		expect((state.statuses as Array<[string, unknown]>).map(([id]) => id)).toContain(order.orderId);
		const previous = order.orderStatus;
		touch(order, { orderStatus: previous === 11 ? 10 : 11 }, Date.now());

		const second = await run(parameters, state);
		expect(emitted(second)).toEqual([
			expect.objectContaining({
				orderId: order.orderId,
				event: EVENTS.taobaoOrderStatusChanged,
				previousStatus: previous,
				status: order.orderStatus,
			}),
		]);
		expect(await run(parameters, second.staticData)).toMatchObject({ items: null, staticDataChanged: false });
	});

	it('emits a 1688 order status change once, with its 19-digit ID exact', async () => {
		const parameters = { event: EVENTS.alibabaOrderStatusChanged };
		const state = await activate(parameters);
		const order = fake.state.alibabaOrders[7];
		const previous = order.status;
		touch(order, { status: previous === 'success' ? 'cancel' : 'success' }, Date.now());

		const second = await run(parameters, state);
		const [item] = emitted(second);
		expect(emitted(second)).toHaveLength(1);
		expect(item).toMatchObject({ orderId: order.orderId, event: EVENTS.alibabaOrderStatusChanged, previousStatus: previous, status: order.status });
		expect(item.orderId).toMatch(/^\d{19}$/);
		expect(second.staticData.statuses).toContainEqual([order.orderId, order.status]);
		expect((await run(parameters, second.staticData)).items).toBeNull();
	});

	it('reads at most Max Records to Scan orders per poll', async () => {
		const parameters = { event: EVENTS.taobaoOrderStatusChanged, options: { maxRecords: 30 } };
		const state = await activate(parameters);
		const pages = fake.accepted(TAOBAO_ORDER_LIST);
		expect(pages.map((page) => [page.query.pageNo, page.query.pageSize])).toEqual([
			['1', '20'],
			['2', '20'],
		]);
		expect((state.statuses as unknown[]).length).toBe(25);

		const small = { event: EVENTS.taobaoOrderStatusChanged, options: { maxRecords: 5 } };
		const smallState = await activate(small);
		expect((smallState.statuses as unknown[]).length).toBe(5);
		// The sixth newest order is beyond the scan: its change goes unnoticed (documented cost).
		const newestFirst = [...fake.state.taobaoOrders].sort((a, b) => b.gmtCreate - a.gmtCreate);
		touch(newestFirst[5], { orderStatus: newestFirst[5].orderStatus === 4 ? 10 : 4 }, Date.now());
		expect((await run(small, smallState)).items).toBeNull();
	});

	it('reads IDs and statuses from the paths set under Options', async () => {
		fake.on('GET', TAOBAO_ORDER_LIST, () => ({
			records: [{ purchase: { no: 2150046893124958862n.toString() }, state: 'PAID' }],
			total: 1,
		}));
		const parameters = {
			event: EVENTS.taobaoOrderStatusChanged,
			options: { idField: 'purchase.no', statusField: 'state' },
		};
		const state = await activate(parameters);
		expect(state.statuses).toEqual([['2150046893124958862', 'PAID']]);
	});
});

describe('manual runs ("Fetch Test Event")', () => {
	it('return the most recent refunds and leave the active workflow\'s memory alone', async () => {
		const state = await activate({ event: EVENTS.newTaobaoRefund });
		const result = await run({ event: EVENTS.newTaobaoRefund }, state, 'manual');
		const newest = [...fake.state.taobaoRefunds].sort((a, b) => b.gmtCreate - a.gmtCreate).slice(0, 10);
		expect(emitted(result).map((record) => record.refundId)).toEqual(newest.map((refund) => refund.refundId));
		expect(emitted(result).every((record) => record.event === EVENTS.newTaobaoRefund)).toBe(true);
		expect(result.staticData).toEqual(state);
		expect(result.staticDataChanged).toBe(false);
	});

	it('shape status samples like real events and honour the status filter', async () => {
		const result = await run({ event: EVENTS.taobaoRefundStatusChanged, statuses: [-10] }, undefined, 'manual');
		const items = emitted(result);
		expect(items.length).toBeGreaterThan(0);
		for (const item of items) expect(item).toMatchObject({ previousStatus: null, status: -10, refundStatus: -10 });
		expect(result.staticData).toEqual({});
	});

	it('return up to 10 recent 1688 orders', async () => {
		const result = await run({ event: EVENTS.alibabaOrderStatusChanged }, undefined, 'manual');
		expect(emitted(result)).toHaveLength(10);
		expect(fake.accepted(ALIBABA_ORDER_LIST)).toHaveLength(1);
	});
});

describe('errors and changes of mind', () => {
	it('reports an API error to n8n and keeps the memory as it was', async () => {
		const parameters = { event: EVENTS.taobaoRefundStatusChanged };
		const state = await activate(parameters);
		fake.injectFault({ type: 'businessError', code: 500, msg: '系统繁忙' }, { path: REFUND_LIST });
		const result = await run(parameters, state);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toContain('系统繁忙');
		expect(result.items).toBeNull();
		expect(result.staticData).toEqual(state);
		expect(result.staticDataChanged).toBe(false);
	});

	it('throws the API error in a manual run', async () => {
		fake.injectFault({ type: 'businessError', code: 500, msg: 'busy' }, { path: TAOBAO_ORDER_LIST });
		await expect(run({ event: EVENTS.taobaoOrderStatusChanged }, undefined, 'manual')).rejects.toBeInstanceOf(NodeApiError);
	});

	it('stops with advice when records carry no ID where expected', async () => {
		fake.on('POST', ALIBABA_ORDER_LIST, () => ({ records: [{ orderNo: 'x', status: 'success' }], total: 1 }));
		const result = await run({ event: EVENTS.alibabaOrderStatusChanged });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toContain('has no ID at orderId or baseInfo.idOfStr or baseInfo.id');
		expect((result.error as NodeOperationError).description).toContain('ID Field');
		expect(result.staticData).toEqual({});
	});

	it('stops with advice when no record has a status where expected', async () => {
		fake.on('GET', TAOBAO_ORDER_LIST, () => ({ records: [{ orderId: '1' }, { orderId: '2' }], total: 2 }));
		const result = await run({ event: EVENTS.taobaoOrderStatusChanged });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect((result.error as NodeOperationError).description).toContain('Status Field');
	});

	it('fails loudly, taking no baseline, when the refund list holds records it cannot find', async () => {
		fake.on('POST', REFUND_LIST, () => ({ total: 3, pageNo: 1, refundAggregateList: { a: 1 } }));
		const result = await run({ event: EVENTS.newTaobaoRefund });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toContain('its keys: total, pageNo, refundAggregateList');
		expect((result.error as NodeOperationError).description).toContain('Custom API Call');
		expect(result.staticData).toEqual({});
		// "Fetch Test Event" shows the same error instead of "no data".
		await expect(run({ event: EVENTS.newTaobaoRefund }, undefined, 'manual')).rejects.toThrow('Cannot find the records');
	});

	it('takes a new baseline when the event is changed', async () => {
		const state = await activate({ event: EVENTS.newTaobaoRefund });
		const switched = await run({ event: EVENTS.taobaoOrderStatusChanged }, state);
		expect(switched.items).toBeNull();
		expect(switched.staticData).toMatchObject({ event: EVENTS.taobaoOrderStatusChanged });
		expect(switched.staticData.seen).toBeUndefined();
		expect(switched.staticData.lastPollAt).toBeUndefined();
	});
});

describe('node description', () => {
	it('is a polling trigger with the shared credential test', () => {
		const { description } = trigger;
		expect(description).toMatchObject({ name: 'pandaPonPollingTrigger', polling: true, inputs: [] });
		expect(description.credentials).toEqual([{ name: 'pandaPonApi', required: true, testedBy: 'pandaPonApiTest' }]);
		expect(Object.keys(trigger.methods.credentialTest)).toEqual(['pandaPonApiTest']);
		expect(description.usableAsTool).toBeUndefined();
	});
});

// ---- pure modules ----------------------------------------------------------------------

const scanned = (id: string, status: ScannedRecord['status'] = 1): ScannedRecord => ({ id, status });
const ids = (count: number, from = 0) => Array.from({ length: count }, (_, index) => scanned(String(100_000_000_000 + from + index)));

describe('state: new records', () => {
	const event = EVENTS.newTaobaoRefund;
	const overlap = 10 * MINUTE;

	it('starts the scan at the previous poll minus the overlap, or now minus the overlap at first', () => {
		const state = seenBaseline(event, [], 1_000_000);
		expect(scanStart(state, 5_000_000, overlap)).toBe(1_000_000 - overlap);
		expect(scanStart(undefined, 5_000_000, overlap)).toBe(5_000_000 - overlap);
	});

	it('announces unknown IDs once, deduplicating repeats within a scan', () => {
		const baseline = seenBaseline(event, [scanned('1'), scanned('2')], 0);
		const { fresh, next } = detectNewRecords(baseline, [scanned('3'), scanned('2'), scanned('3')], MINUTE, overlap);
		expect(fresh.map((record) => record.id)).toEqual(['3']);
		expect(next.seen).toEqual([
			['2', 0],
			['1', 0],
			['3', MINUTE],
		]);
		expect(next.lastPollAt).toBe(MINUTE);
		expect(detectNewRecords(next, [scanned('3')], 2 * MINUTE, overlap).fresh).toEqual([]);
	});

	it('forgets IDs once they are too old to be listed again', () => {
		const retention = seenRetentionMs(overlap);
		const state: SeenState = { version: 1, event, lastPollAt: retention, seen: [['old', 0], ['young', retention]] };
		const { next } = detectNewRecords(state, [], retention + 1, overlap);
		expect(next.seen).toEqual([['young', retention]]);
	});

	it('keeps an old ID while the scan still lists it (a time filter PandaPon might ignore)', () => {
		const retention = seenRetentionMs(overlap);
		const state: SeenState = { version: 1, event, lastPollAt: retention, seen: [['old', 0]] };
		const { fresh, next } = detectNewRecords(state, [scanned('old')], 10 * retention, overlap);
		expect(fresh).toEqual([]);
		expect(next.seen).toEqual([['old', 0]]);
	});

	it('stays within its cap, dropping the oldest', () => {
		const baseline = seenBaseline(event, ids(MAX_REMEMBERED_IDS), 0);
		expect(baseline.seen).toHaveLength(MAX_REMEMBERED_IDS);
		const { fresh, next } = detectNewRecords(baseline, ids(5_000, MAX_REMEMBERED_IDS), 1, overlap);
		expect(fresh).toHaveLength(5_000);
		expect(next.seen).toHaveLength(MAX_REMEMBERED_IDS);
		const remembered = new Set(next.seen.map(([id]) => id));
		// The scan is newest first: the oldest baseline IDs (last in the scan) were dropped.
		expect(remembered.has(String(100_000_000_000 + MAX_REMEMBERED_IDS - 1))).toBe(false);
		expect(remembered.has('100000000000')).toBe(true);
		expect(remembered.has(String(100_000_000_000 + MAX_REMEMBERED_IDS + 4_999))).toBe(true);
	});

	it('reads back only well-formed state for the same event', () => {
		const state = seenBaseline(event, [scanned('1024285237573584051')], 5);
		const stored = JSON.parse(JSON.stringify(state));
		expect(readSeenState(stored, event)).toEqual(state);
		expect(readSeenState(stored, EVENTS.taobaoRefundStatusChanged)).toBeUndefined();
		expect(readSeenState({ ...stored, version: 2 }, event)).toBeUndefined();
		expect(readSeenState({}, event)).toBeUndefined();
		expect(readSeenState({ ...stored, seen: [['1', 2], [3, 4], 'x'] }, event)?.seen).toEqual([['1', 2]]);
	});
});

describe('state: status changes', () => {
	const event = EVENTS.taobaoOrderStatusChanged;

	it('reports changed statuses only, and remembers new records silently', () => {
		const baseline = statusBaseline(event, [scanned('b', 1), scanned('a', 'x')], 7);
		expect(baseline.statuses).toEqual([
			['a', 'x'],
			['b', 1],
		]);
		const { changes, next } = detectStatusChanges(baseline, [scanned('c', 5), scanned('b', 2), scanned('a', 'x')]);
		expect(changes).toEqual([{ record: scanned('b', 2), previousStatus: 1 }]);
		expect(new Map(next.statuses)).toEqual(
			new Map<string, unknown>([
				['a', 'x'],
				['b', 2],
				['c', 5],
			]),
		);
	});

	it('returns the same memory when nothing changed', () => {
		const scan = [scanned('3', 1), scanned('2', 2), scanned('1', 3)];
		const baseline = statusBaseline(event, scan, 0);
		const { changes, next } = detectStatusChanges(baseline, scan);
		expect(changes).toEqual([]);
		expect(next).toEqual(baseline);
	});

	it('keeps records that left the scan, so a later reappearance is still compared', () => {
		const baseline = statusBaseline(event, [scanned('old', 'waitbuyerpay')], 0);
		const away = detectStatusChanges(baseline, [scanned('new', 'success')]).next;
		const back = detectStatusChanges(away, [scanned('old', 'cancel')]);
		expect(back.changes).toEqual([{ record: scanned('old', 'cancel'), previousStatus: 'waitbuyerpay' }]);
	});

	it('treats 10 and "10" as the same status, and null as its own value', () => {
		expect(sameStatus(10, '10')).toBe(true);
		expect(sameStatus(null, 'null')).toBe(false);
		expect(sameStatus(null, null)).toBe(true);
		expect(sameStatus(-10, 10)).toBe(false);
	});

	it('stays within its cap, forgetting the records not seen for longest', () => {
		const baseline = statusBaseline(event, ids(MAX_REMEMBERED_IDS), 0);
		const { next } = detectStatusChanges(baseline, ids(3_000, MAX_REMEMBERED_IDS));
		expect(next.statuses).toHaveLength(MAX_REMEMBERED_IDS);
		const remembered = new Set(next.statuses.map(([id]) => id));
		expect(remembered.has(String(100_000_000_000 + MAX_REMEMBERED_IDS + 2_999))).toBe(true);
		expect(remembered.has(String(100_000_000_000 + MAX_REMEMBERED_IDS - 1))).toBe(false);
		expect(capOldestFirst([1, 2, 3], 2)).toEqual([2, 3]);
	});

	it('reads back only well-formed state', () => {
		const state: StatusState = statusBaseline(event, [scanned('2019601741959504495', 'success')], 1);
		expect(readStatusState(JSON.parse(JSON.stringify(state)), event)).toEqual(state);
		expect(readStatusState({ ...state, statuses: [['1', { a: 1 }], ['2', null]] }, event)?.statuses).toEqual([['2', null]]);
		expect(readStatusState(null, event)).toBeUndefined();
	});
});

describe('records', () => {
	it('finds IDs and statuses in the usual places, keeping 19-digit IDs exact', () => {
		const rows = [
			{ orderId: '2019601741959504495', status: 'success' },
			{ baseInfo: { idOfStr: '2019601782476237495', status: 'cancel' } },
		];
		const { scanned: read, problem } = readRecords(rows, RECORD_SHAPES.alibabaOrderStatusChanged, true);
		expect(problem).toBeUndefined();
		expect(read.map((record) => [record.id, record.status, record.idPath])).toEqual([
			['2019601741959504495', 'success', 'orderId'],
			['2019601782476237495', 'cancel', 'baseInfo.idOfStr'],
		]);
	});

	it('writes a numeric ID as a string in the output, and adds the event fields', () => {
		const { scanned: [record] } = readRecords([{ refundId: 110002685755, refundStatus: 10, nested: { a: 1 } }], RECORD_SHAPES.newTaobaoRefund, false);
		expect(newRecordItem(record, EVENTS.newTaobaoRefund)).toEqual({
			refundId: '110002685755',
			refundStatus: 10,
			nested: { a: 1 },
			event: EVENTS.newTaobaoRefund,
		});
		expect(statusChangeItem({ record, previousStatus: 0 }, EVENTS.taobaoRefundStatusChanged)).toMatchObject({
			refundId: '110002685755',
			previousStatus: 0,
			status: 10,
		});
		const { scanned: [deep] } = readRecords([{ baseInfo: { id: 12, status: 's' } }], shapeFor(EVENTS.alibabaOrderStatusChanged, 'baseInfo.id'), true);
		expect(newRecordItem(deep, EVENTS.alibabaOrderStatusChanged)).toEqual({ baseInfo: { id: '12', status: 's' }, event: EVENTS.alibabaOrderStatusChanged });
	});

	it('names the problem when a record has no ID, is no object, or no record has a status', () => {
		const shape = RECORD_SHAPES.taobaoOrderStatusChanged;
		expect(readRecords([{ orderId: '1', orderStatus: 1 }, { orderStatus: 2 }], shape, true).problem).toEqual({
			kind: 'noId',
			index: 1,
			paths: ['orderId', 'purchaseOrderId'],
		});
		expect(readRecords(['x'], shape, true).problem).toEqual({ kind: 'notAnObject', index: 0 });
		expect(readRecords([{ orderId: '1' }], shape, true).problem).toEqual({ kind: 'noStatus', paths: ['orderStatus', 'status'] });
		expect(readRecords([{ orderId: '1' }], shape, false).problem).toBeUndefined();
		expect(readRecords([], shape, true).problem).toBeUndefined();
	});

	it('uses the overrides only when filled in', () => {
		expect(shapeFor(EVENTS.taobaoOrderStatusChanged, ' ', '')).toEqual(RECORD_SHAPES.taobaoOrderStatusChanged);
		expect(shapeFor(EVENTS.taobaoOrderStatusChanged, 'a.b', 'c')).toEqual({ id: ['a.b'], status: ['c'] });
	});

	it('turns ID values into exact strings', () => {
		expect(idText('1024285237573584051')).toBe('1024285237573584051');
		expect(idText(110002685755)).toBe('110002685755');
		expect(idText(1024285237573584051n)).toBe('1024285237573584051');
		expect(idText('')).toBeUndefined();
		expect(idText({})).toBeUndefined();
	});

	it('filters on the new status, empty meaning every status', () => {
		expect(statusWanted(100, [])).toBe(true);
		expect(statusWanted(100, [100, -20])).toBe(true);
		expect(statusWanted('100', [100])).toBe(true);
		expect(statusWanted(10, [100])).toBe(false);
		expect(statusWanted(null, [100])).toBe(false);
	});
});
