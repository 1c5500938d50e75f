/**
 * Shared plumbing of the benchmark scripts (bench/lookups.ts, bench/callbacks.ts):
 * the shared machine lock, machine facts for RESULTS.md, a real n8n with the packed
 * package, a fake PandaPon in its own process, reading n8n's SQLite database, and small
 * statistics/table helpers. Benchmarks print figures; they are not tests and assert
 * nothing beyond "the run was valid" (every request accepted, every item returned).
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { ensureN8n, killAllChildren, makeRunDir, N8N_VERSION, N8n, packProject, type N8nInstall } from '../test/e2e/n8n';

// ---------------------------------------------------------------------------------------
// The shared lock: e2e runs and benchmarks rebuild dist/ and load both cores.
// ---------------------------------------------------------------------------------------

export const LOCK_FILE = process.env.PANDAPON_LOCK_FILE || '/tmp/pandapon-e2e.lock';
const LOCKED_ENV = 'PANDAPON_BENCH_LOCKED';

function parentPid(pid: number): number | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
	} catch {
		return undefined;
	}
}

/** True when a process above us (e.g. `flock LOCK npm run bench:…`) already holds LOCK_FILE. */
function lockHeldByAncestor(): boolean {
	let inode: number;
	try {
		inode = fs.statSync(LOCK_FILE).ino;
	} catch {
		return false;
	}
	const holders = new Set<number>();
	try {
		for (const line of fs.readFileSync('/proc/locks', 'utf8').split('\n')) {
			// "1: FLOCK  ADVISORY  WRITE 12345 00:2f:678 0 EOF"
			const m = /^\d+:\s+\S+\s+\S+\s+\S+\s+(\d+)\s+[0-9a-f]+:[0-9a-f]+:(\d+)\s/i.exec(line);
			if (m && Number(m[2]) === inode) holders.add(Number(m[1]));
		}
	} catch {
		return false;
	}
	for (let pid: number | undefined = process.pid, depth = 0; pid && pid > 1 && depth < 30; depth++) {
		if (holders.has(pid)) return true;
		pid = parentPid(pid);
	}
	return false;
}

/**
 * Runs the rest of this script under `flock LOCK_FILE` (re-executing it), unless the lock is
 * already ours (an ancestor holds it) or PANDAPON_BENCH_NO_LOCK=1. Returns true when the
 * caller must stop (the locked copy has run and this process exits with its code).
 */
export async function reexecUnderLock(): Promise<boolean> {
	if (process.env[LOCKED_ENV] === '1' || process.env.PANDAPON_BENCH_NO_LOCK === '1') return false;
	if (lockHeldByAncestor()) return false;
	const free = spawnSync('flock', ['-n', LOCK_FILE, 'true']).status === 0;
	if (!free) process.stderr.write(`[bench] waiting for ${LOCK_FILE} (an e2e run or another bench holds it)…\n`);
	const child = spawn('flock', [LOCK_FILE, process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
		stdio: 'inherit',
		env: { ...process.env, [LOCKED_ENV]: '1' },
	});
	const forward = (signal: NodeJS.Signals) => child.kill(signal);
	process.on('SIGINT', forward);
	process.on('SIGTERM', forward);
	const code = await new Promise<number>((resolve) => child.on('close', (c, s) => resolve(c ?? (s ? 128 : 1))));
	process.exit(code);
}

// ---------------------------------------------------------------------------------------
// Machine facts
// ---------------------------------------------------------------------------------------

function isOurs(pid: number): boolean {
	for (let p: number | undefined = pid, depth = 0; p && p > 1 && depth < 30; depth++) {
		if (p === process.pid) return true;
		p = parentPid(p);
	}
	return false;
}

/** n8n processes that are not this benchmark's own (other engineers' e2e or CI runs). */
export function otherN8nProcesses(): string[] {
	const found: string[] = [];
	let entries: string[] = [];
	try {
		entries = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
	} catch {
		return found;
	}
	for (const pid of entries) {
		try {
			const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
			if (!/n8n\/bin\/n8n|node_modules\/\.bin\/n8n/.test(cmd) || isOurs(Number(pid))) continue;
			found.push(`${pid}: ${cmd.slice(0, 120)}`);
		} catch {
			/* gone */
		}
	}
	return found;
}

/**
 * Samples, once a second, how many foreign n8n processes run and the 1-minute load, so
 * each figure can say whether it was measured on a quiet machine. `since(mark)` gives the
 * worst seen since `mark()`.
 */
export class ContentionMonitor {
	private readonly samples: Array<{ at: number; others: number; load: number }> = [];
	private readonly timer: NodeJS.Timeout;

	constructor() {
		const sample = () => this.samples.push({ at: Date.now(), others: otherN8nProcesses().length, load: os.loadavg()[0] });
		sample();
		this.timer = setInterval(sample, 1000);
		this.timer.unref();
	}

	mark(): number {
		return Date.now();
	}

	since(mark: number): { maxOthers: number; maxLoad: number; contended: boolean } {
		// The last sample before `mark` too: the state at the start (a short figure may see no later sample).
		const before = this.samples.filter((s) => s.at < mark).slice(-1);
		const window = [...before, ...this.samples.filter((s) => s.at >= mark)];
		const maxOthers = Math.max(0, ...window.map((s) => s.others));
		const maxLoad = Math.max(0, ...window.map((s) => s.load));
		return { maxOthers, maxLoad: Math.round(maxLoad * 100) / 100, contended: maxOthers > 0 };
	}

	stop(): void {
		clearInterval(this.timer);
	}
}

export function describeContention(c: { maxOthers: number; maxLoad: number; contended: boolean }): string {
	return c.contended ? `CONTENDED: up to ${c.maxOthers} foreign n8n process(es) ran meanwhile, load up to ${c.maxLoad}` : `quiet (no foreign n8n process), load up to ${c.maxLoad}`;
}

export interface MachineInfo {
	date: string;
	cpus: number;
	cpuModel: string;
	ramGiB: number;
	driverNode: string;
	n8nVersion: string;
	n8nNode: string;
	loadAverage: string;
	otherN8nProcesses: number;
}

export function machineInfo(install: N8nInstall): MachineInfo {
	const n8nNode = spawnSync(install.node, ['-v'], { encoding: 'utf8' }).stdout.trim();
	let nproc = os.cpus().length;
	const r = spawnSync('nproc', [], { encoding: 'utf8' });
	if (r.status === 0) nproc = Number(r.stdout.trim()) || nproc;
	return {
		date: new Date().toISOString(),
		cpus: nproc,
		cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown',
		ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
		driverNode: process.version,
		n8nVersion: install.version,
		n8nNode,
		loadAverage: os
			.loadavg()
			.map((l) => l.toFixed(2))
			.join(' '),
		otherN8nProcesses: otherN8nProcesses().length,
	};
}

export function describeMachine(m: MachineInfo): string {
	return [
		`date ${m.date}`,
		`${m.cpus} CPU(s) (nproc), ${m.cpuModel}, ${m.ramGiB} GiB RAM`,
		`bench driver Node ${m.driverNode}; n8n ${m.n8nVersion} on Node ${m.n8nNode}`,
		`load average at start ${m.loadAverage}; other n8n processes at start: ${m.otherN8nProcesses}`,
	].join('\n');
}

// ---------------------------------------------------------------------------------------
// A real n8n with the packed package
// ---------------------------------------------------------------------------------------

export interface BenchSetup {
	install: N8nInstall;
	runDir: string;
	tarball: string;
}

/** ensure-n8n, then `npm run build` + `npm pack` (under the lock: it rewrites dist/). */
export async function prepareBench(kind: string): Promise<BenchSetup> {
	const install = await ensureN8n(N8N_VERSION, { log: (line) => say(`  ${line}`) });
	const runDir = makeRunDir(`bench-${kind}`, 3);
	say(`run folder (n8n user folders, logs): ${runDir}`);
	// BENCH_SKIP_BUILD=1 packs the dist/ that is there (for quick diagnostic re-runs).
	const build = process.env.BENCH_SKIP_BUILD !== '1';
	say(build ? 'npm run build && npm pack …' : 'npm pack (BENCH_SKIP_BUILD=1: dist/ as it is) …');
	const tarball = await packProject(runDir, { build, log: path.join(runDir, 'build.log') });
	return { install, runDir, tarball };
}

/** A fresh n8n user folder; with the packed package installed unless `withPackage` is false. */
export async function newN8n(setup: BenchSetup, label: string, env?: Record<string, string>, opts: { withPackage?: boolean } = {}): Promise<N8n> {
	const tarball = opts.withPackage === false ? undefined : setup.tarball;
	return await N8n.create({ install: setup.install, tarball, root: setup.runDir, label, env });
}

/** BENCH_N8N_ENV ("K=V K2=V2" or comma-separated) as an env object for n8n. */
export function benchN8nEnv(): Record<string, string> {
	const env: Record<string, string> = {};
	for (const pair of (process.env.BENCH_N8N_ENV ?? '').split(/[\s,]+/).filter(Boolean)) {
		const [key, ...value] = pair.split('=');
		env[key] = value.join('=');
	}
	return env;
}

// ---------------------------------------------------------------------------------------
// Memory of a running process (Linux /proc)
// ---------------------------------------------------------------------------------------

/** A `VmXxx:  1234 kB` field of /proc/<pid>/status in MiB, or NaN when the process is gone. */
export function procStatusMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
	try {
		const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) / 1024 : NaN;
	} catch {
		return NaN;
	}
}

/** Resets the kernel's peak-RSS mark (VmHWM) of a process to its current RSS; false if refused. */
export function resetPeakRss(pid: number): boolean {
	try {
		fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/** Samples a process's VmRSS every `intervalMs` until stopped; keeps the peak and every sample. */
export class RssSampler {
	private readonly samples: Array<{ at: number; mib: number }> = [];
	private readonly timer: NodeJS.Timeout;

	constructor(
		private readonly pid: number,
		intervalMs = 50,
	) {
		const sample = () => {
			const mib = procStatusMiB(pid, 'VmRSS');
			if (Number.isFinite(mib)) this.samples.push({ at: Date.now(), mib });
		};
		sample();
		this.timer = setInterval(sample, intervalMs);
	}

	stop(): { peakMiB: number; samples: number; hwmMiB: number; trace: Array<{ at: number; mib: number }> } {
		clearInterval(this.timer);
		return {
			peakMiB: Math.max(...this.samples.map((s) => s.mib)),
			samples: this.samples.length,
			hwmMiB: procStatusMiB(this.pid, 'VmHWM'),
			trace: this.samples,
		};
	}
}

/**
 * The pid of the `n8n start` process of an instance: the process that runs n8n's CLI with
 * `start` in the instance's folder (N8n.start runs it there). n8n's task runner, a child of
 * it, is not this process.
 */
export function n8nServerPid(n8n: N8n): number | undefined {
	for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
		try {
			const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
			if (args[1] !== n8n.install.cli || args[2] !== 'start') continue;
			if (fs.readlinkSync(`/proc/${pid}/cwd`) === n8n.dir) return Number(pid);
		} catch {
			/* gone or not ours */
		}
	}
	return undefined;
}

/**
 * Runs a small script with n8n's own Node and node_modules (sqlite3, flatted) against this
 * instance's database.sqlite; `script` reads process.argv[1] (the db) and [2..]; prints JSON.
 */
export function queryDb<T>(n8n: N8n, script: string, args: string[] = []): T {
	const db = path.join(n8n.userFolder, '.n8n', 'database.sqlite');
	const r = spawnSync(n8n.install.node, ['-e', script, db, ...args], {
		encoding: 'utf8',
		maxBuffer: 512 * 1024 * 1024,
		env: { PATH: process.env.PATH ?? '', NODE_PATH: path.join(n8n.install.dir, 'node_modules') },
	});
	if (r.status !== 0) throw new Error(`database query failed (exit ${r.status}): ${r.stderr}`);
	return JSON.parse(r.stdout) as T;
}

// ---------------------------------------------------------------------------------------
// Fake PandaPon in its own process (bench/fakeServer.ts)
// ---------------------------------------------------------------------------------------

export interface FakeStats {
	total: number;
	accepted: number;
	rejected: number;
	rejections: string[];
	acceptedByPath: Record<string, number>;
	/** Most requests the fake had open at the same moment. */
	peakInFlight: number;
	/** New connections (with HTTPS: TLS handshakes). */
	connections: number;
	/** Requests answered 429 (BENCH_LIMIT_IN_FLIGHT). */
	throttled: number;
	/** First request arrival to last response finished, ms (fake's clock). */
	spanMs: number;
	firstAt: number;
	lastDoneAt: number;
	/** Per-request time at the fake, request event to response finished. */
	service: { count: number; medianMs: number; p90Ms: number; maxMs: number; totalMs: number };
	/** Page number and size of every accepted paged request, in arrival order. */
	pageRequests: Array<{ path: string; page: number; size: number }>;
}

/** The IDs one seeded Taobao refund carries on the wire, as digit strings. */
export interface RefundKeys {
	refundId: string;
	purchaseOrderId: string;
	salesOrderId: string;
	purchaseOrderLineId: string;
}

export interface FakeProcess {
	url: string;
	credentials: { accessKey: string; accessSecret: string; userId: string };
	pid: number;
	stats(): Promise<FakeStats>;
	/** The seeded Taobao refunds' IDs (what a Return All must deliver). */
	refundKeys(): Promise<RefundKeys[]>;
	reset(): Promise<void>;
	stop(): Promise<void>;
}

export interface FakeProcessOptions {
	seedRefunds?: number;
	seedTaobaoOrders?: number;
	/** Simulated response time per request. */
	latencyMs?: number;
	/** Simulated set-up time per new connection (HTTPS only). */
	connectLatencyMs?: number;
	/** Answer 429 beyond this many requests in flight. */
	limitInFlight?: number;
	tls?: SelfSignedCertificate;
}

export interface SelfSignedCertificate {
	keyFile: string;
	certFile: string;
}

/** A throw-away certificate for 127.0.0.1, made with the machine's openssl. */
export function selfSignedCertificate(dir: string): SelfSignedCertificate {
	const keyFile = path.join(dir, 'fake-key.pem');
	const certFile = path.join(dir, 'fake-cert.pem');
	const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2'];
	const r = spawnSync('openssl', [...args, '-keyout', keyFile, '-out', certFile, '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`openssl could not make the bench certificate: ${r.stderr}`);
	return { keyFile, certFile };
}

/**
 * Forks bench/fakeServer.ts. `seedTaobaoOrders: 0` gives every seeded refund its own
 * order IDs (see fakeServer.ts); the default 25 shares the seeded orders' IDs.
 */
export async function startFakeProcess(opts: FakeProcessOptions = {}): Promise<FakeProcess> {
	const child: ChildProcess = fork(path.join(__dirname, 'fakeServer.js'), [], {
		env: {
			...process.env,
			BENCH_FAKE_SEED_REFUNDS: String(opts.seedRefunds ?? 25),
			BENCH_FAKE_SEED_TAOBAO_ORDERS: String(opts.seedTaobaoOrders ?? 25),
			BENCH_FAKE_LATENCY_MS: String(opts.latencyMs ?? 0),
			BENCH_FAKE_CONNECT_LATENCY_MS: String(opts.connectLatencyMs ?? 0),
			BENCH_FAKE_LIMIT_IN_FLIGHT: String(opts.limitInFlight ?? 0),
			BENCH_FAKE_TLS_KEY: opts.tls?.keyFile ?? '',
			BENCH_FAKE_TLS_CERT: opts.tls?.certFile ?? '',
		},
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	let nextId = 1;
	const pending = new Map<number, (reply: Record<string, unknown>) => void>();
	let ready: (msg: Record<string, unknown>) => void;
	const readyP = new Promise<Record<string, unknown>>((resolve) => (ready = resolve));
	child.on('message', (msg: Record<string, unknown>) => {
		if (msg.type === 'ready') return ready(msg);
		const resolve = pending.get(msg.id as number);
		if (resolve) {
			pending.delete(msg.id as number);
			resolve(msg);
		}
	});
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
	const hello = await Promise.race([readyP, exited.then(() => undefined)]);
	clearTimeout(timeout);
	if (!hello) throw new Error('the fake PandaPon process exited before it was ready');
	process.once('exit', () => child.kill('SIGKILL'));
	const call = (cmd: string) =>
		new Promise<Record<string, unknown>>((resolve) => {
			const id = nextId++;
			pending.set(id, resolve);
			child.send({ id, cmd });
		});
	return {
		url: hello.url as string,
		credentials: hello.credentials as FakeProcess['credentials'],
		pid: child.pid!,
		stats: async () => (await call('stats')).stats as FakeStats,
		refundKeys: async () => (await call('refundKeys')).refunds as RefundKeys[],
		reset: async () => void (await call('reset')),
		stop: async () => {
			child.send({ id: 0, cmd: 'close' });
			const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
			await exited;
			clearTimeout(t);
		},
	};
}

// ---------------------------------------------------------------------------------------
// Output, statistics
// ---------------------------------------------------------------------------------------

export function say(line = ''): void {
	process.stdout.write(`${line}\n`);
}

/** Nearest-rank percentile of unsorted values (p in 0..100). */
export function percentile(values: number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
	return sorted[Math.min(sorted.length, rank) - 1];
}

export function median(values: number[]): number {
	return percentile(values, 50);
}

export const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)} ms` : 'n/a');

/** A Markdown table (also readable in a terminal). */
export function table(header: string[], rows: Array<Array<string | number>>): string {
	const cells = [header, ...rows.map((r) => r.map(String))];
	const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
	const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

export function writeJson(file: string, value: unknown): void {
	fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

export const sleepMs = (t: number) => new Promise<void>((resolve) => setTimeout(resolve, t));

/**
 * Runs a bench script's main. A failure exits at once, after killing every child: the
 * forked fake's IPC channel would otherwise keep this process, and the machine lock, alive.
 */
export function runBench(name: string, main: () => Promise<void>): void {
	main()
		.catch((error: unknown) => {
			process.stderr.write(`bench/${name} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
			killAllChildren();
			process.exit(1);
		})
		.finally(() => killAllChildren());
}
