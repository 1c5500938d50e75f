/**
 * `npm run bench:lookups` — N (default 2,000) Taobao refund lookups
 * (GET /open/order/refund/query?refundId=…) against the fake PandaPon, done three ways at
 * the same concurrency (the PandaPon node's default, 5):
 *
 *  a. real n8n: Manual Trigger → Code (N items) → PandaPon node, Taobao Refund › Get,
 *     refundId = {{ $json.refundId }}, Options › Concurrency 5;
 *  b. real n8n: the same, with n8n's HTTP Request node (v4.5) using the pandaPonApi
 *     credential as "predefined credential type". HTTP Request has no in-flight limit; its
 *     "Batching" option only sleeps `interval` ms after every `Items per Batch` requests
 *     it *starts* (it never waits for answers). The headline row uses Items per Batch 5 and
 *     the smallest interval that switches batching on (1 ms) — the setting most favourable
 *     to HTTP Request that still says "5". Context rows: default options (no batching:
 *     all N requests started at once) and Loop Over Items (batch size 5) → HTTP Request,
 *     the n8n idiom that really caps in-flight requests at 5;
 *  c. a plain signed undici loop in this process: 5 lanes, one keep-alive connection
 *     each, signing every request with nodes/shared/signing.ts.
 *
 * The fake runs in its own process (bench/fakeServer.ts): in (c) the client and the
 * server would otherwise share one event loop, and in (a)/(b) the fake would compete
 * with nothing but the idle driver — with its own process it is the same server for all.
 *
 * Timed: for n8n runs, the node's own `executionTime` from n8n's run data (n8n stamps
 * startTime before calling the node's execute() and measures until it returns its items;
 * n8n boot, the Code node and saving the execution are outside). For the loop variant,
 * from the end of the Code node to the end of the last node run. For (c), the loop's wall
 * time. Independently of both, the fake reports the span from the first request it
 * received to the last response it finished, and the peak number of requests in flight.
 *
 * Distance mode (BENCH_DISTANCE=1, `npm run bench:distance`): the fake serves HTTPS with a
 * self-signed certificate that n8n trusts through NODE_EXTRA_CA_CERTS, each new connection
 * waits BENCH_LATENCY_MS before its handshake as well as each response, and the rows are
 * the node at its defaults (no options), HTTP Request at its defaults, HTTP Request with
 * batching, and the undici loop (keep-alive, BENCH_CONCURRENCY in flight).
 * BENCH_LIMIT_IN_FLIGHT=N makes the fake answer 429 beyond N requests in flight; failed
 * items are then counted, not a reason to call the run invalid.
 *
 * Env: BENCH_N (default 2000), BENCH_CONCURRENCY (default 5; BENCH_NODE_DEFAULTS=1 runs the
 * node row with no options instead), BENCH_LATENCY_MS (default 0:
 * a simulated response time per request at the fake), BENCH_N8N_ENV (extra env for n8n, e.g.
 * "N8N_EXPRESSION_ENGINE=legacy"), BENCH_SKIP_CONTEXT=1 (only
 * the headline rows), PANDAPON_BENCH_NO_LOCK=1 (do not take /tmp/pandapon-e2e.lock).
 */
import { performance } from 'perf_hooks';
import * as path from 'path';
import { readFileSync } from 'fs';
import { Pool } from 'undici';

import { buildSignedHeaders } from '../nodes/shared/signing';
import { fakeCredential, ref } from '../test/e2e/harness';
import { n8nId, type ExecutionResult, type N8n, type WorkflowJson } from '../test/e2e/n8n';
import { httpRequestWithPandaPonCredential, linearWorkflow, pandaPonNode, type CredentialRef, type NodeSpec } from '../test/e2e/workflows/build';
import { DEFAULT_CONCURRENCY } from '../nodes/PandaPon/description';
import { ids } from '../test/fake-pandapon/fixtures';
import {
	benchN8nEnv,
	ContentionMonitor,
	describeContention,
	describeMachine,
	machineInfo,
	newN8n,
	prepareBench,
	reexecUnderLock,
	runBench,
	say,
	selfSignedCertificate,
	startFakeProcess,
	table,
	writeJson,
	type FakeProcess,
	type FakeStats,
} from './common';

const N = Number(process.env.BENCH_N || 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 5);
/** Simulated per-request latency at the fake (0 = answer as fast as it can). */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS || 0);
/**
 * HTTP Request's batch interval for the headline row: 1 ms (the smallest that switches
 * batching on) against the bare fake; with simulated latency L, L ms — "5 requests per
 * response time", which keeps about 5 in flight like the node's lanes.
 */
const BATCH_INTERVAL_MS = Math.max(1, LATENCY_MS);
const DISTANCE = process.env.BENCH_DISTANCE === '1';
/** The fake answers 429 beyond this many requests in flight (0: never). */
const LIMIT_IN_FLIGHT = Number(process.env.BENCH_LIMIT_IN_FLIGHT || 0);
const LOOKUP_PATH = '/open/order/refund/query';
const ITEMS_NODE = 'Items';
const MEASURED_NODE = 'Lookup';

interface Variant {
	key: string;
	label: string;
	/** Rows that the targets are checked against. */
	headline: boolean;
	workflow?: WorkflowJson;
	/** Node(s) whose runs are timed; the first one's output holds the results. */
	timedNodes: string[];
	outputNode: string;
}

interface Row {
	key: string;
	label: string;
	timeMs: number;
	/** Code-node end to end of the last timed node run (n8n) — includes n8n's engine work between runs. */
	segmentMs?: number;
	processMs?: number;
	fake: FakeStats;
	outputs: number;
	correct: number;
	problems: string[];
	contention?: ReturnType<ContentionMonitor['since']>;
}

function itemsNode(refundIds: string[]): NodeSpec {
	return {
		name: ITEMS_NODE,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: { jsCode: `const ids = ${JSON.stringify(refundIds)};\nreturn ids.map((refundId) => ({ json: { refundId } }));` },
	};
}

function httpLookupNode(credential: CredentialRef, baseUrl: string, options: Record<string, unknown>): NodeSpec {
	const node = httpRequestWithPandaPonCredential({
		name: MEASURED_NODE,
		credential,
		method: 'GET',
		url: `${baseUrl}${LOOKUP_PATH}`,
		query: { refundId: '={{ $json.refundId }}' },
	});
	return { ...node, typeVersion: 4.5, parameters: { ...node.parameters, options } };
}

function variants(credential: CredentialRef, baseUrl: string, refundIds: string[]): Variant[] {
	const items = itemsNode(refundIds);
	const nodeDefaults = DISTANCE || process.env.BENCH_NODE_DEFAULTS === '1';
	const nodeOptions = nodeDefaults ? {} : { concurrency: CONCURRENCY };
	const list: Variant[] = [
		{
			key: 'node',
			label: nodeDefaults ? `a. PandaPon node (defaults: adaptive, Concurrency ${DEFAULT_CONCURRENCY})` : `a. PandaPon node (Concurrency ${CONCURRENCY})`,
			headline: true,
			timedNodes: [MEASURED_NODE],
			outputNode: MEASURED_NODE,
			workflow: linearWorkflow({
				id: n8nId('benchnode'),
				name: 'bench: PandaPon node lookups',
				nodes: [
					items,
					pandaPonNode({
						name: MEASURED_NODE,
						credential,
						parameters: { resource: 'taobaoRefund', operation: 'get', refundId: '={{ $json.refundId }}', options: nodeOptions },
					}),
				],
			}),
		},
		{
			key: 'http',
			label: `b. HTTP Request, Batching ${CONCURRENCY} items / ${BATCH_INTERVAL_MS} ms`,
			headline: true,
			timedNodes: [MEASURED_NODE],
			outputNode: MEASURED_NODE,
			workflow: linearWorkflow({
				id: n8nId('benchhttp'),
				name: 'bench: HTTP Request lookups (batching)',
				nodes: [items, httpLookupNode(credential, baseUrl, { batching: { batch: { batchSize: CONCURRENCY, batchInterval: BATCH_INTERVAL_MS } } })],
			}),
		},
	];
	if (DISTANCE || process.env.BENCH_SKIP_CONTEXT !== '1') {
		list.push({
			key: 'httpDefault',
			label: 'b2. HTTP Request, default options (unbounded)',
			headline: false,
			timedNodes: [MEASURED_NODE],
			outputNode: MEASURED_NODE,
			workflow: linearWorkflow({
				id: n8nId('benchhttpdef'),
				name: 'bench: HTTP Request lookups (default options)',
				nodes: [items, httpLookupNode(credential, baseUrl, {})],
			}),
		});
	}
	if (!DISTANCE && process.env.BENCH_SKIP_CONTEXT !== '1') {
		list.push({
			key: 'httpLoop',
			label: `b3. Loop Over Items (${CONCURRENCY}) → HTTP Request`,
			headline: false,
			timedNodes: ['Loop Over Items', MEASURED_NODE, 'Done'],
			outputNode: 'Done',
			workflow: loopWorkflow(credential, baseUrl, items),
		});
	}
	list.push({ key: 'undici', label: `c. undici loop (${CONCURRENCY} in flight)`, headline: true, timedNodes: [], outputNode: '' });
	return list;
}

/** Manual → Items → Loop Over Items (batch 5) ⇄ HTTP Request; "done" output → Done (No Op). */
function loopWorkflow(credential: CredentialRef, baseUrl: string, items: NodeSpec): WorkflowJson {
	const nodes: NodeSpec[] = [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		items,
		{ name: 'Loop Over Items', type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, parameters: { batchSize: CONCURRENCY, options: {} } },
		httpLookupNode(credential, baseUrl, {}),
		{ name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
	];
	const to = (node: string) => [{ node, type: 'main', index: 0 }];
	return {
		id: n8nId('benchloop'),
		name: 'bench: Loop Over Items → HTTP Request lookups',
		nodes: nodes.map((n, i) => ({ id: `${i}-${n.name}`.replace(/[^A-Za-z0-9-]/g, '-'), position: [i * 240, 0], ...n })),
		connections: {
			Start: { main: [to(ITEMS_NODE)] },
			[ITEMS_NODE]: { main: [to('Loop Over Items')] },
			'Loop Over Items': { main: [to('Done'), to(MEASURED_NODE)] },
			[MEASURED_NODE]: { main: [to('Loop Over Items')] },
		},
	};
}

/**
 * The refundId of one lookup result: PandaPon node items hold the simplified record (or
 * `data` with Simplify off), HTTP Request items the whole envelope.
 */
function refundIdOf(json: Record<string, unknown>): string | undefined {
	if (typeof json.refundId === 'string') return json.refundId;
	const data = (json.refundOrderAggregate ? json : json.data) as { refundOrderAggregate?: { refundOrder?: { refundId?: unknown } } } | undefined;
	const id = data?.refundOrderAggregate?.refundOrder?.refundId;
	return id === undefined || id === null ? undefined : String(id);
}

function checkOutputs(outputs: Array<Record<string, unknown>>, refundIds: string[], problems: string[]): number {
	let correct = 0;
	outputs.forEach((json, i) => {
		if (refundIdOf(json) === refundIds[i]) correct++;
		else if (problems.length < 5) problems.push(`item ${i}: expected refund ${refundIds[i]}, got ${JSON.stringify(json).slice(0, 160)}`);
	});
	if (outputs.length !== refundIds.length) problems.push(`${outputs.length} output items for ${refundIds.length} inputs`);
	return correct;
}

function timing(run: ExecutionResult, timedNodes: string[]): { timeMs: number; segmentMs: number } {
	const itemsRun = run.runData[ITEMS_NODE]?.[0];
	const itemsEnd = (itemsRun?.startTime ?? 0) + (itemsRun?.executionTime ?? 0);
	let sum = 0;
	let lastEnd = 0;
	for (const name of timedNodes) {
		for (const r of run.runData[name] ?? []) {
			sum += r.executionTime ?? 0;
			lastEnd = Math.max(lastEnd, (r.startTime ?? 0) + (r.executionTime ?? 0));
		}
	}
	const segmentMs = lastEnd - itemsEnd;
	return { timeMs: timedNodes.length === 1 ? sum : segmentMs, segmentMs };
}

async function runInN8n(n8n: N8n, fake: FakeProcess, v: Variant, refundIds: string[]): Promise<Row> {
	await fake.reset();
	const t0 = Date.now();
	const run = await n8n.executeWorkflow(v.workflow!.id, { timeoutMs: 900_000 });
	const processMs = Date.now() - t0;
	const stats = await fake.stats();
	const problems: string[] = [];
	if (run.status !== 'success') problems.push(`execution ${run.status}: ${run.error?.message ?? ''} ${run.error?.description ?? ''}`);
	for (const [name, runs] of Object.entries(run.runData)) {
		const err = runs.find((r) => r.error)?.error;
		if (err) problems.push(`node ${name}: ${err.message ?? JSON.stringify(err).slice(0, 200)}`);
	}
	let outputs: Array<Record<string, unknown>> = [];
	try {
		outputs = run.output(v.outputNode);
	} catch (e) {
		problems.push((e as Error).message);
	}
	const correct = checkOutputs(outputs, refundIds, problems);
	const { timeMs, segmentMs } = timing(run, v.timedNodes);
	return { key: v.key, label: v.label, timeMs, segmentMs, processMs, fake: stats, outputs: outputs.length, correct, problems };
}

async function runUndici(fake: FakeProcess, v: Variant, refundIds: string[], ca: string | undefined): Promise<Row> {
	await fake.reset();
	const pool = new Pool(fake.url, { connections: CONCURRENCY, pipelining: 1, ...(ca ? { connect: { ca } } : {}) });
	const results: Array<Record<string, unknown>> = new Array(refundIds.length);
	const problems: string[] = [];
	let next = 0;
	const lane = async () => {
		while (next < refundIds.length) {
			const i = next++;
			const res = await pool.request({
				method: 'GET',
				path: `${LOOKUP_PATH}?refundId=${encodeURIComponent(refundIds[i])}`,
				headers: { ...buildSignedHeaders(fake.credentials), 'content-type': 'application/json', accept: 'application/json' },
			});
			const text = await res.body.text();
			const envelope = JSON.parse(text) as { code?: unknown; data?: Record<string, unknown> };
			if (res.statusCode !== 200 || Number(envelope.code) !== 200) {
				if (problems.length < 5) problems.push(`item ${i}: HTTP ${res.statusCode} ${text.slice(0, 160)}`);
			}
			results[i] = envelope.data ?? {};
		}
	};
	const t0 = performance.now();
	await Promise.all(Array.from({ length: CONCURRENCY }, lane));
	const timeMs = performance.now() - t0;
	await pool.close();
	const stats = await fake.stats();
	const correct = checkOutputs(results, refundIds, problems);
	return { key: v.key, label: v.label, timeMs, fake: stats, outputs: results.length, correct, problems };
}

async function main(): Promise<void> {
	if (await reexecUnderLock()) return;
	const mode = DISTANCE ? `HTTPS, ${LATENCY_MS} ms per connection set-up and per response` : `simulated latency ${LATENCY_MS} ms`;
	const limitNote = LIMIT_IN_FLIGHT > 0 ? `, 429 above ${LIMIT_IN_FLIGHT} in flight` : '';
	say(`# bench/lookups — ${N} Taobao refund lookups, concurrency ${CONCURRENCY}, ${mode}${limitNote}`);
	const setup = await prepareBench(DISTANCE ? 'distance' : 'lookups');
	const machine = machineInfo(setup.install);
	say(describeMachine(machine));

	const refundIds = Array.from({ length: N }, (_, i) => ids.taobaoRefundId(i));
	const tls = DISTANCE ? selfSignedCertificate(setup.runDir) : undefined;
	const fake = await startFakeProcess({
		seedRefunds: N,
		latencyMs: LATENCY_MS,
		connectLatencyMs: DISTANCE ? LATENCY_MS : 0,
		limitInFlight: LIMIT_IN_FLIGHT,
		tls,
	});
	say(`fake PandaPon (own process, pid ${fake.pid}) at ${fake.url}, ${N} refunds seeded`);
	const n8nEnv = { ...benchN8nEnv(), ...(tls ? { NODE_EXTRA_CA_CERTS: tls.certFile } : {}) };
	if (Object.keys(n8nEnv).length) say(`n8n env: ${JSON.stringify(n8nEnv)}`);
	const n8n = await newN8n(setup, 'lookups', n8nEnv);
	const cred = fakeCredential(fake);
	await n8n.importCredential(cred);
	const list = variants(ref(cred), fake.url, refundIds);
	await n8n.importWorkflows(list.filter((v) => v.workflow).map((v) => v.workflow!));
	const types = await n8n.assertPackageLoaded();
	say(`n8n loaded: ${types.join(', ')}`);

	const rows: Row[] = [];
	const monitor = new ContentionMonitor();
	for (const v of list) {
		say(`\n--> ${v.label} …`);
		const mark = monitor.mark();
		const row = v.workflow ? await runInN8n(n8n, fake, v, refundIds) : await runUndici(fake, v, refundIds, tls && readFileSync(tls.certFile, 'utf8'));
		row.contention = monitor.since(mark);
		rows.push(row);
		say(`    machine during this row: ${describeContention(row.contention)}`);
		const ok = valid(row);
		say(
			`    ${Math.round(row.timeMs)} ms; fake: ${row.fake.accepted}/${row.fake.total} accepted, ${row.fake.throttled} answered 429, ${row.fake.connections} connections, peak ${row.fake.peakInFlight} in flight, span ${row.fake.spanMs} ms; ` +
				`outputs ${row.outputs}, correct ${row.correct}${row.processMs ? `; n8n execute process ${(row.processMs / 1000).toFixed(1)} s` : ''}` +
				`${ok ? '' : '  ** INVALID RUN **'}`,
		);
		for (const p of [...row.problems.slice(0, 3), ...row.fake.rejections.slice(0, 3)]) say(`    ! ${p}`);
	}
	await fake.stop();
	monitor.stop();

	const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
	const node = byKey.node;
	say(`\n## Results (${N} lookups, concurrency ${CONCURRENCY}, ${mode}${limitNote}, one run each)\n`);
	say(
		table(
			['variant', 'timed (ms)', 'lookups/s', 'fake span (ms)', 'peak in flight', 'connections', '429s', 'accepted', 'outputs ok', 'failed items', 'time vs node'],
			rows.map((r) => [
				r.label,
				Math.round(r.timeMs),
				Math.round((N / r.timeMs) * 1000),
				r.fake.spanMs,
				r.fake.peakInFlight,
				r.fake.connections,
				r.fake.throttled,
				`${r.fake.acceptedByPath[LOOKUP_PATH] ?? 0}/${r.fake.total}`,
				`${r.correct}/${N}${valid(r) ? '' : LIMIT_IN_FLIGHT > 0 ? '' : ' INVALID'}`,
				N - r.correct,
				`${(r.timeMs / node.timeMs).toFixed(2)}x`,
			]),
		),
	);
	const speedup = byKey.http.timeMs / node.timeMs;
	const overUndici = node.timeMs / byKey.undici.timeMs;
	const spanSpeedup = byKey.http.fake.spanMs / node.fake.spanMs;
	const spanOverUndici = node.fake.spanMs / byKey.undici.fake.spanMs;
	say('');
	say(`node vs HTTP Request (b): ${speedup.toFixed(2)}x faster (target >= 2x: ${speedup >= 2 ? 'met' : 'MISSED'}); by fake span ${spanSpeedup.toFixed(2)}x`);
	say(`node vs undici loop (c): ${overUndici.toFixed(2)}x the undici time (target <= 3x: ${overUndici <= 3 ? 'met' : 'MISSED'}); by fake span ${spanOverUndici.toFixed(2)}x`);
	for (const k of ['httpDefault', 'httpLoop']) {
		if (!byKey[k]) continue;
		const r = byKey[k].timeMs / node.timeMs;
		say(`node vs ${byKey[k].label}: its time / node time = ${r.toFixed(2)} (${r >= 1 ? `node ${r.toFixed(2)}x faster` : `node ${(1 / r).toFixed(2)}x slower`})`);
	}
	if (DISTANCE) {
		const d = byKey.httpDefault;
		say(`distance target: node ${Math.round(node.timeMs)} ms vs HTTP Request defaults ${Math.round(d.timeMs)} ms: ${node.timeMs <= d.timeMs ? 'met' : 'MISSED'} (no later)`);
		say(`distance target: node / undici (keep-alive, ${CONCURRENCY} in flight) ${overUndici.toFixed(2)}x: ${overUndici <= 1.5 ? 'met' : 'MISSED'} (<= 1.5x)`);
		if (LIMIT_IN_FLIGHT > 0) {
			const failed = N - node.correct;
			say(`429 target: node ${failed} failed items, ${node.fake.throttled} 429s vs HTTP Request defaults ${d.fake.throttled}: ${failed === 0 && node.fake.throttled < d.fake.throttled ? 'met' : 'MISSED'}`);
		}
	}
	if (LIMIT_IN_FLIGHT === 0 && !rows.every(valid)) say('\n** At least one run was INVALID (see above): its time does not count. **');
	const contended = rows.filter((r) => r.contention?.contended);
	if (contended.length) say(`\n** Measured on a shared machine: ${contended.map((r) => r.key).join(', ')} ran while foreign n8n processes were running; compare with care. **`);

	const out = path.join(setup.runDir, 'lookups-results.json');
	if (LATENCY_MS === 0) say('(peak in flight: with no simulated latency the fake finishes each request within one event-loop turn, so it never sees overlap.)');
	writeJson(out, { machine, n: N, concurrency: CONCURRENCY, latencyMs: LATENCY_MS, distance: DISTANCE, limitInFlight: LIMIT_IN_FLIGHT, n8nEnv, batchIntervalMs: BATCH_INTERVAL_MS, rows, ratios: { speedup, overUndici, spanSpeedup, spanOverUndici } });
	say(`\nraw results: ${out}\nn8n log: ${n8n.logFile}`);
	process.exitCode = LIMIT_IN_FLIGHT > 0 || rows.every(valid) ? 0 : 1;
}

/** Every lookup accepted once and answered in order; 429s (BENCH_LIMIT_IN_FLIGHT) are not rejections. */
function valid(r: Row): boolean {
	return r.fake.acceptedByPath[LOOKUP_PATH] === N && r.fake.rejected - r.fake.throttled === 0 && r.correct === N;
}

runBench('lookups', main);
