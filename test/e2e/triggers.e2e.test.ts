/**
 * Both triggers inside a REAL `n8n start` (the mode users run), with published workflows:
 *
 * - PandaPon Trigger (callbacks): signed, forged, duplicate (also concurrent), malformed,
 *   oversized, filtered and probe requests are sent with undici to the production URL; the test
 *   reads every execution n8n saved (database.sqlite) and asserts that exactly the right
 *   ones happened, with the right trigger output. Each acknowledgement is timed (PandaPon
 *   gives up after 1000 ms). A restart then proves that retried deliveries are recognised
 *   from the workflow's static data alone. Bodies without Content-Type (or with one n8n
 *   does not parse) go to a node-version-2 and a node-version-1 trigger: from version 2 on
 *   n8n leaves them in the request stream and the trigger reads them itself.
 * - PandaPon Polling Trigger ("Taobao Refund Status Changed" and "New Taobao Refund"),
 *   polled every 15 s (the shortest n8n 2.41 accepts, see pollEverySeconds): baseline, no
 *   execution; a refund changes status and a new one appears in the fake; exactly one
 *   execution each; nothing more on the following poll.
 *
 * Two fakes: one answers the callback workflows (Include Current State), one is polled, so
 * the poll counting is not disturbed by the lookups.
 */
import { performance } from 'perf_hooks';

import { computeCallbackSignature } from '../../nodes/shared/signing';
import { FakePandaPon, type RecordedRequest, type TaobaoRefund } from '../fake-pandapon';
import { callbackHeaders, fakeCredential, newN8n, ref, timedRequest } from './harness';
import type { ExecutionResult, N8n } from './n8n';
import {
	AFTER_TRIGGER_NAME,
	CALLBACK_TRIGGER_NAME,
	callbackTriggerWorkflow,
	POLLING_TRIGGER_NAME,
	pollingTriggerWorkflow,
} from './workflows/triggers';

const REFUND_LIST = '/open/order/refund/queryList';
const REFUND_DETAIL = '/open/order/refund/query';
/** Polls every 15 s: four crons, each once a minute. */
const POLL_SECONDS = [5, 20, 35, 50];
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------
// Callback bodies, written by hand so that 19-digit IDs are raw JSON integer literals.
// ---------------------------------------------------------------------------------------

const TAOBAO_PRICE =
	'{"messageType":"TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY","messageBody":{"salesOrderId":"1024285237573584051",' +
	'"subOrders":[{"purchase_order_outer_id":2150046893124958862,"purchase_order_line_outer_id":2150046894124958869,' +
	'"quantity":2,"product_amount":1999,"close_time_without_payment":"2026-05-21 15:40:00"}],' +
	'"purchaseOrderPriceDTO":{"purchaseCurrency":"CNY","purchaseTotalFee":4498}},"messagePlatform":0,"timestamp":"1715669977082"}';
const TAOBAO_PRICE_BODY = {
	salesOrderId: '1024285237573584051',
	subOrders: [
		{
			purchase_order_outer_id: '2150046893124958862',
			purchase_order_line_outer_id: '2150046894124958869',
			quantity: 2,
			product_amount: 1999,
			close_time_without_payment: '2026-05-21 15:40:00',
		},
	],
	purchaseOrderPriceDTO: { purchaseCurrency: 'CNY', purchaseTotalFee: 4498 },
};
/** The same message pushed again half an hour later: same content, new push timestamp. */
const TAOBAO_PRICE_RETRY = TAOBAO_PRICE.replace('"timestamp":"1715669977082"', '"timestamp":"1715671777082"');
const TAOBAO_PRICE_RETRY_2 = TAOBAO_PRICE.replace('"timestamp":"1715669977082"', '"timestamp":"1715673577082"');

/** 1688 status message whose messageBody is a JSON string (as the white-label copy sends it). */
const ALIBABA_STATUS = JSON.stringify({
	messageType: '1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY',
	messageBody: '{"orderId":2019601741959504495,"orderStatus":"waitsellersend","baseInfo":{"id":2019601741959504495,"status":"waitsellersend"}}',
	messagePlatform: 1,
	timestamp: '1779263269913',
});
const ALIBABA_STATUS_BODY = {
	orderId: '2019601741959504495',
	orderStatus: 'waitsellersend',
	baseInfo: { id: '2019601741959504495', status: 'waitsellersend' },
};

/** Sent after the oversized bodies: n8n must still start executions. */
const TAOBAO_PRICE_LATER =
	'{"messageType":"TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY","messageBody":{"salesOrderId":"1024292548501990224",' +
	'"subOrders":[{"purchase_order_outer_id":2150046894124958869,"quantity":1}]},"messagePlatform":0,"timestamp":"1715670000000"}';

/** A message type matching none of the default events ("Any Other Message" is not selected). */
const OTHER_MESSAGE =
	'{"messageType":"TAOBAO_ITEM_STOCK_NOTICE","messageBody":{"itemId":600126245031041190},"messagePlatform":0,"timestamp":"1715669999999"}';

/** Delivered three times at once (PandaPon retrying while the first delivery is still in flight). */
const refundMessage = (timestamp: string) =>
	'{"messageType":"TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND","messageBody":{"refundId":"110002685755",' +
	`"orderId":1024285237573584051,"refundStatus":10},"messagePlatform":0,"timestamp":"${timestamp}"}`;

const FORGED_PRICE =
	'{"messageType":"TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY","messageBody":{"salesOrderId":"1024285237573584051",' +
	'"subOrders":[{"purchase_order_outer_id":2150046893124958862,"quantity":2,"product_amount":1}]},"messagePlatform":0,"timestamp":"1715669977083"}';

// ---------------------------------------------------------------------------------------

interface Ack {
	label: string;
	status: number;
	text: string;
	ms: number;
	sentAt: number;
	ackedAt: number;
	/** Counted in the latency check (not the oversized uploads, whose time is the transfer). */
	timed: boolean;
}

const acks: Ack[] = [];

async function send(
	url: string,
	label: string,
	opts: { method?: string; body?: string | Buffer; headers?: Record<string, string>; timed?: boolean } = {},
): Promise<Ack> {
	const answer = await timedRequest(url, label, opts);
	const ack: Ack = { label, ...answer, text: answer.text.slice(0, 300), timed: opts.timed !== false };
	acks.push(ack);
	return ack;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const triggerItem = (run: ExecutionResult) => {
	const items = run.output(CALLBACK_TRIGGER_NAME);
	expect(items).toHaveLength(1);
	return items[0];
};

/** Requests of a poll that started after `since` (first pages only: a poll may read several pages). */
function pollStarts(fake: FakePandaPon, kind: 'status' | 'new', since: number): RecordedRequest[] {
	return fake.requests.filter((req) => {
		if (req.path !== REFUND_LIST || req.receivedAt <= since) return false;
		const body = (req.body ?? {}) as { pageNo?: number; refundStartTime?: number };
		if (body.pageNo !== undefined && Number(body.pageNo) !== 1) return false;
		// Status changes look back 30 days; new refunds only to the previous poll minus the overlap.
		const lookBack = req.receivedAt - Number(body.refundStartTime);
		return kind === 'status' ? lookBack > DAY : lookBack <= DAY;
	});
}

async function waitForPoll(fake: FakePandaPon, kind: 'status' | 'new', since: number, timeoutMs = 40_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (pollStarts(fake, kind, since).length === 0) {
		if (Date.now() > deadline) throw new Error(`no "${kind}" poll of ${REFUND_LIST} after ${new Date(since).toISOString()}`);
		await sleep(250);
	}
}

describe('PandaPon triggers in a real n8n (n8n start)', () => {
	let n8n: N8n;
	let callbackFake: FakePandaPon;
	let pollFake: FakePandaPon;
	let url = '';
	const started = Date.now();
	let startedAt = 0;

	let main: ReturnType<typeof callbackTriggerWorkflow>;
	let withState: ReturnType<typeof callbackTriggerWorkflow>;
	/** Node version 2 (new nodes) and 1 (workflows saved before 2 existed), for bodies without Content-Type. */
	let plainV2: ReturnType<typeof callbackTriggerWorkflow>;
	let plainV1: ReturnType<typeof callbackTriggerWorkflow>;
	let pollStatus: ReturnType<typeof pollingTriggerWorkflow>;
	let pollNew: ReturnType<typeof pollingTriggerWorkflow>;
	const hook = (path: string) => `${url}/webhook/${path}`;

	beforeAll(async () => {
		callbackFake = await FakePandaPon.start();
		pollFake = await FakePandaPon.start();
		n8n = await newN8n('triggers');
		const callbackCred = fakeCredential(callbackFake, { name: 'PandaPon (callback fake)' });
		const pollCred = fakeCredential(pollFake, { name: 'PandaPon (polled fake)' });

		main = callbackTriggerWorkflow({ name: 'PandaPon e2e: callbacks', credential: ref(callbackCred) });
		withState = callbackTriggerWorkflow({
			name: 'PandaPon e2e: callbacks with current state',
			credential: ref(callbackCred),
			parameters: { options: { includeCurrentState: true } },
		});
		plainV2 = callbackTriggerWorkflow({ name: 'PandaPon e2e: callbacks without Content-Type (v2)', credential: ref(callbackCred) });
		plainV1 = callbackTriggerWorkflow({
			name: 'PandaPon e2e: callbacks without Content-Type (v1)',
			credential: ref(callbackCred),
			typeVersion: 1,
		});
		pollStatus = pollingTriggerWorkflow({
			name: 'PandaPon e2e: refund status polling',
			credential: ref(pollCred),
			event: 'taobaoRefundStatusChanged',
			pollSeconds: POLL_SECONDS,
		});
		pollNew = pollingTriggerWorkflow({
			name: 'PandaPon e2e: new refund polling',
			credential: ref(pollCred),
			event: 'newTaobaoRefund',
			pollSeconds: POLL_SECONDS,
		});

		await n8n.importCredentials([callbackCred, pollCred]);
		const workflows = [main.workflow, withState.workflow, plainV2.workflow, plainV1.workflow, pollStatus, pollNew];
		await n8n.importWorkflows(workflows);
		for (const wf of workflows) await n8n.publishWorkflow(wf.id);
		startedAt = Date.now();
		({ url } = await n8n.start({ webhooks: [main, withState, plainV2, plainV1].map(({ path }) => ({ path })) }));
		process.stderr.write(`[triggers.e2e] n8n ready with ${workflows.length} published workflows after ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
	});

	afterAll(async () => {
		await n8n?.stop();
		await callbackFake?.close();
		await pollFake?.close();
		if (acks.length) {
			const lines = acks.map(
				(a) => `  ${a.ms.toFixed(1).padStart(8)} ms  ${String(a.status).padEnd(4)} ${a.label}${a.timed ? '' : ' (upload, not timed)'}`,
			);
			const timed = acks.filter((a) => a.timed).map((a) => a.ms).sort((a, b) => a - b);
			const p50 = timed[Math.floor(timed.length / 2)] ?? 0;
			process.stderr.write(
				`[triggers.e2e] acknowledgement latency (client side, ${timed.length} timed requests; ` +
					`p50 ${p50.toFixed(1)} ms, max ${(timed[timed.length - 1] ?? 0).toFixed(1)} ms):\n${lines.join('\n')}\n` +
					`[triggers.e2e] file took ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
			);
		}
	});

	test('callbacks: exactly the signed, new, wanted messages start executions, with exact output', async () => {
		await n8n.withLogs(async () => {
			const secret = callbackFake.credentials.accessSecret;
			const post = (label: string, body: string | Buffer, authorization?: string | null, timed = true) =>
				send(hook(main.path), label, { body, headers: callbackHeaders(body, secret, authorization), timed });

			// Probes (PandaPon's console "Verify"): 200, nothing started.
			const probes = [
				await send(hook(main.path), 'probe: GET', { method: 'GET' }),
				await send(hook(main.path), 'probe: HEAD', { method: 'HEAD' }),
				await send(hook(main.path), 'probe: empty POST', { method: 'POST', body: '' }),
				await send(hook(main.path), 'probe: empty JSON POST', { method: 'POST', body: '', headers: { 'content-type': 'application/json' } }),
				await send(hook(main.path), 'probe: POST without messageType', {
					body: '{"verify":true}',
					headers: { 'content-type': 'application/json' },
				}),
			];
			for (const probe of probes) expect({ label: probe.label, status: probe.status }).toEqual({ label: probe.label, status: 200 });

			// Forged, before the genuine deliveries: a rejected copy must not make the genuine one a "duplicate".
			const forged = [
				await post('forged: missing Authorization', TAOBAO_PRICE, null),
				await post('forged: wrong secret', ALIBABA_STATUS, computeCallbackSignature(ALIBABA_STATUS, 'not-the-access-secret')),
				await post('forged: tampered body', FORGED_PRICE, computeCallbackSignature(TAOBAO_PRICE, secret)),
				await post('forged: garbage header', FORGED_PRICE, 'Bearer abc'),
			];
			for (const ack of forged) {
				expect({ label: ack.label, status: ack.status }).toEqual({ label: ack.label, status: 401 });
				expect(ack.text).not.toContain(secret);
			}

			// Genuine deliveries.
			const price = await post('signed: Taobao price change (19-digit raw integers)', TAOBAO_PRICE);
			const status1688 = await post('signed: 1688 status, messageBody as JSON string', ALIBABA_STATUS);
			expect([price.status, status1688.status]).toEqual([200, 200]);

			// Retried delivery: same content, new push timestamp.
			const retry = await post('signed: duplicate of the price change (new timestamp)', TAOBAO_PRICE_RETRY);
			expect(retry.status).toBe(200);
			expect(JSON.parse(retry.text)).toMatchObject({ duplicate: true });

			// The same message three times at once: one execution.
			const concurrent = await Promise.all(
				['1715669990001', '1715669990002', '1715669990003'].map((ts, i) =>
					post(`signed: refund, concurrent copy ${i + 1} of 3`, refundMessage(ts)),
				),
			);
			expect(concurrent.map((ack) => ack.status)).toEqual([200, 200, 200]);
			expect(concurrent.filter((ack) => JSON.parse(ack.text).duplicate === true)).toHaveLength(2);

			// Filtered out by the event filter.
			const other = await post('signed: filtered out (other event)', OTHER_MESSAGE);
			expect(other.status).toBe(200);
			expect(JSON.parse(other.text)).toMatchObject({ ignored: true });

			// Malformed and wrong content: 4xx.
			const malformed = await post('malformed JSON', '{"messageType":"TAOBAO_X",');
			const array = await post('JSON array', '[1,2]');
			const scalar = await post('JSON string', '"hello"');
			for (const ack of [malformed, array, scalar]) {
				expect({ label: ack.label, status: ack.status >= 400 && ack.status < 500 }).toEqual({ label: ack.label, status: true });
			}

			// Oversized: past the node's 1 MiB limit, and past n8n's own 16 MiB payload limit.
			const pad = (bytes: number) => Buffer.from(`{"messageType":"TAOBAO_X","messageBody":{"pad":"${'x'.repeat(bytes)}"},"messagePlatform":0}`);
			const big = await post('oversized: 2 MiB', pad(2 * 1024 * 1024), undefined, false);
			const huge = await post('oversized: 17 MiB', pad(17 * 1024 * 1024), undefined, false);
			expect(big.status).toBe(413);
			// Past N8N_PAYLOAD_SIZE_MAX n8n's own body reader fails before the node runs; n8n 2.41
			// turns raw-body's PayloadTooLargeError into a 500 ("There was a problem executing the
			// workflow"). Not the node's answer, but no execution either, and n8n carries on.
			expect([413, 500]).toContain(huge.status);

			// n8n unharmed: a later genuine message still starts an execution.
			const later = await post('signed: price change after the oversized bodies', TAOBAO_PRICE_LATER);
			expect(later.status).toBe(200);

			// Exactly four executions: price change, 1688 status, refund (once), the later price change.
			const runs = await n8n.waitForExecutions(main.workflow.id, 4, { settleMs: 2000 });
			expect(runs.map((run) => run.status)).toEqual(['success', 'success', 'success', 'success']);
			expect(runs.map((run) => run.raw.mode)).toEqual(['webhook', 'webhook', 'webhook', 'webhook']);
			const find = (messageType: string, salesOrderId?: string) =>
				runs.filter((run) => {
					const item = triggerItem(run);
					const body = item.messageBody as { salesOrderId?: string };
					return item.messageType === messageType && (salesOrderId === undefined || body.salesOrderId === salesOrderId);
				});
			const priceRuns = find('TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY', '1024285237573584051');
			const alibabaRuns = find('1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY');
			const refundRuns = find('TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND');
			const laterRuns = find('TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY', '1024292548501990224');
			expect([priceRuns, alibabaRuns, refundRuns, laterRuns].map((found) => found.length)).toEqual([1, 1, 1, 1]);
			const [priceRun, alibabaRun, refundRun, laterRun] = [priceRuns[0], alibabaRuns[0], refundRuns[0], laterRuns[0]];

			expect(triggerItem(priceRun)).toEqual({
				platform: 'taobao',
				messageType: 'TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
				event: 'priceChanged',
				messageBody: TAOBAO_PRICE_BODY,
				messagePlatform: 0,
				timestamp: '1715669977082',
				receivedAt: expect.any(String),
				// callbackHeaders signs the body alone.
				signatureBase: 'body',
			});
			expect(triggerItem(alibabaRun)).toEqual({
				platform: '1688',
				messageType: '1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY',
				event: 'statusChanged',
				messageBody: ALIBABA_STATUS_BODY,
				messagePlatform: 1,
				timestamp: '1779263269913',
				receivedAt: expect.any(String),
				// callbackHeaders signs the body alone.
				signatureBase: 'body',
			});
			expect(triggerItem(refundRun)).toMatchObject({
				platform: 'taobao',
				event: 'refund',
				messageBody: { refundId: '110002685755', orderId: '1024285237573584051', refundStatus: 10 },
			});
			expect(['1715669990001', '1715669990002', '1715669990003']).toContain(triggerItem(refundRun).timestamp);
			expect(triggerItem(laterRun)).toMatchObject({
				event: 'priceChanged',
				messageBody: { salesOrderId: '1024292548501990224', subOrders: [{ purchase_order_outer_id: '2150046894124958869', quantity: 1 }] },
			});
			// receivedAt: when n8n received it (between sending and the acknowledgement).
			for (const [run, ack] of [[priceRun, price], [alibabaRun, status1688], [laterRun, later]] as const) {
				const receivedAt = Date.parse(String(triggerItem(run).receivedAt));
				expect(receivedAt).toBeGreaterThanOrEqual(ack.sentAt - 50);
				expect(receivedAt).toBeLessThanOrEqual(ack.ackedAt + 50);
				// The item went on through the workflow unchanged.
				expect(run.output(AFTER_TRIGGER_NAME)).toEqual([triggerItem(run)]);
			}

			// Every acknowledgement PandaPon would wait for came well within its 1000 ms.
			const slow = acks.filter((a) => a.timed && a.ms >= 1000);
			expect(slow.map((a) => `${a.label}: ${a.ms.toFixed(0)} ms`)).toEqual([]);
		});
	});

	// From node version 2 on n8n reads the body only for the content types it parses; the
	// trigger reads the rest from the request stream itself. Version 1 must keep working.
	test.each([
		['2', () => plainV2],
		['1', () => plainV1],
	])('callbacks without Content-Type (node version %s): verified, deduplicated, size-limited', async (version, workflowOf) => {
		await n8n.withLogs(async () => {
			const { path, workflow } = workflowOf();
			const secret = callbackFake.credentials.accessSecret;
			const post = (label: string, body: string, contentType?: string, authorization = computeCallbackSignature(body, secret), timed = true) =>
				send(hook(path), `v${version} ${label}`, {
					body: Buffer.from(body),
					headers: contentType === undefined ? { authorization } : { authorization, 'content-type': contentType },
					timed,
				});

			const price = await post('signed, no Content-Type', TAOBAO_PRICE);
			const status1688 = await post('signed, application/octet-stream', ALIBABA_STATUS, 'application/octet-stream');
			const retry = await post('signed retry, no Content-Type', TAOBAO_PRICE_RETRY);
			const tampered = await post('tampered, no Content-Type', FORGED_PRICE, undefined, computeCallbackSignature(TAOBAO_PRICE, secret));
			const probe = await send(hook(path), `v${version} probe: empty POST, no Content-Type`, { body: Buffer.alloc(0) });
			const pad = `{"messageType":"TAOBAO_X","messageBody":{"pad":"${'x'.repeat(2 * 1024 * 1024)}"},"messagePlatform":0}`;
			const big = await post('oversized: 2 MiB, no Content-Type', pad, undefined, undefined, false);
			const later = await post('signed after the oversized body, no Content-Type', TAOBAO_PRICE_LATER);

			expect([price, status1688, retry, tampered, probe, big, later].map((ack) => [ack.label, ack.status])).toEqual([
				[price.label, 200],
				[status1688.label, 200],
				[retry.label, 200],
				[tampered.label, 401],
				[probe.label, 200],
				[big.label, 413],
				[later.label, 200],
			]);
			expect(JSON.parse(retry.text)).toMatchObject({ duplicate: true });
			expect(JSON.parse(price.text)).not.toHaveProperty('duplicate');
			expect(JSON.parse(probe.text)).toEqual({ ok: true });

			const runs = await n8n.waitForExecutions(workflow.id, 3, { settleMs: 2000 });
			expect(runs.map((run) => run.status)).toEqual(['success', 'success', 'success']);
			const items = runs.map(triggerItem);
			const bySalesOrder = (id: string) => items.filter((item) => (item.messageBody as { salesOrderId?: string }).salesOrderId === id);
			expect(bySalesOrder('1024285237573584051')).toEqual([expect.objectContaining({ timestamp: '1715669977082', messageBody: TAOBAO_PRICE_BODY })]);
			expect(bySalesOrder('1024292548501990224')).toHaveLength(1);
			expect(items.filter((item) => item.platform === '1688')).toEqual([expect.objectContaining({ messageBody: ALIBABA_STATUS_BODY })]);
			for (const ack of [price, status1688, retry, probe, later]) expect({ label: ack.label, fast: ack.ms < 1000 }).toEqual({ label: ack.label, fast: true });
		});
	});

	test('Include Current State: the execution carries the refund as the API shows it now', async () => {
		await n8n.withLogs(async () => {
			const refund = callbackFake.state.taobaoRefunds[2];
			const previous = refund.refundStatus;
			// The message says "refund applied"; meanwhile PandaPon already shows it refunded.
			callbackFake.updateTaobaoRefund(refund.refundId, { refundStatus: previous === 100 ? -20 : 100 });
			const lookupsBefore = callbackFake.accepted(REFUND_DETAIL).length;

			const sentAt = Date.now();
			const t = performance.now();
			const result = await callbackFake.sendCallback(
				hook(withState.path),
				{
					messageType: 'TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND',
					messagePlatform: 0,
					messageBody: { refundId: refund.refundId, salesOrderId: refund.salesOrderId, refundStatus: previous },
				},
				{ bodyAsString: true },
			);
			acks.push({ label: 'signed: refund, Include Current State on (fake.sendCallback)', status: result.status, text: result.body, ms: performance.now() - t, sentAt, ackedAt: Date.now(), timed: true });
			expect(result.status).toBe(200);

			const runs = await n8n.waitForExecutions(withState.workflow.id, 1, { settleMs: 2000 });
			expect(runs).toHaveLength(1);
			expect(runs[0].status).toBe('success');
			const item = triggerItem(runs[0]);
			expect(item).toMatchObject({
				platform: 'taobao',
				event: 'refund',
				messageBody: { refundId: refund.refundId, refundStatus: previous },
			});
			expect(item.currentStateError).toBeUndefined();
			expect(item.currentState).toMatchObject({
				refundOrderAggregate: {
					refundOrder: { refundId: refund.refundId, refundStatus: refund.refundStatus, payOrderId: refund.purchaseOrderId },
				},
			});
			const lookups = callbackFake.accepted(REFUND_DETAIL).slice(lookupsBefore);
			expect(lookups.map((req) => req.query)).toEqual([{ refundId: refund.refundId }]);
			// The main workflow saw none of this.
			expect(await n8n.executionsFromDb(main.workflow.id)).toHaveLength(4);
			expect(acks[acks.length - 1].ms).toBeLessThan(1000);
		});
	});

	test('after a restart, a retried delivery is still recognised (static data) and starts nothing', async () => {
		await n8n.withLogs(async () => {
			await n8n.stop();
			({ url } = await n8n.start({ webhooks: [{ path: main.path }] }));
			const secret = callbackFake.credentials.accessSecret;
			const retry = await send(hook(main.path), 'signed: duplicate after restart', {
				body: TAOBAO_PRICE_RETRY_2,
				headers: callbackHeaders(TAOBAO_PRICE_RETRY_2, secret),
			});
			expect(retry.status).toBe(200);
			expect(JSON.parse(retry.text)).toMatchObject({ duplicate: true });
			const runs = await n8n.waitForExecutions(main.workflow.id, 4, { settleMs: 2000 });
			expect(runs).toHaveLength(4);
		});
	});

	test('polling: baseline without execution, one execution per change, none on the next poll', async () => {
		await n8n.withLogs(async () => {
			const phase = Date.now();
			// The activation poll (after the restart it compares with the saved baseline) and one
			// scheduled poll of each event have run and started nothing.
			await Promise.all([waitForPoll(pollFake, 'status', phase), waitForPoll(pollFake, 'new', phase)]);
			await sleep(2000);
			expect(pollStarts(pollFake, 'status', startedAt).length).toBeGreaterThanOrEqual(2);
			expect(pollStarts(pollFake, 'new', startedAt).length).toBeGreaterThanOrEqual(2);
			expect(pollFake.requests.filter((req) => req.path === REFUND_LIST).every((req) => req.accepted)).toBe(true);
			expect(await n8n.executionsFromDb(pollStatus.id)).toHaveLength(0);
			expect(await n8n.executionsFromDb(pollNew.id)).toHaveLength(0);

			// PandaPon changes: a refund moves to another status, and a new refund (19-digit ID) appears.
			const changed = pollFake.state.taobaoRefunds[3];
			const previousStatus = changed.refundStatus;
			pollFake.updateTaobaoRefund(changed.refundId, { refundStatus: previousStatus === 100 ? -20 : 100 });
			const now = Date.now();
			const fresh: TaobaoRefund = {
				...pollFake.state.taobaoRefunds[0],
				messages: [],
				refundId: '9007199254740993123',
				refundStatus: 10,
				gmtCreate: now,
				gmtModified: now,
			};
			pollFake.state.taobaoRefunds.push(fresh);
			const changedAt = Date.now();

			const statusRuns = await n8n.waitForExecutions(pollStatus.id, 1, { timeoutMs: 40_000 });
			const newRuns = await n8n.waitForExecutions(pollNew.id, 1, { timeoutMs: 40_000 });
			expect(statusRuns).toHaveLength(1);
			expect(newRuns).toHaveLength(1);
			for (const run of [...statusRuns, ...newRuns]) {
				expect(run.status).toBe('success');
				expect(run.raw.mode).toBe('trigger');
			}

			const statusItems = statusRuns[0].output(POLLING_TRIGGER_NAME);
			expect(statusItems).toEqual([
				expect.objectContaining({
					refundId: changed.refundId,
					event: 'taobaoRefundStatusChanged',
					previousStatus,
					status: changed.refundStatus,
					refundStatus: changed.refundStatus,
					purchaseOrderId: changed.purchaseOrderId,
				}),
			]);
			const newItems = newRuns[0].output(POLLING_TRIGGER_NAME);
			expect(newItems).toEqual([
				expect.objectContaining({
					refundId: '9007199254740993123',
					event: 'newTaobaoRefund',
					refundStatus: 10,
					purchaseOrderId: fresh.purchaseOrderId,
				}),
			]);
			expect(statusRuns[0].output(AFTER_TRIGGER_NAME)).toEqual(statusItems);

			// The next poll of each finds nothing new: still one execution each.
			const afterRuns = Date.now();
			await Promise.all([waitForPoll(pollFake, 'status', afterRuns), waitForPoll(pollFake, 'new', afterRuns)]);
			await sleep(2500);
			expect(await n8n.executionsFromDb(pollStatus.id)).toHaveLength(1);
			expect(await n8n.executionsFromDb(pollNew.id)).toHaveLength(1);
			process.stderr.write(
				`[triggers.e2e] polling: change seen ${((Date.parse(String(statusRuns[0].raw.startedAt)) - changedAt) / 1000).toFixed(1)} s after it was made\n`,
			);
		});
	});
});
