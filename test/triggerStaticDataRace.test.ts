/**
 * n8n reads a workflow's static data per request and saves it after the node answers, the
 * last save winning. Two requests handled at the same time (in one process) both start
 * from the same snapshot; the trigger must still save both deliveries, so that after a
 * restart, or in another n8n process (queue mode), a retry of either one is recognised.
 */
import type { IDataObject } from 'n8n-workflow';

import { PandaPonTrigger } from '../nodes/PandaPonTrigger/PandaPonTrigger.node';
import {
	encodeEntry,
	MAX_REMEMBERED_SUBJECTS,
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

const lastOf = (staticData: unknown) => (staticData as Partial<DeliveryLog>).last ?? {};
const subjects = (staticData: unknown) => Object.keys(lastOf(staticData));
/** A log entry: key 'kkkkkkkk' accepted at `at`. */
const at = (ms: number) => encodeEntry('kkkkkkkk', ms);

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
		expect(subjects(a.staticData)).toHaveLength(1);
		// b saved last: it carries a's delivery too.
		expect(subjects(b.staticData)).toHaveLength(2);

		// After a restart (empty register), retries of both are recognised from b's save alone.
		recentDeliveries.clear();
		const retryA = await deliver(refund('1001', '3'), b.staticData as IDataObject);
		const retryB = await deliver(refund('1002', '4'), b.staticData as IDataObject);
		expect([retryA.workflowData, retryB.workflowData]).toEqual([undefined, undefined]);
	});

	it('merging adds, oldest first, the newest acceptances the log lacks, up to the newest one it has', () => {
		const log: DeliveryLog = { last: { a: at(100), b: at(200) } };
		// Per subject, newest first, as the register lists them.
		const known = (...entries: Array<[string, number]>) => entries.map(([subject, ms]) => [subject, 'kkkkkkkk', ms] as const);
		mergeDeliveries(log, known(['d', 400], ['c', 300], ['b', 200], ['a', 100]), 500, 1_000);
		expect(log.last).toEqual({ a: at(100), b: at(200), c: at(300), d: at(400) });
		expect(Object.keys(log.last)).toEqual(['a', 'b', 'c', 'd']);
		mergeDeliveries(log, known(['e', 450], ['d', 400]), 500, 1_000, 3);
		expect(Object.keys(log.last)).toEqual(['c', 'd', 'e']);
		expect(log.unpruned).toBe(0);
		// 'c' holds an older message of another n8n process: the run goes on past it and this one's wins.
		const shared: DeliveryLog = { last: { a: at(100), c: at(250) } };
		mergeDeliveries(shared, known(['d', 400], ['c', 300], ['a', 100]), 500, 1_000);
		expect(shared.last).toEqual({ a: at(100), c: at(300), d: at(400) });
		// ... but a newer one of another process stays: it is the subject's last message.
		const newer: DeliveryLog = { last: { a: at(100), c: encodeEntry('otherkey', 350) } };
		mergeDeliveries(newer, known(['d', 400], ['c', 300], ['a', 100]), 500, 1_000);
		expect(newer.last).toEqual({ a: at(100), c: encodeEntry('otherkey', 350), d: at(400) });
		// Nothing missing: the log is not written at all.
		mergeDeliveries(Object.freeze({ last: Object.freeze({ ...log.last }) }), known(['e', 450], ['d', 400]), 500, 1_000);
	});

	it('the register lists, per subject of its own scope, the last acceptance within the window, newest first', () => {
		recentDeliveries.accept('wf:n1', 's1', 'k1', 1_000, 10_000);
		recentDeliveries.accept('wf:n2', 's1', 'other', 1_000, 10_000);
		recentDeliveries.accept('wf:n1', 's2', 'k2', 5_000, 10_000);
		recentDeliveries.accept('wf:n1', 's3', 'k3', 9_000, 10_000);
		recentDeliveries.accept('wf:n1', 's2', 'k4', 9_500, 10_000);
		expect([...recentDeliveries.newestFirst('wf:n1', 12_000, 10_000)]).toEqual([['s2', 'k4', 9_500], ['s3', 'k3', 9_000]]);
		expect([...recentDeliveries.newestFirst('wf:none', 12_000, 10_000)]).toEqual([]);
	});

	it('the register forgets the oldest subjects past the dedupe cap and expired ones as it goes', () => {
		for (let i = 0; i <= MAX_REMEMBERED_SUBJECTS; i++) recentDeliveries.accept('wf:n1', `s${i}`, 'k', 1_000 + i, 1e9);
		const kept = [...recentDeliveries.newestFirst('wf:n1', 1_000 + MAX_REMEMBERED_SUBJECTS, 1e9)];
		expect(kept).toHaveLength(MAX_REMEMBERED_SUBJECTS);
		expect(kept[kept.length - 1][0]).toBe('s1');
		// s0 accepted again is listed once, as the newest.
		recentDeliveries.accept('wf:n1', 's0', 'k', 1e6, 1e9);
		expect([...recentDeliveries.newestFirst('wf:n1', 1e6, 1e9)].filter(([subject]) => subject === 's0')).toEqual([['s0', 'k', 1e6]]);
		// An acceptance far later drops everything older than its window.
		recentDeliveries.accept('wf:n1', 'late', 'k', 1e10, 1_000);
		expect([...recentDeliveries.newestFirst('wf:n1', 1e10, 1e12)]).toEqual([['late', 'k', 1e10]]);
	});

	it('an overlapping request that lacks the order\'s newest message still tells A → B → A from a retry', async () => {
		const price = (fee: number, timestamp: string) =>
			`{"messageType":"TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY","messageBody":{"salesOrderId":"1024285237573584051","fee":${fee}},"messagePlatform":0,"timestamp":"${timestamp}"}`;
		const a = await deliver(price(4498, '1'), {});
		// B was handled on a copy loaded before A's save, and A again on a copy that lacks B.
		const b = await deliver(price(3998, '2'), {});
		const aAgain = await deliver(price(4498, '3'), a.staticData as IDataObject);
		expect([a, b, aAgain].map((r) => r.workflowData?.length)).toEqual([1, 1, 1]);
	});

	it('overlapping requests each write back what the other accepted, and nothing when nothing is missing', async () => {
		const a = await deliver(refund('2001', '1'), {});
		const b = await deliver(refund('2002', '2'), a.staticData as IDataObject);
		// A retry against a snapshot that has everything writes nothing, so n8n saves nothing.
		const complete = await deliver(refund('2002', '3'), b.staticData as IDataObject);
		expect(complete.workflowData).toBeUndefined();
		expect(complete.staticDataChanged).toBe(false);
		// a's request saved last, on a copy loaded before b's save: it lacks b, and the retry of b puts b back.
		const lacking = { last: Object.fromEntries(Object.entries(lastOf(b.staticData)).slice(0, 1)) };
		const retryB = await deliver(refund('2002', '4'), lacking);
		expect(retryB.workflowData).toBeUndefined();
		expect(retryB.staticDataChanged).toBe(true);
		expect(lastOf(retryB.staticData)).toEqual(lastOf(b.staticData));
	});
});
