/**
 * The callback suite in n8n's queue mode, the way users scale out: Redis + PostgreSQL (from
 * Debian's packages, started here on free loopback ports with temp data folders, see
 * queue.ts), one main process (`n8n start`, EXECUTIONS_MODE=queue, production webhooks
 * switched off on it), one worker (`n8n worker`) and one webhook processor (`n8n webhook`),
 * sharing the database, Redis and N8N_ENCRYPTION_KEY. Each process has its own
 * N8N_USER_FOLDER with the package installed, as separate machines or containers would.
 *
 * Every callback goes to the WEBHOOK PROCESSOR's port. The workflow is PandaPon Trigger ->
 * PandaPon "Get Refund" (the refund named in the message, from the fake PandaPon), so each
 * execution also proves that the worker loaded the package and decrypted the credential.
 *
 * Asserted: probes 200; forged 401 and no execution; every genuine message exactly one
 * execution, status success, run (and finished) by the worker; retried copies (same
 * content, new timestamp) and concurrent copies answered 200 "duplicate" without an
 * execution; after the webhook processor restarts (its in-process register is gone), a
 * retry is still recognised from the workflow's static data in PostgreSQL.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { computeCallbackSignature } from '../../nodes/shared/signing';
import { FakePandaPon } from '../fake-pandapon';
import { callbackHeaders, e2eState, fakeCredential, newN8n, ref, timedRequest } from './harness';
import { freePort, type ExecutionResult, type N8n } from './n8n';
import { startQueueServices, type QueueServices } from './queue';
import { linearWorkflow, pandaPonNode } from './workflows/build';
import { CALLBACK_TRIGGER_NAME, callbackWebhookPath } from './workflows/triggers';

const REFUND_DETAIL = '/open/order/refund/query';
const GET_REFUND = 'Get Refund';
const REFUND_TYPE = 'TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND';
const say = (msg: string) => process.stderr.write(`[queue-mode.e2e] ${msg}\n`);

/** A refund message as PandaPon pushes it: refundId a string, orderId a raw 19-digit integer. */
const refundMessage = (refundId: string, refundStatus: number, timestamp: string) =>
	`{"messageType":"${REFUND_TYPE}","messageBody":{"refundId":"${refundId}","orderId":1024285237573584051,` +
	`"refundStatus":${refundStatus}},"messagePlatform":0,"timestamp":"${timestamp}"}`;

interface Ack {
	label: string;
	status: number;
	text: string;
	ms: number;
	/** Sent while other callbacks were in flight (a burst). */
	burst: boolean;
}

describe('PandaPon Trigger in n8n queue mode (main + worker + webhook processor, Redis, PostgreSQL)', () => {
	const started = Date.now();
	let services: QueueServices | undefined;
	let fake: FakePandaPon;
	let main: N8n;
	let worker: N8n;
	let webhook: N8n;
	let webhookPort = 0;
	let hookUrl = '';
	let workflowId = '';
	let hookPath = '';
	let urlEnv: Record<string, string> = {};
	let mainUrl = '';
	const acks: Ack[] = [];
	const counts = { genuine: 0, executions: 0, byWorker: 0, duplicatesSent: 0, duplicatesAccepted: 0, forged: 0, forgedAccepted: 0, probes: 0 };
	/** refundId -> the refund status in the genuine message that was sent for it. */
	const genuine = new Map<string, number>();

	async function post(label: string, body: string, authorization?: string | null, burst = false): Promise<Ack> {
		return await send(label, { body, headers: callbackHeaders(body, fake.credentials.accessSecret, authorization), burst });
	}

	async function send(
		label: string,
		opts: { method?: string; body?: string; headers?: Record<string, string>; burst?: boolean } = {},
	): Promise<Ack> {
		const answer = await timedRequest(hookUrl, label, opts);
		const ack = { label, status: answer.status, text: answer.text.slice(0, 300), ms: answer.ms, burst: opts.burst === true };
		acks.push(ack);
		return ack;
	}

	const isDuplicate = (ack: Ack) => {
		try {
			return (JSON.parse(ack.text) as { duplicate?: boolean }).duplicate === true;
		} catch {
			return false;
		}
	};

	/** How many refunds (one entry each) the trigger's static data (workflow_entity.staticData in PostgreSQL) remembers. */
	async function seenInStaticData(): Promise<number> {
		const text = await services!.postgres.query(`SELECT "staticData" FROM workflow_entity WHERE id = '${workflowId}'`);
		const staticData = (text ? JSON.parse(text) : null) as Record<string, { last?: Record<string, string> }> | null;
		return Object.keys(staticData?.[`node:${CALLBACK_TRIGGER_NAME}`]?.last ?? {}).length;
	}

	/** Execution IDs the worker's log says it started / finished. */
	function workerLogged(what: 'started' | 'finished', n8n: N8n = worker): string[] {
		const text = fs.existsSync(n8n.logFile) ? fs.readFileSync(n8n.logFile, 'utf8') : '';
		return [...text.matchAll(new RegExp(`Worker ${what} execution (\\d+)`, 'g'))].map((m) => m[1]);
	}

	/** Everything about the executions: one per genuine message, success, by the worker, Get Refund ran for it. */
	async function checkExecutions(expected: number): Promise<ExecutionResult[]> {
		const runs = await main.waitForExecutions(workflowId, expected, { settleMs: 3000 });
		counts.executions = runs.length;
		counts.byWorker = new Set(workerLogged('finished')).size;
		expect(runs.map((run) => run.status)).toEqual(Array(expected).fill('success'));
		expect(runs.map((run) => run.raw.mode)).toEqual(Array(expected).fill('webhook'));
		const refundIds = runs.map((run) => {
			const items = run.output(CALLBACK_TRIGGER_NAME);
			expect(items).toHaveLength(1);
			const body = items[0].messageBody as { refundId: string; refundStatus: number; orderId: string };
			expect(body.orderId).toBe('1024285237573584051');
			expect(genuine.get(body.refundId)).toBe(body.refundStatus);
			// The worker ran the action node: it got this refund from the fake, signed with the credential.
			const refund = run.output(GET_REFUND);
			expect(refund).toHaveLength(1);
			expect((refund[0].refundOrderAggregate as { refundOrder: { refundId: string } }).refundOrder.refundId).toBe(body.refundId);
			return body.refundId;
		});
		// Nothing lost, nothing twice.
		expect([...refundIds].sort()).toEqual([...genuine.keys()].sort());
		const lookups = fake.accepted(REFUND_DETAIL).map((req) => String((req.query as Record<string, unknown>).refundId));
		expect(lookups.sort()).toEqual([...genuine.keys()].sort());
		// Run by the worker, each once; the webhook processor and the main ran none.
		const ids = runs.map((run) => String(run.raw.id)).sort();
		expect([...workerLogged('started')].sort()).toEqual(ids);
		expect([...workerLogged('finished')].sort()).toEqual(ids);
		expect(workerLogged('started', webhook)).toEqual([]);
		expect(workerLogged('started', main)).toEqual([]);
		return runs;
	}

	beforeAll(async () => {
		const root = path.join(e2eState().runDir, 'queue-services');
		services = await startQueueServices(root, (line) => say(line));
		say(
			`Redis on ${services.redis.port}, PostgreSQL on ${services.postgres.port} ` +
				`(${((Date.now() - started) / 1000).toFixed(1)} s)`,
		);
		fake = await FakePandaPon.start();
		webhookPort = await freePort();
		const env = services.n8nEnv();
		[main, worker, webhook] = await Promise.all([
			newN8n('queue-main', { env: { ...env, N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' } }),
			newN8n('queue-worker', { env }),
			newN8n('queue-webhook', { env }),
		]);

		const cred = fakeCredential(fake, { name: 'PandaPon (fake, queue mode)' });
		const webhookId = randomUUID();
		const workflow = linearWorkflow({
			name: 'PandaPon e2e: callbacks in queue mode',
			trigger: {
				name: CALLBACK_TRIGGER_NAME,
				type: 'n8n-nodes-pandapon.pandaPonTrigger',
				typeVersion: 2,
				webhookId,
				parameters: { platform: 'any', events: ['priceChanged', 'statusChanged', 'refund'], verification: 'enforce', options: {} },
				credentials: { pandaPonApi: ref(cred) },
			},
			nodes: [
				pandaPonNode({
					name: GET_REFUND,
					credential: ref(cred),
					parameters: { resource: 'taobaoRefund', operation: 'get', refundId: '={{ $json.messageBody.refundId }}' },
				}),
			],
		});
		workflowId = workflow.id;
		hookPath = callbackWebhookPath(webhookId);
		// The first CLI command migrates the fresh PostgreSQL database.
		await main.importCredential(cred);
		await main.importWorkflow(workflow);
		await main.publishWorkflow(workflow.id);
		say(`imported and published (${((Date.now() - started) / 1000).toFixed(1)} s)`);

		// The Production URL users paste in PandaPon is the webhook processor's (N8N_WEBHOOK_URL in
		// n8n 2.x, WEBHOOK_URL in 1.x), on every process.
		const base = `http://127.0.0.1:${webhookPort}/`;
		urlEnv = main.majorVersion >= 2 ? { N8N_WEBHOOK_URL: base } : { WEBHOOK_URL: base, N8N_WEBHOOK_URL: base };
		mainUrl = (await main.start({ env: urlEnv })).url;
		await Promise.all([
			worker.start({ command: 'worker', env: urlEnv }),
			webhook.start({ command: 'webhook', port: webhookPort, env: urlEnv, webhooks: [{ path: hookPath }] }),
		]);
		hookUrl = `http://127.0.0.1:${webhookPort}/webhook/${hookPath}`;
		say(`main, worker and webhook processor ready; callbacks go to ${hookUrl} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
	});

	afterAll(async () => {
		await Promise.allSettled([webhook?.stop(), worker?.stop()]);
		await main?.stop();
		await fake?.close();
		await services?.stop();
		if (acks.length) {
			say(
				`acknowledgement latency (client side):\n${acks
					.map((a) => `  ${a.ms.toFixed(1).padStart(8)} ms  ${String(a.status).padEnd(4)} ${a.label}${a.burst ? ' (burst)' : ''}`)
					.join('\n')}`,
			);
			for (const [kind, list] of [['one at a time', acks.filter((a) => !a.burst)], ['in bursts', acks.filter((a) => a.burst)]] as const) {
				const ms = list.map((a) => a.ms).sort((a, b) => a - b);
				if (!ms.length) continue;
				say(
					`acknowledgements ${kind}: ${ms.length}, p50 ${ms[Math.floor(ms.length / 2)].toFixed(1)} ms, ` +
						`max ${ms[ms.length - 1].toFixed(1)} ms, ${ms.filter((v) => v >= 1000).length} at or over PandaPon's 1000 ms`,
				);
			}
		}
		say(
			`COUNTS: genuine sent ${counts.genuine} -> executions ${counts.executions} (${counts.byWorker} run by the worker); ` +
				`duplicates sent ${counts.duplicatesSent} -> executions ${counts.duplicatesAccepted}; ` +
				`forged tried ${counts.forged} -> accepted ${counts.forgedAccepted}; probes ${counts.probes}`,
		);
		say(`file took ${((Date.now() - started) / 1000).toFixed(1)} s`);
	});

	test('callbacks to the webhook processor: verified, deduplicated, each genuine one run once by the worker', async () => {
		await webhook.withLogs(async () => {
			const refunds = fake.state.taobaoRefunds;
			const secret = fake.credentials.accessSecret;
			let ts = 1715669977000;
			const stamp = () => String(ts++);

			// Probes (PandaPon's console "Verify").
			const probes = [
				await send('probe: GET', { method: 'GET' }),
				await send('probe: HEAD', { method: 'HEAD' }),
				await send('probe: empty POST', { body: '' }),
				await send('probe: POST without messageType', { body: '{"verify":true}', headers: { 'content-type': 'application/json' } }),
			];
			counts.probes = probes.length;
			// The main process does not serve production webhooks (N8N_DISABLE_PRODUCTION_MAIN_PROCESS;
			// a GET would get the editor's page, so a POST probe, which the trigger would answer 200).
			const onMain = await timedRequest(`${mainUrl}/webhook/${hookPath}`, 'probe on the main process', {
				body: '{"verify":true}',
				headers: { 'content-type': 'application/json' },
			});
			expect(onMain.status).toBe(404);
			for (const p of probes) expect({ label: p.label, status: p.status }).toEqual({ label: p.label, status: 200 });

			// Forged, before the genuine ones (a rejected copy must not make the genuine one a "duplicate").
			const first = refundMessage(refunds[0].refundId, refunds[0].refundStatus, stamp());
			const forged = [
				await post('forged: missing Authorization', first, null),
				await post('forged: wrong secret', first, computeCallbackSignature(first, 'not-the-access-secret')),
				await post('forged: tampered body', first.replace('"refundStatus":', '"refundStatus":9'), computeCallbackSignature(first, secret)),
				await post('forged: garbage header', first, 'Bearer abc'),
			];
			counts.forged = forged.length;
			counts.forgedAccepted = forged.filter((a) => a.status !== 401).length;
			for (const a of forged) {
				expect({ label: a.label, status: a.status }).toEqual({ label: a.label, status: 401 });
				expect(a.text).not.toContain(secret);
			}

			// 12 genuine messages, 4 at a time.
			const batch = refunds.slice(0, 12).map((r) => ({ refundId: r.refundId, status: r.refundStatus, body: refundMessage(r.refundId, r.refundStatus, stamp()) }));
			for (let i = 0; i < batch.length; i += 4) {
				const acked = await Promise.all(batch.slice(i, i + 4).map((m) => post(`signed: refund ${m.refundId}`, m.body, undefined, true)));
				for (const a of acked) expect({ label: a.label, status: a.status, duplicate: isDuplicate(a) }).toEqual({ label: a.label, status: 200, duplicate: false });
			}
			for (const m of batch) genuine.set(m.refundId, m.status);

			// PandaPon's retries: the same content again with a new push timestamp.
			const retries = await Promise.all(
				batch.slice(0, 6).map((m) => post(`signed: retry of refund ${m.refundId}`, refundMessage(m.refundId, m.status, stamp()), undefined, true)),
			);
			for (const a of retries) expect({ label: a.label, status: a.status, duplicate: isDuplicate(a) }).toEqual({ label: a.label, status: 200, duplicate: true });

			// Three more messages, each delivered 4 times at once (12 requests in flight together).
			const concurrentRefunds = refunds.slice(12, 15);
			const copies = await Promise.all(
				concurrentRefunds.flatMap((r) =>
					[1, 2, 3, 4].map(async (copy) => ({
						refundId: r.refundId,
						ack: await post(`signed: refund ${r.refundId}, concurrent copy ${copy} of 4`, refundMessage(r.refundId, r.refundStatus, stamp()), undefined, true),
					})),
				),
			);
			for (const { ack } of copies) expect({ label: ack.label, status: ack.status }).toEqual({ label: ack.label, status: 200 });
			for (const r of concurrentRefunds) {
				const fresh = copies.filter((c) => c.refundId === r.refundId && !isDuplicate(c.ack));
				expect({ refundId: r.refundId, accepted: fresh.length }).toEqual({ refundId: r.refundId, accepted: 1 });
				genuine.set(r.refundId, r.refundStatus);
			}

			// Malformed: 4xx, nothing started (n8n 1.x's own body parser answers invalid JSON with 422
			// before the node runs; the node answers 400).
			for (const body of ['{"messageType":"TAOBAO_X",', '[1,2]']) {
				const a = await post(`malformed: ${body}`, body);
				expect({ label: a.label, client_error: a.status >= 400 && a.status < 500 }).toEqual({ label: a.label, client_error: true });
			}

			// A later retry of a message that came in concurrent copies.
			const lateRetry = await post(
				`signed: retry of refund ${concurrentRefunds[0].refundId} (after the concurrent copies)`,
				refundMessage(concurrentRefunds[0].refundId, concurrentRefunds[0].refundStatus, stamp()),
			);
			expect({ status: lateRetry.status, duplicate: isDuplicate(lateRetry) }).toEqual({ status: 200, duplicate: true });

			counts.genuine = genuine.size;
			counts.duplicatesSent = retries.length + copies.length - concurrentRefunds.length + 1;
			const runs = await checkExecutions(genuine.size);
			counts.duplicatesAccepted = runs.length - genuine.size;
			expect(runs).toHaveLength(15);
			// The dedupe list the webhook processor keeps in the workflow's static data, in the shared
			// database: one entry per refund, each with one genuine message here (none for forged ones).
			expect(await seenInStaticData()).toBe(genuine.size);

			// PandaPon waits at most 1000 ms for the acknowledgement. One at a time, the webhook
			// processor answers well within that; bursts (up to 12 in flight, while the worker runs the
			// executions on the same 2 cores) are reported in afterAll, not asserted: that is a
			// question of capacity (see bench/RESULTS.md), not of correctness.
			expect(acks.filter((a) => !a.burst && a.ms >= 1000).map((a) => `${a.label}: ${a.ms.toFixed(0)} ms`)).toEqual([]);
		});
	});

	test('a restarted webhook processor still recognises retries (static data in PostgreSQL) and delivers new messages', async () => {
		await webhook.withLogs(async () => {
			const refunds = fake.state.taobaoRefunds;
			await webhook.stop();
			await webhook.start({ command: 'webhook', port: webhookPort, env: urlEnv, webhooks: [{ path: hookPath }] });

			const retries = [];
			for (const r of [refunds[0], refunds[13]]) {
				retries.push(await post(`signed: retry of refund ${r.refundId} after a webhook processor restart`, refundMessage(r.refundId, r.refundStatus, String(Date.now()))));
			}
			for (const a of retries) expect({ label: a.label, status: a.status, duplicate: isDuplicate(a) }).toEqual({ label: a.label, status: 200, duplicate: true });
			counts.duplicatesSent += retries.length;
			expect(acks.filter((a) => !a.burst && a.ms >= 1000).map((a) => `${a.label}: ${a.ms.toFixed(0)} ms`)).toEqual([]);

			const r = refunds[15];
			const fresh = await post(`signed: refund ${r.refundId} after the restart`, refundMessage(r.refundId, r.refundStatus, String(Date.now())));
			expect({ status: fresh.status, duplicate: isDuplicate(fresh) }).toEqual({ status: 200, duplicate: false });
			genuine.set(r.refundId, r.refundStatus);
			counts.genuine = genuine.size;

			const runs = await checkExecutions(genuine.size);
			counts.duplicatesAccepted = runs.length - genuine.size;
			expect(runs).toHaveLength(16);
		});
	});
});
