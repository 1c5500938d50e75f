/**
 * `npm run bench:load` — how much longer `n8n start` takes with this package installed.
 *
 * Two n8n user folders on the same n8n install: "with" has the packed package installed as
 * a community package (as the e2e suite and n8n itself install it), "without" has nothing.
 * Both are booted once by `n8n export:nodes` (database migrations, and the check that the
 * package loaded in "with" and not in "without") and once by an unrecorded `n8n start`
 * (first-start work such as static assets). Then BENCH_ROUNDS rounds, each booting both
 * instances one after the other, the order alternating (with/without, without/with, …)
 * so that drift on the shared machine falls on both alike.
 *
 * Per boot, from spawn (driver clock, just before spawning n8n's Node) to:
 *   - "editor": the timestamp of n8n's own "Editor is now accessible via" log line, which
 *     n8n writes at the end of `start` (after nodes are loaded, the server listens, and
 *     published workflows are activated) — the headline, no polling granularity;
 *   - "readiness": the first 200 from /healthz/readiness (polled every 50 ms), which n8n
 *     answers once the HTTP server has started (before workflow activation);
 *   - "init": n8n's "Initializing n8n process" log line (Node + n8n's modules loaded).
 * The same clock is used: driver and n8n run on the same machine.
 *
 * Also, outside n8n start: the time n8n's loader takes to load this package on its own
 * (n8n does not log it): a fresh process of n8n's Node requires n8n-core (as n8n has by
 * then), then times `scanDirectoryForPackages` + `loadAll()` on the installed package —
 * the same calls n8n's community-packages module makes at boot. Median of BENCH_LOADER_RUNS.
 *
 * Env: BENCH_ROUNDS (6), BENCH_LOADER_RUNS (7), BENCH_N8N_ENV, BENCH_SKIP_BUILD=1,
 * PANDAPON_BENCH_NO_LOCK=1.
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';

import { freePort, PACKAGE_NAME, spawnService, type N8n } from '../test/e2e/n8n';
import {
	benchN8nEnv,
	ContentionMonitor,
	describeContention,
	describeMachine,
	machineInfo,
	median,
	newN8n,
	prepareBench,
	reexecUnderLock,
	runBench,
	say,
	sleepMs,
	table,
	writeJson,
} from './common';

const ROUNDS = Number(process.env.BENCH_ROUNDS || 6);
const LOADER_RUNS = Number(process.env.BENCH_LOADER_RUNS || 7);
const BOOT_TIMEOUT_MS = 180_000;
const PAUSE_BETWEEN_BOOTS_MS = 2_000;
const COST_TARGET = 0.05;
const EDITOR_LINE = 'Editor is now accessible via';
const INIT_LINE = 'Initializing n8n process';

type Variant = 'with' | 'without';

interface Boot {
	variant: Variant;
	round: number;
	initMs: number;
	readinessMs: number;
	editorMs: number;
	/** Lines that mention the package with level error/warn (must be none). */
	packageProblems: string[];
	contention?: ReturnType<ContentionMonitor['since']>;
}

/** ms from `spawnAt` to the timestamp of the first JSON log line whose message contains `text`. */
function logLineAt(logFile: string, text: string, spawnAt: number): number {
	for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
		if (!line.startsWith('{') || !line.includes(text)) continue;
		try {
			const entry = JSON.parse(line) as { message?: string; metadata?: { timestamp?: string } };
			if (entry.message?.includes(text) && entry.metadata?.timestamp) return Date.parse(entry.metadata.timestamp) - spawnAt;
		} catch {
			/* not a log entry */
		}
	}
	return NaN;
}

/**
 * Error/warn log lines that name the package. The n8n install (~/.cache/n8n-nodes-pandapon/…)
 * and the run folder (…/n8n-nodes-pandapon-bench-load/…) have the name in their paths, so
 * those are cut out first: n8n's unrelated errors (e.g. no network) quote them in stacks.
 */
function packageProblemsIn(logFile: string, pathsToIgnore: string[]): string[] {
	return fs
		.readFileSync(logFile, 'utf8')
		.split('\n')
		.filter((line) => /"level":"(error|warn)"/.test(line))
		.filter((line) => pathsToIgnore.reduce((text, p) => text.split(p).join(''), line).includes(PACKAGE_NAME))
		.map((line) => line.slice(0, 300));
}

async function readinessOk(url: string): Promise<boolean> {
	try {
		return (await fetch(`${url}/healthz/readiness`)).status === 200;
	} catch {
		return false;
	}
}

/** One timed `n8n start`: spawn, wait for readiness and the editor line, stop. */
async function timeBoot(n8n: N8n, variant: Variant, round: number): Promise<Boot> {
	const port = await freePort();
	const env = await n8n.serverEnv(port);
	const logFile = path.join(n8n.dir, `boot-${round < 0 ? 'warmup' : round}.log`);
	const url = `http://127.0.0.1:${port}`;
	const spawnAt = Date.now();
	const service = spawnService(n8n.install.node, [n8n.install.cli, 'start'], { logFile, env, cwd: n8n.dir, label: `n8n start (${variant}, round ${round})` });
	let exited = false;
	void service.exited.then(() => (exited = true));
	let readinessMs = NaN;
	let editorMs = NaN;
	const deadline = spawnAt + BOOT_TIMEOUT_MS;
	while ((Number.isNaN(readinessMs) || Number.isNaN(editorMs)) && !exited && Date.now() < deadline) {
		if (Number.isNaN(readinessMs) && (await readinessOk(url))) readinessMs = Date.now() - spawnAt;
		if (Number.isNaN(editorMs)) editorMs = logLineAt(logFile, EDITOR_LINE, spawnAt);
		await sleepMs(50);
	}
	await service.stop('SIGTERM', 15_000);
	if (Number.isNaN(readinessMs) || Number.isNaN(editorMs)) {
		throw new Error(`n8n start (${variant}) did not come up within ${BOOT_TIMEOUT_MS} ms (${exited ? 'exited' : 'timeout'}); log: ${logFile}`);
	}
	return { variant, round, initMs: logLineAt(logFile, INIT_LINE, spawnAt), readinessMs, editorMs, packageProblems: packageProblemsIn(logFile, [n8n.install.dir, path.dirname(n8n.dir)]) };
}

/** Times n8n's loader on the installed package in a fresh process of n8n's Node (see header). */
function timePackageLoader(n8n: N8n): { scanMs: number; loadAllMs: number; nodes: string[]; credentials: string[] } {
	const script = `
		const { performance } = require('perf_hooks');
		const core = require(process.argv[3]);
		(async () => {
			const t0 = performance.now();
			const loaders = await core.scanDirectoryForPackages(process.argv[1], {});
			const t1 = performance.now();
			for (const loader of loaders) await loader.loadAll();
			const t2 = performance.now();
			const ours = loaders.filter((l) => l.packageName === process.argv[2]);
			process.stdout.write(JSON.stringify({ scanMs: t1 - t0, loadAllMs: t2 - t1,
				nodes: ours.flatMap((l) => Object.keys(l.nodeTypes)), credentials: ours.flatMap((l) => Object.keys(l.credentialTypes)) }));
		})().catch((e) => { console.error(e.stack); process.exit(2); });`;
	// n8n's own n8n-core by absolute path, run outside this project: from here, `-e` would
	// resolve our devDependency copy, and the package would then load a second n8n-workflow.
	const core = path.join(n8n.install.dir, 'node_modules', 'n8n-core');
	const r = spawnSync(n8n.install.node, ['-e', script, path.dirname(n8n.packageDir), PACKAGE_NAME, core], {
		cwd: n8n.dir,
		encoding: 'utf8',
		env: { PATH: process.env.PATH ?? '', NODE_PATH: path.join(n8n.install.dir, 'node_modules') },
	});
	if (r.status !== 0) throw new Error(`timing the package loader failed: ${r.stderr}`);
	return JSON.parse(r.stdout) as ReturnType<typeof timePackageLoader>;
}

/** Median over rounds of (with − without) of one phase: the two boots of a round ran back to back. */
function medianPairedDifference(boots: Boot[], phase: (b: Boot) => number): number {
	const rounds = [...new Set(boots.map((b) => b.round))];
	const diffs = rounds.map((round) => {
		const pick = (variant: Variant) => boots.find((b) => b.round === round && b.variant === variant);
		const w = pick('with');
		const wo = pick('without');
		return w && wo ? phase(w) - phase(wo) : NaN;
	});
	return median(diffs.filter(Number.isFinite));
}

function summarise(values: number[]) {
	return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

const sec = (v: number) => `${(v / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
	if (await reexecUnderLock()) return;
	say(`# bench/load — n8n start-up with vs without ${PACKAGE_NAME}, ${ROUNDS} + ${ROUNDS} boots, interleaved`);
	const setup = await prepareBench('load');
	const machine = machineInfo(setup.install);
	say(describeMachine(machine));
	const n8nEnv = benchN8nEnv();
	if (Object.keys(n8nEnv).length) say(`n8n env: ${JSON.stringify(n8nEnv)}`);
	const instances: Record<Variant, N8n> = {
		with: await newN8n(setup, 'with-package', n8nEnv),
		without: await newN8n(setup, 'without-package', n8nEnv, { withPackage: false }),
	};
	say(`"with" n8n loads: ${(await instances.with.assertPackageLoaded()).join(', ')}`);
	const strays = (await instances.without.loadedNodeTypes()).filter((t) => t.startsWith(`${PACKAGE_NAME}.`));
	if (strays.length) throw new Error(`the "without" instance knows ${strays.join(', ')}`);
	say('"without" n8n: none of the package\'s node types');

	const loaderRuns = Array.from({ length: LOADER_RUNS }, () => timePackageLoader(instances.with));
	const loader = { scan: summarise(loaderRuns.map((r) => r.scanMs)), loadAll: summarise(loaderRuns.map((r) => r.loadAllMs)) };
	say(
		`n8n's loader on the package alone (${LOADER_RUNS} fresh processes): scan median ${Math.round(loader.scan.median)} ms, ` +
			`loadAll median ${Math.round(loader.loadAll.median)} ms (min ${Math.round(loader.loadAll.min)}, max ${Math.round(loader.loadAll.max)}); ` +
			`loaded ${loaderRuns[0].nodes.join(', ')} + ${loaderRuns[0].credentials.join(', ')}`,
	);

	say('\n--> unrecorded first start of each instance …');
	for (const variant of ['with', 'without'] as const) {
		const boot = await timeBoot(instances[variant], variant, -1);
		say(`  ${variant}: editor ${sec(boot.editorMs)}, readiness ${sec(boot.readinessMs)}`);
		await sleepMs(PAUSE_BETWEEN_BOOTS_MS);
	}

	say(`\n--> ${ROUNDS} rounds …`);
	const monitor = new ContentionMonitor();
	const boots: Boot[] = [];
	for (let round = 0; round < ROUNDS; round++) {
		const order: Variant[] = round % 2 === 0 ? ['with', 'without'] : ['without', 'with'];
		for (const variant of order) {
			const mark = monitor.mark();
			const boot = await timeBoot(instances[variant], variant, round);
			boot.contention = monitor.since(mark);
			boots.push(boot);
			say(
				`  round ${round + 1} ${variant.padEnd(7)}: editor ${sec(boot.editorMs)}, readiness ${sec(boot.readinessMs)}, init ${sec(boot.initMs)}; ` +
					`${describeContention(boot.contention)}${boot.packageProblems.length ? '  ** package errors in log **' : ''}`,
			);
			for (const p of boot.packageProblems.slice(0, 3)) say(`    ! ${p}`);
			await sleepMs(PAUSE_BETWEEN_BOOTS_MS);
		}
	}
	monitor.stop();

	const phases = {
		editorMs: { label: 'spawn → "Editor is now accessible" (headline)', of: (b: Boot) => b.editorMs },
		readinessMs: { label: 'spawn → /healthz/readiness 200', of: (b: Boot) => b.readinessMs },
		initToEditorMs: { label: '"Initializing n8n process" → editor (where nodes load)', of: (b: Boot) => b.editorMs - b.initMs },
		initMs: { label: 'spawn → "Initializing n8n process" (before any package code: an A/A check)', of: (b: Boot) => b.initMs },
	};
	const of = (variant: Variant, pick: (b: Boot) => number) => summarise(boots.filter((b) => b.variant === variant).map(pick));
	const figures = (Object.keys(phases) as Array<keyof typeof phases>).map((key) => {
		const w = of('with', phases[key].of);
		const wo = of('without', phases[key].of);
		return { key, with: w, without: wo, ratio: w.median / wo.median, pairedDiffMs: medianPairedDifference(boots, phases[key].of) };
	});
	say(`\n## Results (${ROUNDS} + ${ROUNDS} boots, interleaved)\n`);
	say(
		table(
			['measured', 'without: median (min–max)', 'with: median (min–max)', 'with / without', 'cost', 'paired: median of with − without per round'],
			figures.map((f) => [
				phases[f.key].label,
				`${sec(f.without.median)} (${sec(f.without.min)}–${sec(f.without.max)})`,
				`${sec(f.with.median)} (${sec(f.with.min)}–${sec(f.with.max)})`,
				f.ratio.toFixed(3),
				`${((f.ratio - 1) * 100).toFixed(1)}% (${Math.round(f.with.median - f.without.median)} ms)`,
				`${Math.round(f.pairedDiffMs)} ms`,
			]),
		),
	);
	const headline = figures[0];
	const cost = headline.ratio - 1;
	say('');
	say(`start-up cost of the package (editor line, medians): ${(cost * 100).toFixed(1)}% (target < ${COST_TARGET * 100}%: ${cost < COST_TARGET ? 'met' : 'MISSED'})`);
	say(`n8n's loader on the package alone: ${Math.round(loader.scan.median + loader.loadAll.median)} ms (scan + loadAll medians)`);
	const invalid = boots.filter((b) => b.packageProblems.length > 0);
	if (invalid.length) say(`\n** ${invalid.length} boot(s) logged errors about the package (INVALID) **`);
	if (boots.some((b) => b.contention?.contended)) say('\n** Measured on a shared machine: some boots were CONTENDED; compare with care. **');

	const out = path.join(setup.runDir, 'load-results.json');
	writeJson(out, { machine, rounds: ROUNDS, n8nEnv, boots, figures, loader, loaderRuns });
	say(`\nraw results: ${out}\nboot logs: ${instances.with.dir}/boot-*.log, ${instances.without.dir}/boot-*.log`);
	process.exitCode = invalid.length ? 1 : 0;
}

runBench('load', main);
