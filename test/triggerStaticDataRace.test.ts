/**
 * n8n reads a workflow's static data per request and saves it after the node answers, the
 * last save winning. Two requests handled at the same time (in one process) both start
 * from the same snapshot; the trigger must still save both deliveries, so that after a
 * restart, or in another n8n process (queue mode), a retry of either one is recognised.
 */
import type { IDataObject } from 'n8n-workflow';

import { PandaPonTrigger } from '../nodes/PandaPonTrigger/PandaPonTrigger.node';
import {
	MAX_REMEMBERED_DELIVERIES,
	mergeDeliveries,
	recentDeliveries,
	type DeliveryLog,
} from '../nodes/PandaPonTrigger/deduplication';
import { computeCallbackSignature } from '../nodes/shared/signing';
import { FakePandaPon } from './fake-pandapon';
import { webhook } from './harness';

const trigger = new PandaPonTrigger();
let fake: FakePandaPon;

const refund = (refundId: string, timestamp: string) =>
	`{"messageType":"TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND","messageBody":{"refundId":"${refundId}","refundStatus":10},"messagePlatform":0,"timestamp":"${timestamp}"}`;

async function deliver(body: string, staticData: IDataObject) {
	return webhook(trigger, {
		parameters: { platform: 'any', events: ['priceChanged', 'statusChanged', 'refund'], verification: 'enforce' },
		credentials: { ...fake.credentials, baseUrl: fake.url },
		staticData,
		request: {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: computeCallbackSignature(body, fake.credentials.accessSecret) },
			body,
		},
	});
}

const seenOf = (staticData: unknown) => (staticData as Partial<DeliveryLog>).seen ?? {};
const seenKeys = (staticData: unknown) => Object.keys(seenOf(staticData));

beforeAll(async () => {
	fake = await FakePandaPon.start();
});
afterAll(async () => fake.close());
beforeEach(() => recentDeliveries.clear());

describe('static data saved by overlapping requests', () => {
	it('keeps every delivery of the process, whichever save lands last', async () => {
		// Both requests read the static data before either saved it.
		const a = await deliver(refund('1001', '1'), {});
		const b = await deliver(refund('1002', '2'), {});
		expect([a.workflowData, b.workflowData].map((d) => d?.length)).toEqual([1, 1]);
		expect(seenKeys(a.staticData)).toHaveLength(1);
		// b saved last: it carries a's delivery too.
		expect(seenKeys(b.staticData)).toHaveLength(2);

		// After a restart (empty register), retries of both are recognised from b's save alone.
		recentDeliveries.clear();
		const retryA = await deliver(refund('1001', '3'), b.staticData as IDataObject);
		const retryB = await deliver(refund('1002', '4'), b.staticData as IDataObject);
		expect([retryA.workflowData, retryB.workflowData]).toEqual([undefined, undefined]);
	});

	it('merging adds, oldest first, the newest deliveries the log lacks, up to the newest one it has', () => {
		const log: DeliveryLog = { seen: { a: 100, b: 200 } };
		// Newest first, as the register lists them; 'x' is the delivery being recorded.
		mergeDeliveries(log, [['x', 450], ['d', 400], ['c', 300], ['b', 200], ['a', 100]], 'x', 500, 1_000);
		expect(Object.entries(log.seen)).toEqual([['a', 100], ['b', 200], ['c', 300], ['d', 400]]);
		mergeDeliveries(log, [['e', 450], ['d', 400]], 'x', 500, 1_000, 3);
		expect(Object.entries(log.seen)).toEqual([['c', 300], ['d', 400], ['e', 450]]);
		expect(log.unpruned).toBe(0);
		// 'c' was written by another n8n process (another time): the run goes on past it.
		const shared: DeliveryLog = { seen: { a: 100, c: 333 } };
		mergeDeliveries(shared, [['d', 400], ['c', 300], ['a', 100]], 'x', 500, 1_000);
		expect(Object.entries(shared.seen)).toEqual([['a', 100], ['c', 300], ['d', 400]]);
		// Nothing missing: the log is not written at all.
		mergeDeliveries(Object.freeze({ seen: Object.freeze({ ...log.seen }) }), [['e', 450], ['d', 400]], 'x', 500, 1_000);
	});

	it('the register lists only its own scope, within the window, newest first', () => {
		recentDeliveries.claim('wf:n1', 'k1', 1_000, 10_000);
		recentDeliveries.claim('wf:n2', 'other', 1_000, 10_000);
		recentDeliveries.claim('wf:n1', 'k2', 5_000, 10_000);
		recentDeliveries.claim('wf:n1', 'k3', 9_000, 10_000);
		expect([...recentDeliveries.newestFirst('wf:n1', 12_000, 10_000)]).toEqual([['k3', 9_000], ['k2', 5_000]]);
		expect([...recentDeliveries.newestFirst('wf:none', 12_000, 10_000)]).toEqual([]);
	});

	it('the register forgets the oldest keys past the dedupe cap and expired keys as it goes', () => {
		for (let i = 0; i <= MAX_REMEMBERED_DELIVERIES; i++) recentDeliveries.claim('wf:n1', `k${i}`, 1_000 + i, 1e9);
		const kept = [...recentDeliveries.newestFirst('wf:n1', 1_000 + MAX_REMEMBERED_DELIVERIES, 1e9)];
		expect(kept).toHaveLength(MAX_REMEMBERED_DELIVERIES);
		expect(kept[kept.length - 1][0]).toBe('k1');
		// k0 is forgotten: claiming it again succeeds, and it is listed once, as the newest.
		expect(recentDeliveries.claim('wf:n1', 'k0', 1e6, 1e9)).toBe(true);
		expect([...recentDeliveries.newestFirst('wf:n1', 1e6, 1e9)].filter(([key]) => key === 'k0')).toEqual([['k0', 1e6]]);
		// A claim far later drops everything older than its window.
		recentDeliveries.claim('wf:n1', 'late', 1e10, 1_000);
		expect([...recentDeliveries.newestFirst('wf:n1', 1e10, 1e12)]).toEqual([['late', 1e10]]);
	});

	it('a key claimed again after its window is listed once, at its new time', () => {
		recentDeliveries.claim('wf:n1', 'k1', 1_000, 5_000);
		recentDeliveries.claim('wf:n1', 'k2', 2_000, 5_000);
		expect(recentDeliveries.claim('wf:n1', 'k1', 6_500, 5_000)).toBe(true);
		expect([...recentDeliveries.newestFirst('wf:n1', 6_500, 5_000)]).toEqual([['k1', 6_500], ['k2', 2_000]]);
	});

	it('overlapping requests each write back what the other accepted, and nothing when nothing is missing', async () => {
		const a = await deliver(refund('2001', '1'), {});
		const b = await deliver(refund('2002', '2'), a.staticData as IDataObject);
		// A retry against a snapshot that has everything writes nothing, so n8n saves nothing.
		const complete = await deliver(refund('2002', '3'), b.staticData as IDataObject);
		expect(complete.workflowData).toBeUndefined();
		expect(complete.staticDataChanged).toBe(false);
		// A snapshot loaded before a's save landed: the retry of b puts a's delivery back.
		const lacking = { seen: Object.fromEntries(Object.entries(seenOf(b.staticData)).slice(1)) };
		const retryB = await deliver(refund('2002', '4'), lacking);
		expect(retryB.workflowData).toBeUndefined();
		expect(retryB.staticDataChanged).toBe(true);
		expect(seenKeys(retryB.staticData).sort()).toEqual(seenKeys(b.staticData).sort());
	});
});
