/**
 * `npm run bench:callbacks` — a burst of PandaPon-style callbacks against a running n8n
 * (`n8n start`, regular mode, SQLite), sent with undici:
 *
 *  1. PandaPon Trigger (signature Enforce, dedupe window 6 h) → No Op, and
 *  2. n8n's own Webhook node (v2, POST, Respond: Immediately) → No Op,
 *
 * each on a fresh n8n instance, same bytes, same order. The burst is BENCH_CALLBACKS
 * (default 500) unique messages plus 10% re-deliveries of earlier messages (same
 * messageType/platform/body, new push timestamp — what PandaPon's retry sends), 50 in
 * flight. Before the burst each instance gets 5 sequential warm-up deliveries (a cold
 * n8n compiles its webhook path on first use; PandaPon hits a long-running instance).
 *
 * Timed: ack latency per delivery = from just before undici sends the request to the end
 * of the response body, on the client. After the burst, executions are counted from n8n's
 * database once nothing is new/running and the count has been stable for 3 s, and each
 * execution's trigger output is matched to the message it carried (benchId):
 *   lost = unique messages with no execution;
 *   duplicated = executions beyond one per unique message.
 * For the Webhook node, which has no deduplication, every re-delivery is expected to run
 * again (that is the point of the comparison); the same counts are reported.
 *
 * Then a capacity sweep: C simultaneous deliveries (fresh connections, C = 10, 20, …),
 * letting executions settle in between; the largest C whose every ack came within
 * 1000 ms (PandaPon's limit) is "concurrent deliveries acked within 1000 ms".
 *
 * BENCH_MODE=queue runs the same against n8n in queue mode, as test/e2e/queue-mode.e2e.test.ts
 * does: fresh Redis + PostgreSQL per target, main (`n8n start`, production webhooks off) + 1
 * worker + 1 webhook processor; deliveries go to the webhook processor and executions are
 * counted from PostgreSQL.
 *
 * Env: BENCH_MODE (regular | queue), BENCH_CALLBACKS (default 500), BENCH_CONCURRENCY (default 50),
 * BENCH_SWEEP (default "1,2,5,10,15,20,30,40,50,60,80,100"), BENCH_TARGETS (default
 * "webhook,pandapon"), BENCH_N8N_ENV (extra env for every n8n instance, e.g.
 * "N8N_EXPRESSION_ENGINE=legacy"), BENCH_TRIGGER_PARAMS (JSON merged into the PandaPon
 * Trigger's parameters, e.g. '{"verification":"off"}'), BENCH_PREFILL_SEEN (dedupe entries
 * put in the trigger's static data before the run, e.g. 4500), PANDAPON_BENCH_NO_LOCK=1.
 */
import { randomUUID } from 'crypto';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { Pool } from 'undici';

import { deliveryOf, recordDelivery, type DeliveryLog } from '../nodes/PandaPonTrigger/deduplication';
import { JsonInteger } from '../nodes/shared/losslessJson';
import { computeCallbackSignature } from '../nodes/shared/signing';
import { fakeCredential, ref } from '../test/e2e/harness';
import { freePort, type CredentialImport, type ExecutionResult, type N8n, type WorkflowJson } from '../test/e2e/n8n';
import { startQueueServices, type QueueServices } from '../test/e2e/queue';
import { linearWorkflow, webhookTrigger, type NodeSpec } from '../test/e2e/workflows/build';
import { callbackTriggerWorkflow, CALLBACK_TRIGGER_NAME, type CallbackTriggerParameters } from '../test/e2e/workflows/triggers';
import { callbackBody } from '../test/fake-pandapon/callbacks';
import { createRandom } from '../test/fake-pandapon/fixtures';
import { FAKE_CREDENTIALS } from '../test/fake-pandapon/types';
import {
	benchN8nEnv,
	ContentionMonitor,
	describeContention,
	describeMachine,
	machineInfo,
	ms,
	newN8n,
	percentile,
	prepareBench,
	queryDb,
	reexecUnderLock,
	runBench,
	say,
	sleepMs,
	table,
	writeJson,
	type BenchSetup,
} from './common';

const UNIQUE = Number(process.env.BENCH_CALLBACKS || 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 50);
const DUPLICATE_SHARE = 0.1;
const ACK_LIMIT_MS = 1000;
const SWEEP = (process.env.BENCH_SWEEP || '1,2,5,10,15,20,30,40,50,60,80,100')
	.split(',')
	.map((s) => Number(s.trim()))
	.filter((n) => n > 0);
/** `regular` (one `n8n start`, SQLite) or `queue` (main + 1 worker + 1 webhook processor, Redis, PostgreSQL). */
const MODE = process.env.BENCH_MODE === 'queue' ? 'queue' : 'regular';
const TARGETS = (process.env.BENCH_TARGETS || 'webhook,pandapon').split(',').map((s) => s.trim());
const WEBHOOK_NODE_NAME = 'Webhook';
const WEBHOOK_PATH = 'bench-callbacks';
const MESSAGE_TYPE = 'TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY';
/**
 * Dedupe entries already in the trigger's static data before the burst (default 0): a
 * busy account's steady state, where the log holds up to 20,000 orders and refunds.
 */
const PREFILL_SEEN = Number(process.env.BENCH_PREFILL_SEEN || 0);
/** The trigger's default Deduplication Window. */
const DEDUPE_WINDOW_MS = 6 * 3_600_000;

/** Static data as the trigger keeps it (`node:<name>` → its DeliveryLog), with `count` recent orders. */
function prefilledStaticData(nodeName: string, count: number): Record<string, unknown> {
	const now = Date.now();
	const log: Partial<DeliveryLog> = {};
	for (let i = 0; i < count; i++) {
		const { subject, key } = deliveryOf({ messageType: 'ORDER_PAY', messagePlatform: 1, platform: '1688', event: 'statusChanged', messageBody: { orderId: `prefill-${i}` } });
		recordDelivery(log, subject, key, now - (count - i) * 1000, DEDUPE_WINDOW_MS);
	}
	return { [`node:${nodeName}`]: log };
}

// ---------------------------------------------------------------------------------------
// Messages and deliveries
// ---------------------------------------------------------------------------------------

interface Delivery {
	benchId: string;
	duplicate: boolean;
	rawBody: string;
	authorization: string;
}

interface Outcome {
	delivery: Delivery;
	startMs: number;
	ackMs: number;
	status: number;
	body: string;
	error?: string;
}

function delivery(benchId: string, index: number, duplicate = false): Delivery {
	const rawBody = callbackBody({
		messageType: MESSAGE_TYPE,
		messagePlatform: 0,
		messageBody: {
			orderId: new JsonInteger((1024285237573584051n + BigInt(index) * 7_310_928_406_173n).toString()),
			newPrice: 1000 + (index % 500),
			benchId,
		},
		// A re-delivery carries a new push timestamp, as PandaPon's retries do.
		timestamp: String(Date.now() + (duplicate ? 1 : 0)),
	});
	return { benchId, duplicate, rawBody, authorization: computeCallbackSignature(rawBody, FAKE_CREDENTIALS.accessSecret) };
}

/** `unique` messages, plus re-deliveries of 10% of them 1–60 positions later (some overlap the original in flight). */
function burstDeliveries(run: string, unique: number): Delivery[] {
	// Seeded, so both targets get the same sequence.
	const random = createRandom(0x5eed);
	const list: Delivery[] = Array.from({ length: unique }, (_, i) => delivery(`${run}-${i}`, i));
	const dupCount = Math.round(unique * DUPLICATE_SHARE);
	const picks = new Set<number>();
	while (picks.size < dupCount) picks.add(Math.floor(random() * unique));
	for (const i of [...picks].sort((a, b) => b - a)) {
		const at = Math.min(list.length, list.findIndex((d) => d.benchId === `${run}-${i}` && !d.duplicate) + 1 + Math.floor(random() * 60));
		list.splice(at, 0, delivery(`${run}-${i}`, i, true));
	}
	return list;
}

async function send(url: string, deliveries: Delivery[], concurrency: number): Promise<Outcome[]> {
	const target = new URL(url);
	const pool = new Pool(target.origin, { connections: concurrency, pipelining: 1, headersTimeout: 120_000, bodyTimeout: 120_000 });
	const outcomes: Outcome[] = new Array(deliveries.length);
	let next = 0;
	const t0 = performance.now();
	const lane = async () => {
		while (next < deliveries.length) {
			const i = next++;
			const d = deliveries[i];
			const start = performance.now();
			try {
				const res = await pool.request({
					method: 'POST',
					path: target.pathname,
					headers: { 'content-type': 'application/json', authorization: d.authorization },
					body: d.rawBody,
				});
				const body = await res.body.text();
				outcomes[i] = { delivery: d, startMs: start - t0, ackMs: performance.now() - start, status: res.statusCode, body };
			} catch (e) {
				outcomes[i] = { delivery: d, startMs: start - t0, ackMs: performance.now() - start, status: 0, body: '', error: (e as Error).message };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, deliveries.length) }, lane));
	await pool.close();
	return outcomes;
}

// ---------------------------------------------------------------------------------------
// n8n's database
// ---------------------------------------------------------------------------------------

const DB_SCRIPT = `
const sqlite3 = require('sqlite3');
const { parse } = require('flatted');
const [, dbFile, mode, workflowId, nodeName] = process.argv;
const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY);
db.configure('busyTimeout', 15000);
const done = (err, value) => { if (err) { console.error(err.message); process.exit(2); } process.stdout.write(JSON.stringify(value)); db.close(); };
if (mode === 'counts') {
  db.all('SELECT status, COUNT(*) AS n FROM execution_entity WHERE workflowId = ? GROUP BY status', [workflowId], (err, rows) =>
    done(err, Object.fromEntries((rows || []).map((r) => [r.status, r.n]))));
} else if (mode === 'executions') {
  db.all('SELECT e.id, e.status, e.createdAt, e.startedAt, e.stoppedAt, d.data FROM execution_entity e ' +
    'LEFT JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? ORDER BY e.id', [workflowId], (err, rows) => {
    if (err) return done(err);
    done(null, rows.map((r) => {
      let benchId = null;
      try {
        const data = r.data ? parse(r.data) : {};
        const json = data.resultData.runData[nodeName][0].data.main[0][0].json;
        const m = /"benchId":"([^"]+)"/.exec(JSON.stringify(json));
        benchId = m ? m[1] : null;
      } catch (e) { benchId = null; }
      return { id: String(r.id), status: r.status, createdAt: r.createdAt, startedAt: r.startedAt, stoppedAt: r.stoppedAt, benchId };
    }));
  });
} else if (mode === 'static') {
  db.get('SELECT staticData FROM workflow_entity WHERE id = ?', [workflowId], (err, row) => {
    if (err) return done(err);
    let data = row && row.staticData;
    if (typeof data === 'string') { try { data = JSON.parse(data); } catch (e) {} }
    done(null, data || {});
  });
}
`;

type Counts = Record<string, number>;
interface ExecutionRow {
	id: string;
	status: string;
	createdAt?: string;
	startedAt: string | null;
	stoppedAt: string | null;
	benchId: string | null;
}

const PENDING = ['new', 'running', 'waiting', 'unknown'];
const total = (c: Counts) => Object.values(c).reduce((a, b) => a + b, 0);
const pending = (c: Counts) => PENDING.reduce((a, s) => a + (c[s] ?? 0), 0);

/** Where a deployment's executions are counted: n8n's SQLite (regular mode) or PostgreSQL (queue mode). */
interface ExecutionStore {
	counts(workflowId: string): Promise<Counts>;
	executions(workflowId: string, triggerName: string): Promise<ExecutionRow[]>;
	staticData(workflowId: string): Promise<Record<string, unknown>>;
}

/** The SQLite store of one `n8n start` (DB_SCRIPT with n8n's own sqlite3). */
function sqliteStore(n8n: N8n): ExecutionStore {
	return {
		counts: async (workflowId) => queryDb<Counts>(n8n, DB_SCRIPT, ['counts', workflowId]),
		executions: async (workflowId, triggerName) => queryDb<ExecutionRow[]>(n8n, DB_SCRIPT, ['executions', workflowId, triggerName]),
		staticData: async (workflowId) => queryDb<Record<string, unknown>>(n8n, DB_SCRIPT, ['static', workflowId]),
	};
}

/** The benchId a run's trigger output carries, or null. */
function benchIdOf(run: ExecutionResult, triggerName: string): string | null {
	try {
		const m = /"benchId":"([^"]+)"/.exec(JSON.stringify(run.output(triggerName)[0] ?? {}));
		return m ? m[1] : null;
	} catch {
		return null;
	}
}

/** The PostgreSQL store of a queue-mode cluster: counts and static data with psql, executions via N8n.executionsFromDb. */
function postgresStore(services: QueueServices, main: N8n): ExecutionStore {
	// Workflow IDs are n8n IDs (letters and digits): safe to inline.
	const quoted = (id: string) => `'${id.replace(/[^A-Za-z0-9_-]/g, '')}'`;
	return {
		async counts(workflowId) {
			const text = await services.postgres.query(`SELECT status, COUNT(*) FROM execution_entity WHERE "workflowId" = ${quoted(workflowId)} GROUP BY status`);
			const counts: Counts = {};
			for (const line of text.split('\n').filter(Boolean)) {
				const [status, n] = line.split('|');
				counts[status] = Number(n);
			}
			return counts;
		},
		async executions(workflowId, triggerName) {
			return (await main.executionsFromDb(workflowId)).map((run) => ({
				id: String(run.raw.id),
				status: run.status,
				startedAt: (run.raw.startedAt as string | null) ?? null,
				stoppedAt: (run.raw.stoppedAt as string | null) ?? null,
				benchId: benchIdOf(run, triggerName),
			}));
		},
		async staticData(workflowId) {
			const text = await services.postgres.query(`SELECT "staticData" FROM workflow_entity WHERE id = ${quoted(workflowId)}`);
			return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
		},
	};
}

/** Waits until no execution of the workflow is pending and the count held still for 3 s. */
async function settle(store: ExecutionStore, workflowId: string, timeoutMs = 300_000): Promise<{ counts: Counts; waitedMs: number }> {
	const t0 = Date.now();
	let last = -1;
	let stableSince = Date.now();
	for (;;) {
		const counts = await store.counts(workflowId);
		const n = total(counts);
		if (n !== last || pending(counts) > 0) {
			last = n;
			stableSince = Date.now();
		} else if (Date.now() - stableSince >= 3000) {
			return { counts, waitedMs: Date.now() - t0 };
		}
		if (Date.now() - t0 > timeoutMs) return { counts, waitedMs: Date.now() - t0 };
		await sleepMs(500);
	}
}

// ---------------------------------------------------------------------------------------
// One target
// ---------------------------------------------------------------------------------------

interface Target {
	key: 'webhook' | 'pandapon';
	label: string;
	workflow: WorkflowJson;
	/** What follows /webhook/. */
	path: string;
	triggerName: string;
	dedupes: boolean;
}

function noOp(): NodeSpec {
	return { name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };
}

function buildTarget(key: Target['key'], credential: { id: string; name: string }): Target {
	if (key === 'webhook') {
		const workflow = linearWorkflow({
			name: 'bench: n8n Webhook node',
			trigger: webhookTrigger({ path: WEBHOOK_PATH, name: WEBHOOK_NODE_NAME, responseMode: 'onReceived' }),
			nodes: [noOp()],
		});
		return { key, label: 'n8n Webhook node (Respond Immediately)', workflow, path: WEBHOOK_PATH, triggerName: WEBHOOK_NODE_NAME, dedupes: false };
	}
	const parameters = process.env.BENCH_TRIGGER_PARAMS ? (JSON.parse(process.env.BENCH_TRIGGER_PARAMS) as CallbackTriggerParameters) : undefined;
	const { workflow, path: hookPath } = callbackTriggerWorkflow({ name: 'bench: PandaPon Trigger', credential, webhookId: randomUUID(), parameters });
	const label = parameters ? `PandaPon Trigger ${JSON.stringify(parameters)}` : 'PandaPon Trigger (Enforce, dedupe 6 h)';
	return { key, label, workflow, path: hookPath, triggerName: CALLBACK_TRIGGER_NAME, dedupes: true };
}

interface BurstSummary {
	deliveries: number;
	unique: number;
	duplicatesSent: number;
	p50: number;
	p99: number;
	max: number;
	withinLimit: number;
	non2xx: number;
	errors: number;
	burstMs: number;
	executions: number;
	executionStatuses: Counts;
	uniqueWithExecution: number;
	lost: number;
	duplicatedExecutions: number;
	unmatchedExecutions: number;
	/** Deliveries answered {"duplicate": true} (without an execution); whichever copy of a message arrives second gets it. */
	answeredDuplicate: number;
	/** Burst start to the last execution's stoppedAt. */
	lastExecutionDoneMs: number;
	settleMs: number;
	staticDataSeen?: number;
	statusSamples: string[];
	contention?: ReturnType<ContentionMonitor['since']>;
}

interface SweepStep {
	concurrent: number;
	p50: number;
	max: number;
	withinLimit: number;
	non2xx: number;
	executionsExpected: number;
	executions: number;
	contended: boolean;
}

/** Created in main(), after the lock: samples foreign n8n processes while we measure. */
let monitor: ContentionMonitor;

/** One target's n8n, up and serving the workflow's production webhook. */
interface Deployment {
	/** Where deliveries go (regular: the instance; queue: the webhook processor). */
	hookUrl: string;
	store: ExecutionStore;
	logs: Record<string, string>;
	stop(): Promise<void>;
}

/** The trigger verifies with the credential's Access Secret; nothing calls the Base URL. */
const benchCredential = () => fakeCredential({ url: 'http://127.0.0.1:9', credentials: FAKE_CREDENTIALS });

async function importAndPublish(n8n: N8n, target: Target, cred: CredentialImport): Promise<void> {
	await n8n.importCredential(cred);
	await n8n.importWorkflow(target.workflow);
	await n8n.publishWorkflow(target.workflow.id);
}

/** Regular mode: one `n8n start` with SQLite. */
async function deployRegular(setup: BenchSetup, target: Target, cred: CredentialImport): Promise<Deployment> {
	const n8n = await newN8n(setup, `callbacks-${target.key}`, benchN8nEnv());
	await importAndPublish(n8n, target, cred);
	const { url } = await n8n.start({ webhooks: [{ path: target.path }] });
	return { hookUrl: `${url}/webhook/${target.path}`, store: sqliteStore(n8n), logs: { n8n: n8n.logFile }, stop: () => n8n.stop() };
}

/**
 * Queue mode as test/e2e/queue-mode.e2e.test.ts runs it: fresh Redis + PostgreSQL, one main
 * (`n8n start`, production webhooks off), one worker, one webhook processor, each with its
 * own user folder and the package; deliveries go to the webhook processor.
 */
async function deployQueue(setup: BenchSetup, target: Target, cred: CredentialImport): Promise<Deployment> {
	const services = await startQueueServices(path.join(setup.runDir, `queue-${target.key}`), (line) => say(`  ${line}`));
	const nodes: N8n[] = [];
	const stop = async () => {
		await Promise.allSettled(nodes.slice(1).map((n) => n.stop()));
		await nodes[0]?.stop();
		await services.stop();
	};
	try {
		const env = services.n8nEnv(benchN8nEnv());
		nodes.push(
			...(await Promise.all([
				newN8n(setup, `callbacks-${target.key}-main`, { ...env, N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' }),
				newN8n(setup, `callbacks-${target.key}-worker`, env),
				newN8n(setup, `callbacks-${target.key}-webhook`, env),
			])),
		);
		const [main, worker, webhook] = nodes;
		// The first CLI command migrates the fresh PostgreSQL database.
		await importAndPublish(main, target, cred);
		const webhookPort = await freePort();
		const urlEnv = { N8N_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/` };
		await main.start({ env: urlEnv });
		await Promise.all([
			worker.start({ command: 'worker', env: urlEnv }),
			webhook.start({ command: 'webhook', port: webhookPort, env: urlEnv, webhooks: [{ path: target.path }] }),
		]);
		return {
			hookUrl: `http://127.0.0.1:${webhookPort}/webhook/${target.path}`,
			store: postgresStore(services, main),
			logs: { main: main.logFile, worker: worker.logFile, webhook: webhook.logFile, postgres: services.postgres.logFile },
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

async function runBurst(d: Deployment, target: Target): Promise<BurstSummary> {
	const wfId = target.workflow.id;
	const warm = Array.from({ length: 5 }, (_, i) => delivery(`warm-${i}`, 100_000 + i));
	const warmOut = await send(d.hookUrl, warm, 1);
	say(`warm-up acks: ${warmOut.map((o) => `${o.status} ${Math.round(o.ackMs)} ms`).join(', ')}`);
	await settle(d.store, wfId);
	const before = await d.store.counts(wfId);

	const deliveries = burstDeliveries('burst', UNIQUE);
	say(`burst: ${deliveries.length} deliveries (${UNIQUE} unique + ${deliveries.length - UNIQUE} re-deliveries), ${CONCURRENCY} in flight …`);
	const mark = monitor.mark();
	const burstStart = Date.now();
	const t0 = performance.now();
	const outcomes = await send(d.hookUrl, deliveries, CONCURRENCY);
	const burstMs = performance.now() - t0;
	const settled = await settle(d.store, wfId);
	const executions = (await d.store.executions(wfId, target.triggerName)).filter((e) => e.benchId?.startsWith('burst-'));
	const burst = summarize(outcomes, executions, total(settled.counts) - total(before), burstMs, burstStart, settled.waitedMs);
	burst.contention = monitor.since(mark);
	if (target.dedupes) burst.staticDataSeen = countSeen(await d.store.staticData(wfId));
	printBurst(burst);
	say(`machine during the burst: ${describeContention(burst.contention)}`);
	return burst;
}

async function runSweepStep(d: Deployment, target: Target, c: number): Promise<SweepStep> {
	const stepDeliveries = Array.from({ length: c }, (_, i) => delivery(`sweep${c}-${i}`, 200_000 + c * 1000 + i));
	const stepMark = monitor.mark();
	const out = await send(d.hookUrl, stepDeliveries, c);
	const stepContention = monitor.since(stepMark);
	await settle(d.store, target.workflow.id);
	const ran = (await d.store.executions(target.workflow.id, target.triggerName)).filter((e) => e.benchId?.startsWith(`sweep${c}-`)).length;
	const acks = out.map((o) => o.ackMs);
	return {
		concurrent: c,
		p50: percentile(acks, 50),
		max: Math.max(...acks),
		withinLimit: out.filter((o) => o.status >= 200 && o.status < 300 && o.ackMs <= ACK_LIMIT_MS).length,
		non2xx: out.filter((o) => o.status < 200 || o.status >= 300).length,
		executionsExpected: c,
		executions: ran,
		contended: stepContention.contended,
	};
}

/** The sweep steps in order; stops after two failing steps in a row. */
async function runSweep(d: Deployment, target: Target): Promise<SweepStep[]> {
	const sweep: SweepStep[] = [];
	let failures = 0;
	for (const c of SWEEP) {
		const step = await runSweepStep(d, target, c);
		sweep.push(step);
		say(`sweep ${c} at once: p50 ${ms(step.p50)}, max ${ms(step.max)}, ${step.withinLimit}/${c} acked within ${ACK_LIMIT_MS} ms, executions ${step.executions}/${c}${step.contended ? ' (CONTENDED)' : ''}`);
		failures = step.withinLimit === c ? 0 : failures + 1;
		if (failures >= 2) break;
	}
	return sweep;
}

async function runTarget(setup: BenchSetup, key: Target['key']): Promise<{ target: Target; burst: BurstSummary; sweep: SweepStep[]; logs: Record<string, string> }> {
	const cred = benchCredential();
	const target = buildTarget(key, ref(cred));
	if (PREFILL_SEEN > 0 && target.dedupes) target.workflow.staticData = prefilledStaticData(target.triggerName, PREFILL_SEEN);
	const deployment = MODE === 'queue' ? await deployQueue(setup, target, cred) : await deployRegular(setup, target, cred);
	say(`\n### ${target.label}${MODE === 'queue' ? ' — queue mode (main + 1 worker + 1 webhook processor)' : ''}\n${deployment.hookUrl}`);
	try {
		const burst = await runBurst(deployment, target);
		const sweep = await runSweep(deployment, target);
		return { target, burst, sweep, logs: deployment.logs };
	} finally {
		await deployment.stop();
	}
}

function countSeen(staticData: Record<string, unknown>): number {
	let n = 0;
	for (const value of Object.values(staticData)) {
		const seen = (value as Partial<DeliveryLog> | null)?.last;
		if (seen && typeof seen === 'object') n += Object.keys(seen).length;
	}
	return n;
}

function summarize(
	outcomes: Outcome[],
	executions: ExecutionRow[],
	newExecutions: number,
	burstMs: number,
	burstStart: number,
	settleMs: number,
): BurstSummary {
	const acks = outcomes.map((o) => o.ackMs);
	const uniqueIds = new Set(outcomes.map((o) => o.delivery.benchId));
	const perMessage = new Map<string, number>();
	let unmatched = 0;
	for (const e of executions) {
		if (!e.benchId || !uniqueIds.has(e.benchId)) unmatched++;
		else perMessage.set(e.benchId, (perMessage.get(e.benchId) ?? 0) + 1);
	}
	let duplicated = 0;
	for (const n of perMessage.values()) duplicated += n - 1;
	const isDupAnswer = (o: Outcome) => /"duplicate"\s*:\s*true/.test(o.body);
	const stopped = executions.map((e) => (e.stoppedAt ? Date.parse(e.stoppedAt.replace(' ', 'T') + (/[zZ+]/.test(e.stoppedAt) ? '' : 'Z')) : NaN)).filter(Number.isFinite);
	const statusCounts = new Map<string, number>();
	for (const o of outcomes) {
		const key = o.error ? `error ${o.error}` : `HTTP ${o.status} ${o.body.slice(0, 60)}`;
		statusCounts.set(key, (statusCounts.get(key) ?? 0) + 1);
	}
	const executionStatuses: Counts = {};
	for (const e of executions) executionStatuses[e.status] = (executionStatuses[e.status] ?? 0) + 1;
	return {
		deliveries: outcomes.length,
		unique: uniqueIds.size,
		duplicatesSent: outcomes.filter((o) => o.delivery.duplicate).length,
		p50: percentile(acks, 50),
		p99: percentile(acks, 99),
		max: Math.max(...acks),
		withinLimit: outcomes.filter((o) => o.status >= 200 && o.status < 300 && o.ackMs <= ACK_LIMIT_MS).length,
		non2xx: outcomes.filter((o) => !o.error && (o.status < 200 || o.status >= 300)).length,
		errors: outcomes.filter((o) => o.error).length,
		burstMs,
		executions: newExecutions,
		executionStatuses,
		uniqueWithExecution: perMessage.size,
		lost: uniqueIds.size - perMessage.size,
		duplicatedExecutions: duplicated,
		unmatchedExecutions: unmatched,
		answeredDuplicate: outcomes.filter(isDupAnswer).length,
		lastExecutionDoneMs: stopped.length ? Math.max(...stopped) - burstStart : NaN,
		settleMs,
		statusSamples: [...statusCounts].map(([k, n]) => `${n} x ${k}`),
	};
}

function printBurst(b: BurstSummary): void {
	say(
		`acks: p50 ${ms(b.p50)}, p99 ${ms(b.p99)}, max ${ms(b.max)}; ${b.withinLimit}/${b.deliveries} 2xx within ${ACK_LIMIT_MS} ms; ` +
			`burst sent in ${ms(b.burstMs)}; non-2xx ${b.non2xx}, errors ${b.errors}`,
	);
	for (const s of b.statusSamples) say(`  answers: ${s}`);
	say(
		`executions: ${b.executions} new (${JSON.stringify(b.executionStatuses)}), unique messages with an execution ${b.uniqueWithExecution}/${b.unique}, ` +
			`lost ${b.lost}, duplicated ${b.duplicatedExecutions}, unmatched ${b.unmatchedExecutions}; ` +
			`deliveries answered "duplicate" (no execution) ${b.answeredDuplicate} for ${b.duplicatesSent} re-deliveries sent; ` +
			`last execution done ${ms(b.lastExecutionDoneMs)} after the burst began` +
			(b.staticDataSeen !== undefined ? `; dedupe entries in static data ${b.staticDataSeen}` : ''),
	);
}

// ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
	if (await reexecUnderLock()) return;
	say(`# bench/callbacks — ${UNIQUE} callbacks + ${Math.round(UNIQUE * DUPLICATE_SHARE)} re-deliveries, ${CONCURRENCY} concurrent, ${MODE} mode`);
	if (MODE === 'queue') say('queue mode: main (production webhooks off) + 1 worker (n8n default concurrency) + 1 webhook processor, Redis, PostgreSQL; deliveries to the webhook processor');
	if (process.env.BENCH_N8N_ENV) say(`n8n env for every instance: ${process.env.BENCH_N8N_ENV}`);
	if (PREFILL_SEEN > 0) say(`PandaPon Trigger static data prefilled with ${PREFILL_SEEN} dedupe entries`);
	const setup = await prepareBench('callbacks');
	const machine = machineInfo(setup.install);
	monitor = new ContentionMonitor();
	say(describeMachine(machine));

	const results: Array<Awaited<ReturnType<typeof runTarget>>> = [];
	for (const key of TARGETS as Array<Target['key']>) results.push(await runTarget(setup, key));

	/** The largest C such that every step up to C acked all its deliveries within the limit (conservative). */
	const capacity = (sweep: SweepStep[]) => {
		let best = 0;
		for (const s of [...sweep].sort((a, b) => a.concurrent - b.concurrent)) {
			if (s.withinLimit !== s.concurrent) break;
			best = s.concurrent;
		}
		return best;
	};
	say(`\n## Results (${MODE} mode; one run each, fresh n8n ${machine.n8nVersion}${MODE === 'queue' ? ' cluster, Redis and PostgreSQL' : ''} per target)\n`);
	say(
		table(
			['target', 'deliveries', 'ack p50', 'ack p99', 'ack max', `2xx ≤ ${ACK_LIMIT_MS} ms`, 'executions', 'lost', 'duplicated', 'repeats answered w/o execution', `concurrent acked ≤ ${ACK_LIMIT_MS} ms`],
			results.map(({ target, burst: b, sweep }) => [
				target.label,
				`${b.deliveries} (${b.unique} unique)`,
				ms(b.p50),
				ms(b.p99),
				ms(b.max),
				`${b.withinLimit}/${b.deliveries}`,
				b.executions,
				b.lost,
				b.duplicatedExecutions,
				target.dedupes ? `${b.answeredDuplicate}/${b.duplicatesSent}` : `${b.answeredDuplicate}/${b.duplicatesSent} (no dedupe)`,
				capacity(sweep),
			]),
		),
	);
	say('\nCapacity sweep (C deliveries at once; max ack / acked within 1000 ms / executions):');
	say(
		table(
			['C', ...results.map((r) => r.target.label)],
			SWEEP.map((c) => [
				c,
				...results.map((r) => {
					const s = r.sweep.find((x) => x.concurrent === c);
					return s ? `p50 ${ms(s.p50)}, max ${ms(s.max)}, ${s.withinLimit}/${c}, exec ${s.executions}/${c}` : '—';
				}),
			]),
		),
	);
	const webhook = results.find((r) => r.target.key === 'webhook');
	const ours = results.find((r) => r.target.key === 'pandapon');
	if (webhook && ours) {
		const ratio = ours.burst.p99 / webhook.burst.p99;
		say(`\nPandaPon Trigger ack p99 / Webhook node ack p99 = ${ratio.toFixed(2)} (target <= 1.1: ${ratio <= 1.1 ? 'met' : 'MISSED'})`);
		say(
			`PandaPon Trigger: lost ${ours.burst.lost} (target 0), duplicated ${ours.burst.duplicatedExecutions} (target 0), ` +
				`repeated deliveries answered without an execution ${ours.burst.answeredDuplicate}/${ours.burst.duplicatesSent}`,
		);
	}
	const contended = results.filter((r) => r.burst.contention?.contended || r.sweep.some((s) => s.contended));
	if (contended.length) say(`\n** Measured on a shared machine: foreign n8n processes ran during ${contended.map((r) => r.target.key).join(', ')}; compare with care. **`);
	monitor.stop();
	const out = path.join(setup.runDir, 'callbacks-results.json');
	writeJson(out, { machine, mode: MODE, unique: UNIQUE, concurrency: CONCURRENCY, n8nEnv: process.env.BENCH_N8N_ENV ?? '', prefillSeen: PREFILL_SEEN, results });
	say(`\nraw results: ${out}`);
	for (const r of results) for (const [name, file] of Object.entries(r.logs)) say(`${name} log (${r.target.key}): ${file}`);
}

runBench('callbacks', main);
