/**
 * `npm run bench:return-all` — Return All over N (default 10,000) Taobao refunds in a real
 * n8n: PandaPon node, Taobao Refund › Get Many, Return All, against the fake PandaPon in
 * its own process (bench/fakeServer.ts), seeded with N refunds that each carry their own
 * 19-digit purchase/sales-order IDs and 18-digit item IDs (all above 2^53).
 *
 * One long-running `n8n start` (not `n8n execute`): it has an idle baseline after boot to
 * compare memory against, and the single-page runs and the Return All runs share one warm
 * process. Two published workflows, each Webhook (Respond: when last node finishes) →
 * PandaPon node:
 *   - "one page": Return All off, Limit = the endpoint's page size (one request);
 *   - "return all": Return All on.
 *
 * Figures:
 *   - single-request time: the median of the node's executionTime over BENCH_SINGLE_RUNS
 *     one-page runs (after BENCH_WARMUP unrecorded ones) — the same node, page size,
 *     credential, fake and n8n process as Return All, so it holds everything one page costs
 *     (n8n's per-request credential work, signing, the HTTP round trip, the fake's own
 *     service time, parsing, building items) plus the node's fixed per-execution work once;
 *   - wall time: the Return All node's executionTime from n8n's run data (read from the
 *     database), per run; the ratio is wall / (pages × single-request);
 *   - requests: what the fake accepted, and the page numbers it was asked for;
 *   - memory: VmRSS of the n8n process sampled every 50 ms during each Return All run, and
 *     VmHWM (the kernel's peak, reset via /proc/<pid>/clear_refs right before the run),
 *     against the run's own idle baseline (median VmRSS over 3 s, taken after the process
 *     has been idle for BENCH_IDLE_MS, right before the run).
 *
 * Control (skip with BENCH_SKIP_CONTROL=1): after a fresh `n8n start`, a third published
 * workflow, Webhook → Code node returning N copies of one real refund record, runs
 * BENCH_RUNS times with the same memory sampling: what n8n itself spends on N such items
 * (kept in the run data, saved), without the PandaPon node and without requests.
 *
 * A run is INVALID unless the fake accepted exactly the expected pages (1..P, once each)
 * and rejected nothing, and the output holds every seeded refund exactly once with its
 * refund, purchase-order, sales-order and item IDs digit for digit.
 *
 * Env: BENCH_REFUNDS (10000), BENCH_RUNS (3 Return All runs), BENCH_SINGLE_RUNS (9),
 * BENCH_WARMUP (3), BENCH_SETTLE_MS (10000), BENCH_IDLE_MS (5000), BENCH_LATENCY_MS (0), BENCH_SKIP_CONTROL=1,
 * BENCH_HEAP_SNAPSHOTS=1 (diagnostic: heap snapshot sizes at idle and after each run),
 * BENCH_N8N_ENV, BENCH_SKIP_BUILD=1, PANDAPON_BENCH_NO_LOCK=1.
 */
import * as fs from 'fs';
import * as path from 'path';

import { findEndpoint } from '../nodes/PandaPon/endpoints';
import { parseLossless } from '../nodes/shared/losslessJson';
import { buildSignedHeaders } from '../nodes/shared/signing';
import { fakeCredential, ref } from '../test/e2e/harness';
import { n8nId, type N8n, type NodeRun, type WorkflowJson } from '../test/e2e/n8n';
import { linearWorkflow, pandaPonNode, webhookTrigger, type CredentialRef } from '../test/e2e/workflows/build';
import {
	benchN8nEnv,
	ContentionMonitor,
	describeContention,
	describeMachine,
	machineInfo,
	median,
	n8nServerPid,
	newN8n,
	prepareBench,
	procStatusMiB,
	reexecUnderLock,
	resetPeakRss,
	RssSampler,
	runBench,
	say,
	sleepMs,
	startFakeProcess,
	table,
	writeJson,
	type FakeProcess,
	type FakeStats,
	type RefundKeys,
} from './common';

const N = Number(process.env.BENCH_REFUNDS || 10_000);
const RETURN_ALL_RUNS = Number(process.env.BENCH_RUNS || 3);
const SINGLE_RUNS = Number(process.env.BENCH_SINGLE_RUNS || 9);
const WARMUP_RUNS = Number(process.env.BENCH_WARMUP ?? 3);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS || 10_000);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS || 5_000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS || 0);
const LIST_PATH = '/open/order/refund/queryList';
const NODE_NAME = 'Refunds';
const CONTROL_NODE_NAME = 'Items';
const RUN_CONTROL = process.env.BENCH_SKIP_CONTROL !== '1';
/** Diagnostic: a V8 heap snapshot after each measured run (n8n gets --heapsnapshot-signal). */
const HEAP_SNAPSHOTS = process.env.BENCH_HEAP_SNAPSHOTS === '1';
const PAGE_SIZE = findEndpoint('taobaoRefund', 'getAll')?.list?.defaultPageSize ?? 50;
const RATIO_TARGET = 1.2;
/** "under 100 MB extra RSS", MB = 10^6 bytes. */
const EXTRA_RSS_TARGET_MIB = 100e6 / 2 ** 20;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

interface Hook {
	key: 'onePage' | 'returnAll' | 'control';
	path: string;
	workflow: WorkflowJson;
	expectedRequests: number;
	expectedItems: number;
	/** Whether the items are the seeded refunds (the control's are copies of one). */
	checkIds: boolean;
	/** The node whose run is timed and whose output is checked. */
	nodeName: string;
}

interface RunResult {
	key: Hook['key'];
	executionId: string;
	status: string;
	/** The node's executionTime (n8n run data). */
	nodeMs: number;
	/** POST sent to response received, driver clock (n8n webhook handling + run + respond). */
	roundTripMs: number;
	fake: FakeStats;
	outputs: number;
	problems: string[];
	/** IDs above 2^53 that arrived digit for digit. */
	bigIdsIntact: number;
	memory?: { idleMiB: number; sampledPeakMiB: number; hwmMiB: number | undefined; samples: number; hwmReset: boolean; heapSnapshotMiB?: number };
	contention?: ReturnType<ContentionMonitor['since']>;
}

function hooks(credential: CredentialRef): Hook[] {
	const pages = Math.ceil(N / PAGE_SIZE);
	const make = (key: Hook['key'], hookPath: string, listParameters: Record<string, unknown>): WorkflowJson =>
		linearWorkflow({
			id: n8nId(`bench${key}`),
			name: `bench: Taobao refunds, ${key}`,
			trigger: webhookTrigger({ path: hookPath, responseMode: 'lastNode' }),
			nodes: [pandaPonNode({ name: NODE_NAME, credential, typeVersion: 1.1, parameters: { resource: 'taobaoRefund', operation: 'getAll', ...listParameters } })],
		});
	return [
		{ key: 'onePage', path: 'bench-one-page', workflow: make('onePage', 'bench-one-page', { returnAll: false, limit: PAGE_SIZE }), expectedRequests: 1, expectedItems: Math.min(PAGE_SIZE, N), checkIds: true, nodeName: NODE_NAME },
		{ key: 'returnAll', path: 'bench-return-all', workflow: make('returnAll', 'bench-return-all', { returnAll: true }), expectedRequests: pages, expectedItems: N, checkIds: true, nodeName: NODE_NAME },
	];
}

/**
 * Control: Webhook → Code node that returns N copies of one real refund record (each with
 * its own refundId), no PandaPon node and no requests. Its extra RSS is what n8n itself
 * spends on N such items arriving from a node, being kept in the run data and saved.
 */
function controlHook(template: Record<string, unknown>, refundIds: string[]): Hook {
	const hookPath = 'bench-control';
	const jsCode = `const template = ${JSON.stringify(template)};\nconst ids = ${JSON.stringify(refundIds)};\nreturn ids.map((refundId) => ({ json: { ...template, refundId } }));`;
	return {
		key: 'control',
		path: hookPath,
		workflow: linearWorkflow({
			id: n8nId('benchcontrol'),
			name: 'bench: control, Code node with N refund-shaped items',
			trigger: webhookTrigger({ path: hookPath, responseMode: 'lastNode' }),
			nodes: [{ name: CONTROL_NODE_NAME, type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode } }],
		}),
		expectedRequests: 0,
		expectedItems: refundIds.length,
		checkIds: false,
		nodeName: CONTROL_NODE_NAME,
	};
}

/** One record of the fake's refund list, fetched directly (signed) and parsed losslessly. */
async function sampleRefundRecord(fake: FakeProcess): Promise<Record<string, unknown>> {
	const res = await fetch(`${fake.url}${LIST_PATH}`, {
		method: 'POST',
		headers: { ...buildSignedHeaders(fake.credentials), 'content-type': 'application/json' },
		body: JSON.stringify({ pageNo: 1, pageSize: 1 }),
	});
	const envelope = parseLossless(await res.text()) as { data?: { refundOrderAggregates?: Array<Record<string, unknown>> } };
	const record = envelope.data?.refundOrderAggregates?.[0];
	if (!record) throw new Error(`the fake's refund list gave no record (HTTP ${res.status})`);
	return record;
}

function isAboveSafeInteger(digits: string): boolean {
	return /^\d+$/.test(digits) && BigInt(digits) > MAX_SAFE;
}

/**
 * Checks output items against the seeded refunds: each refund at most once, known, with
 * every ID digit for digit; returns how many IDs above 2^53 matched.
 */
function checkRefundItems(items: Array<Record<string, unknown>>, expected: Map<string, RefundKeys>, problems: string[]): number {
	const seen = new Set<string>();
	let bigIdsIntact = 0;
	const report = (text: string) => {
		if (problems.length < 8) problems.push(text);
	};
	items.forEach((json, i) => {
		const refundId = String(json.refundId);
		const keys = expected.get(refundId);
		if (!keys) return report(`item ${i}: unknown refundId ${refundId}`);
		if (seen.has(refundId)) return report(`item ${i}: refund ${refundId} delivered twice`);
		seen.add(refundId);
		for (const field of ['refundId', 'purchaseOrderId', 'salesOrderId', 'purchaseOrderLineId'] as const) {
			const got = json[field] === undefined || json[field] === null ? '' : String(json[field]);
			if (got !== keys[field]) report(`item ${i}: ${field} ${got} (${typeof json[field]}), expected ${keys[field]}`);
			else if (isAboveSafeInteger(got)) bigIdsIntact++;
		}
	});
	return bigIdsIntact;
}

function checkPages(stats: FakeStats, expectedRequests: number, problems: string[]): void {
	const pages = stats.pageRequests.filter((p) => p.path === LIST_PATH);
	const accepted = stats.acceptedByPath[LIST_PATH] ?? 0;
	if (accepted !== expectedRequests) problems.push(`fake accepted ${accepted} list requests, expected ${expectedRequests}`);
	if (stats.rejected > 0) problems.push(`fake rejected ${stats.rejected}: ${stats.rejections.join('; ')}`);
	const numbers = pages.map((p) => p.page).sort((a, b) => a - b);
	const consecutive = numbers.every((n, i) => n === i + 1);
	if (!consecutive) problems.push(`pages asked: ${numbers.slice(0, 10).join(',')}… (not 1..${numbers.length} once each)`);
	const sizes = new Set(pages.map((p) => p.size));
	if (sizes.size !== 1 || !sizes.has(PAGE_SIZE)) problems.push(`page sizes asked: ${[...sizes].join(',')} (expected ${PAGE_SIZE})`);
}

async function newestExecution(n8n: N8n, workflowId: string, after: string | undefined, timeoutMs = 120_000): Promise<Record<string, unknown>> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const raw = await n8n.latestExecutionFromDb(workflowId);
		const done = raw && raw.id !== after && !['new', 'running'].includes(String(raw.status));
		if (done && (raw.data as { resultData?: unknown })?.resultData) return raw;
		await sleepMs(200);
	}
	throw new Error(`no finished execution of ${workflowId} after ${after ?? '(none)'} within ${timeoutMs} ms`);
}

/** The higher of the sampled peak and VmHWM, over the run's idle baseline. */
function extraOverIdle(r: RunResult): number {
	if (!r.memory) return NaN;
	return Math.max(r.memory.sampledPeakMiB, r.memory.hwmMiB ?? -Infinity) - r.memory.idleMiB;
}

function nodeRunOf(raw: Record<string, unknown>, nodeName: string): NodeRun | undefined {
	const runData = (raw.data as { resultData?: { runData?: Record<string, NodeRun[]> } }).resultData?.runData ?? {};
	return runData[nodeName]?.[0];
}

async function runHook(
	n8n: N8n,
	baseUrl: string,
	fake: FakeProcess,
	hook: Hook,
	expected: Map<string, RefundKeys>,
	previousId: string | undefined,
	pid: number | undefined,
): Promise<RunResult> {
	await fake.reset();
	const measured = hook.key !== 'onePage' && pid !== undefined;
	const idleMiB = measured ? await idleBeforeRunMiB(pid) : NaN;
	const hwmReset = pid !== undefined && resetPeakRss(pid);
	const sampler = measured ? new RssSampler(pid, 50) : undefined;
	const t0 = Date.now();
	const res = await fetch(`${baseUrl}/webhook/${hook.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
	await res.text();
	const roundTripMs = Date.now() - t0;
	const raw = await newestExecution(n8n, hook.workflow.id, previousId);
	await sleepMs(sampler ? 500 : 0);
	const memory = sampler?.stop();
	const heapSnapshotMiB = sampler && HEAP_SNAPSHOTS && pid !== undefined ? await heapSnapshotSizeMiB(pid, n8n.dir) : undefined;
	const stats = await fake.stats();
	const problems: string[] = [];
	if (res.status !== 200) problems.push(`webhook answered HTTP ${res.status}`);
	if (raw.status !== 'success') problems.push(`execution ${String(raw.status)}`);
	const run = nodeRunOf(raw, hook.nodeName);
	if (run?.error) problems.push(`node error: ${run.error.message ?? JSON.stringify(run.error).slice(0, 200)}`);
	const items = (run?.data?.main?.[0] ?? []).map((item) => item.json);
	if (items.length !== hook.expectedItems) problems.push(`${items.length} output items, expected ${hook.expectedItems}`);
	const bigIdsIntact = hook.checkIds ? checkRefundItems(items, expected, problems) : 0;
	if (hook.expectedRequests > 0) checkPages(stats, hook.expectedRequests, problems);
	return {
		key: hook.key,
		executionId: String(raw.id),
		status: String(raw.status),
		nodeMs: run?.executionTime ?? NaN,
		roundTripMs,
		fake: { ...stats, pageRequests: [] },
		outputs: items.length,
		problems,
		bigIdsIntact,
		memory: memory && {
			idleMiB,
			sampledPeakMiB: memory.peakMiB,
			hwmMiB: hwmReset ? memory.hwmMiB : undefined,
			samples: memory.samples,
			hwmReset,
			heapSnapshotMiB,
		},
	};
}

/**
 * Asks n8n (started with --heapsnapshot-signal=SIGUSR2) for a heap snapshot, waits until the
 * file in its working folder stops growing, returns its size and deletes it. V8 collects
 * garbage before it writes the snapshot, so the size follows the live heap.
 */
async function heapSnapshotSizeMiB(pid: number, dir: string): Promise<number | undefined> {
	const snapshots = () => fs.readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot'));
	const before = new Set(snapshots());
	process.kill(pid, 'SIGUSR2');
	let lastSize = -1;
	for (const end = Date.now() + 120_000; Date.now() < end; await sleepMs(500)) {
		const file = snapshots().find((f) => !before.has(f));
		if (!file) continue;
		const size = fs.statSync(path.join(dir, file)).size;
		if (size > 0 && size === lastSize) {
			fs.rmSync(path.join(dir, file));
			return size / 2 ** 20;
		}
		lastSize = size;
	}
	return undefined;
}

/**
 * The idle baseline of one measured run: the median VmRSS over 3 s, after the process has
 * had BENCH_IDLE_MS with nothing to do. A baseline taken once after boot is not stable: V8
 * frees part of the boot's garbage only later (one boot measured 735 MiB at idle, then
 * 494 MiB before its first run), which made "extra" negative.
 */
async function idleBeforeRunMiB(pid: number): Promise<number> {
	await sleepMs(IDLE_MS);
	return await idleRssMiB(pid, 3_000);
}

/** Median VmRSS over `durationMs`, sampled every 100 ms (the idle baseline). */
async function idleRssMiB(pid: number, durationMs = 5_000): Promise<number> {
	const values: number[] = [];
	for (const end = Date.now() + durationMs; Date.now() < end; await sleepMs(100)) values.push(procStatusMiB(pid, 'VmRSS'));
	return median(values.filter(Number.isFinite));
}

const mib = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? 'n/a' : `${v.toFixed(1)} MiB`);

async function main(): Promise<void> {
	if (await reexecUnderLock()) return;
	say(`# bench/return-all — Return All over ${N} Taobao refunds (page size ${PAGE_SIZE}), simulated latency ${LATENCY_MS} ms`);
	const setup = await prepareBench('return-all');
	const machine = machineInfo(setup.install);
	say(describeMachine(machine));

	const fake = await startFakeProcess({ seedRefunds: N, seedTaobaoOrders: 0, latencyMs: LATENCY_MS });
	const expected = new Map((await fake.refundKeys()).map((k) => [k.refundId, k]));
	const bigIdsSeeded = [...expected.values()].reduce(
		(sum, k) => sum + [k.refundId, k.purchaseOrderId, k.salesOrderId, k.purchaseOrderLineId].filter(isAboveSafeInteger).length,
		0,
	);
	say(`fake PandaPon (own process, pid ${fake.pid}) at ${fake.url}: ${expected.size} refunds, ${bigIdsSeeded} of their IDs above 2^53`);
	const n8nEnv = { ...benchN8nEnv(), ...(HEAP_SNAPSHOTS ? { NODE_OPTIONS: '--heapsnapshot-signal=SIGUSR2' } : {}) };
	if (Object.keys(n8nEnv).length) say(`n8n env: ${JSON.stringify(n8nEnv)}`);
	const n8n = await newN8n(setup, 'return-all', n8nEnv);
	const cred = fakeCredential(fake);
	await n8n.importCredential(cred);
	const [onePage, returnAll] = hooks(ref(cred));
	const control = RUN_CONTROL ? controlHook(await sampleRefundRecord(fake), [...expected.keys()]) : undefined;
	const published = [onePage, returnAll, ...(control ? [control] : [])];
	await n8n.importWorkflows(published.map((hook) => hook.workflow));
	for (const hook of published) await n8n.publishWorkflow(hook.workflow.id);
	say(`n8n loaded: ${(await n8n.assertPackageLoaded()).join(', ')}`);

	/** n8n start, settle, idle baseline. */
	const boot = async () => {
		const { url } = await n8n.start({ webhooks: published.map((hook) => ({ path: hook.path })) });
		const pid = n8nServerPid(n8n);
		say(`n8n start ready at ${url} (pid ${pid ?? 'not found'}); settling ${SETTLE_MS} ms …`);
		await sleepMs(SETTLE_MS);
		const baselineMiB = pid === undefined ? NaN : await idleRssMiB(pid);
		say(`idle baseline after boot: ${mib(baselineMiB)} VmRSS (median over 5 s)`);
		if (HEAP_SNAPSHOTS && pid !== undefined) say(`heap snapshot at idle: ${mib(await heapSnapshotSizeMiB(pid, n8n.dir))}`);
		return { url, pid, baselineMiB };
	};
	let instance = await boot();
	const bootBaselineMiB = instance.baselineMiB;

	const monitor = new ContentionMonitor();
	const lastId: Record<string, string | undefined> = {};
	const runs: RunResult[] = [];
	const run = async (hook: Hook, label: string, record: boolean) => {
		const mark = monitor.mark();
		const r = await runHook(n8n, instance.url, fake, hook, expected, lastId[hook.workflow.id], instance.pid);
		lastId[hook.workflow.id] = r.executionId;
		r.contention = monitor.since(mark);
		if (record) runs.push(r);
		const valid = r.problems.length === 0;
		say(
			`  ${label}: node ${Math.round(r.nodeMs)} ms (round trip ${r.roundTripMs} ms); fake ${r.fake.acceptedByPath[LIST_PATH] ?? 0} requests, ` +
				`service median ${r.fake.service.medianMs.toFixed(1)} ms; ${r.outputs} items, ${r.bigIdsIntact} IDs > 2^53 intact` +
				`${r.memory ? `; idle RSS before ${mib(r.memory.idleMiB)}, peak ${mib(r.memory.sampledPeakMiB)} (HWM ${mib(r.memory.hwmMiB)})` : ''}` +
				`${r.memory?.heapSnapshotMiB !== undefined ? `; heap snapshot after ${mib(r.memory.heapSnapshotMiB)}` : ''}` +
				`; ${describeContention(r.contention)}${valid ? '' : '  ** INVALID **'}`,
		);
		for (const p of r.problems) say(`    ! ${p}`);
	};
	say(`\n--> ${WARMUP_RUNS} warm-up one-page runs (not recorded), ${SINGLE_RUNS} one-page runs, ${RETURN_ALL_RUNS} Return All runs`);
	for (let i = 0; i < WARMUP_RUNS; i++) await run(onePage, `warm-up ${i + 1}`, false);
	for (let i = 0; i < SINGLE_RUNS; i++) await run(onePage, `one page ${i + 1}`, true);
	for (let i = 0; i < RETURN_ALL_RUNS; i++) await run(returnAll, `Return All ${i + 1}`, true);
	let controlBaselineMiB = NaN;
	if (control) {
		say(`\n--> control (fresh n8n start): ${RETURN_ALL_RUNS} runs of a Code node returning ${N} refund-shaped items`);
		await n8n.stop();
		instance = await boot();
		controlBaselineMiB = instance.baselineMiB;
		for (let i = 0; i < RETURN_ALL_RUNS; i++) await run(control, `control ${i + 1}`, true);
	}
	monitor.stop();
	await n8n.stop();
	await fake.stop();

	const single = runs.filter((r) => r.key === 'onePage');
	const all = runs.filter((r) => r.key === 'returnAll');
	const singleMs = median(single.map((r) => r.nodeMs));
	const singleServiceMs = median(single.map((r) => r.fake.service.medianMs));
	const valid = (r: RunResult) => r.problems.length === 0;
	const rows = all.map((r, i) => {
		const pages = r.fake.acceptedByPath[LIST_PATH] ?? 0;
		const expectedMs = pages * singleMs;
		// The same ratio without the fake's own service time on either side (pages are sequential).
		const clientRatio = (r.nodeMs - r.fake.service.totalMs) / (pages * (singleMs - singleServiceMs));
		return { run: i + 1, r, pages, expectedMs, ratio: r.nodeMs / expectedMs, clientRatio, extraMiB: extraOverIdle(r) };
	});
	say(`\n## Results (${N} refunds, page size ${PAGE_SIZE}, simulated latency ${LATENCY_MS} ms)\n`);
	say(
		`single-request time: median node executionTime of ${single.length} one-page runs = ${singleMs} ms ` +
			`(min ${Math.min(...single.map((r) => r.nodeMs))}, max ${Math.max(...single.map((r) => r.nodeMs))}; fake service median ${singleServiceMs.toFixed(1)} ms)`,
	);
	say(`idle RSS after boot: ${mib(bootBaselineMiB)} (context only: each run is measured against its own idle baseline)\n`);
	say(
		table(
			['Return All run', 'requests (pages)', 'wall (node executionTime)', 'pages × single', 'ratio', 'fake service total', 'ratio without fake service', 'idle RSS before run', 'peak RSS (sampled / HWM)', 'extra vs idle', 'items', 'IDs > 2^53 intact', 'machine'],
			rows.map(({ run, r, pages, expectedMs, ratio, clientRatio, extraMiB }) => [
				`${run}${valid(r) ? '' : ' INVALID'}`,
				pages,
				`${Math.round(r.nodeMs)} ms`,
				`${Math.round(expectedMs)} ms`,
				`${ratio.toFixed(2)}x`,
				`${Math.round(r.fake.service.totalMs)} ms`,
				`${clientRatio.toFixed(2)}x`,
				mib(r.memory?.idleMiB),
				`${mib(r.memory?.sampledPeakMiB)} / ${mib(r.memory?.hwmMiB)}`,
				mib(extraMiB),
				r.outputs,
				`${r.bigIdsIntact}/${bigIdsSeeded}`,
				r.contention?.contended ? 'CONTENDED' : 'quiet',
			]),
		),
	);
	const controls = runs.filter((r) => r.key === 'control');
	if (controls.length) {
		say(`\ncontrol (fresh n8n start, idle RSS after boot ${mib(controlBaselineMiB)}): Code node → ${N} refund-shaped items, no requests\n`);
		say(
			table(
				['control run', 'Code node time', 'idle RSS before run', 'peak RSS (sampled / HWM)', 'extra vs idle', 'items', 'machine'],
				controls.map((r, i) => [
					`${i + 1}${valid(r) ? '' : ' INVALID'}`,
					`${Math.round(r.nodeMs)} ms`,
					mib(r.memory?.idleMiB),
					`${mib(r.memory?.sampledPeakMiB)} / ${mib(r.memory?.hwmMiB)}`,
					mib(extraOverIdle(r)),
					r.outputs,
					r.contention?.contended ? 'CONTENDED' : 'quiet',
				]),
			),
		);
	}
	const medianRatio = median(rows.map((row) => row.ratio));
	const worstExtra = Math.max(...rows.map((row) => row.extraMiB));
	say('');
	say(`wall / (pages × single request), median of ${rows.length} runs: ${medianRatio.toFixed(2)}x (target <= ${RATIO_TARGET}x: ${medianRatio <= RATIO_TARGET ? 'met' : 'MISSED'})`);
	say(`extra RSS over the idle baseline before the run, worst run: ${mib(worstExtra)} = ${((worstExtra * 2 ** 20) / 1e6).toFixed(0)} MB (target < 100 MB: ${worstExtra < EXTRA_RSS_TARGET_MIB ? 'met' : 'MISSED'})`);
	if (!runs.every(valid)) say('\n** At least one run was INVALID (see above): its figures do not count. **');
	if (runs.some((r) => r.contention?.contended)) say('\n** Measured on a shared machine: some runs were CONTENDED; compare with care. **');

	const out = path.join(setup.runDir, 'return-all-results.json');
	writeJson(out, { machine, n: N, pageSize: PAGE_SIZE, latencyMs: LATENCY_MS, n8nEnv, bootBaselineMiB, controlBaselineMiB, singleMs, singleServiceMs, runs, rows: rows.map(({ r, ...rest }) => ({ ...rest, executionId: r.executionId })), medianRatio, worstExtraMiB: worstExtra });
	say(`\nraw results: ${out}\nn8n log: ${n8n.logFile}`);
	process.exitCode = runs.every(valid) ? 0 : 1;
}

runBench('return-all', main);
