/**
 * n8n reads a workflow's static data per request and saves it after the node answers, the
 * last save winning. Two requests handled at the same time (in one process) both start
 * from the same snapshot; the trigger must still save both deliveries, so that after a
 * restart, or in another n8n process (queue mode), a retry of either one is recognised.
 */
import type { IDataObject } from 'n8n-workflow';

import { PandaPonTrigger } from '../nodes/PandaPonTrigger/PandaPonTrigger.node';
import { mergeDeliveries, type DeliveryLog } from '../nodes/PandaPonTrigger/deduplication';
import { recentDeliveries } from '../nodes/PandaPonTrigger/recentDeliveries';
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

const seenKeys = (staticData: unknown) => Object.keys((staticData as Partial<DeliveryLog>).seen ?? {});

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

	it('merging keeps the earlier time, adds only what is missing and respects the cap', () => {
		const log: DeliveryLog = { seen: { a: 100, b: 300 } };
		mergeDeliveries(log, [['b', 200], ['c', 400], ['a', 150]], 500, 1_000);
		expect(log.seen).toEqual({ a: 100, b: 200, c: 400 });
		mergeDeliveries(log, [['d', 450]], 500, 1_000, 3);
		expect(log.seen).toEqual({ b: 200, c: 400, d: 450 });
	});

	it('the register lists only its own scope, within the window, newest last', () => {
		recentDeliveries.claim('wf:n1', 'k1', 1_000, 10_000);
		recentDeliveries.claim('wf:n2', 'other', 1_000, 10_000);
		recentDeliveries.claim('wf:n1', 'k2', 5_000, 10_000);
		recentDeliveries.claim('wf:n1', 'k3', 9_000, 10_000);
		expect(recentDeliveries.recent('wf:n1', 12_000, 10_000, 10)).toEqual([['k2', 5_000], ['k3', 9_000]]);
		expect(recentDeliveries.recent('wf:n1', 12_000, 10_000, 1)).toEqual([['k3', 9_000]]);
		expect(recentDeliveries.recent('wf:none', 12_000, 10_000, 10)).toEqual([]);
	});
});
