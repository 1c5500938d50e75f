/**
 * Drives a REAL n8n (the CLI of a cached install, run with the Node it needs) for the
 * end-to-end suite and the demo. Nothing here depends on jest, so `scripts/demo.ts`
 * uses the same code (compiled by tsconfig.scripts.json).
 *
 * Flow: ensureN8n() -> packProject() -> N8n.create({ tarball }) (fresh N8N_USER_FOLDER
 * with the package installed the way n8n installs community packages) ->
 * importCredential / importWorkflow -> executeWorkflow (or start() for webhook tests).
 */
import { spawn, type ChildProcess } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export const N8N_VERSION = process.env.PANDAPON_E2E_N8N_VERSION || '2.41.1';

/** The major version of an n8n version string ("1.123.81" -> 1). */
export function n8nMajor(version: string): number {
	return Number(/^(\d+)/.exec(version)?.[1] ?? NaN);
}
export const PACKAGE_NAME = 'n8n-nodes-pandapon';

// ---------------------------------------------------------------------------------------
// Paths and small utilities
// ---------------------------------------------------------------------------------------

/** The project root: the nearest folder above this file whose package.json is ours. */
export function projectRoot(): string {
	let dir = __dirname;
	for (;;) {
		const pj = path.join(dir, 'package.json');
		if (fs.existsSync(pj)) {
			try {
				if (JSON.parse(fs.readFileSync(pj, 'utf8')).name === PACKAGE_NAME) return dir;
			} catch {
				/* keep looking */
			}
		}
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} project root above ${__dirname}`);
		dir = parent;
	}
}

/** A fresh temp folder `<tmp>/n8n-nodes-pandapon-<kind>/<timestamp>-<rand>`; older runs beyond `keep` are pruned. */
export function makeRunDir(kind: string, keep = 5): string {
	const base = path.join(os.tmpdir(), `${PACKAGE_NAME}-${kind}`);
	fs.mkdirSync(base, { recursive: true });
	const existing = fs
		.readdirSync(base)
		.filter((n) => /^\d{8}T\d{6}-/.test(n))
		.sort();
	for (const old of existing.slice(0, Math.max(0, existing.length - (keep - 1)))) {
		fs.rmSync(path.join(base, old), { recursive: true, force: true });
	}
	const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
	const dir = path.join(base, `${stamp}-${randomBytes(3).toString('hex')}`);
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}

/** A 16-character id of the shape n8n uses for workflows and credentials. */
export function n8nId(prefix = ''): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = randomBytes(16);
	let id = prefix.replace(/[^A-Za-z0-9]/g, '');
	for (let i = 0; id.length < 16; i++) id += alphabet[bytes[i % 16] % alphabet.length];
	return id.slice(0, 16);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Execution statuses after which n8n will not touch the execution again. */
const FINISHED_STATUSES = new Set(['success', 'error', 'crashed', 'canceled', 'unknown']);

/** Ports this process has handed out: the OS may offer a just-closed port again. */
const portsHandedOut = new Set<number>();

/** A loopback port nothing listens on, never one this process handed out before. */
export async function freePort(): Promise<number> {
	for (;;) {
		const port = await unusedPort();
		if (!portsHandedOut.has(port)) {
			portsHandedOut.add(port);
			return port;
		}
	}
}

async function unusedPort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

function tail(text: string, lines = 60): string {
	return text.split('\n').slice(-lines).join('\n');
}

export function tailFile(file: string, lines = 60): string {
	try {
		return tail(fs.readFileSync(file, 'utf8'), lines);
	} catch {
		return `(no log at ${file})`;
	}
}

/** Runs a command, streaming its output to `log` (a file) and collecting it; rejects on a non-zero exit. */
async function runCommand(
	cmd: string,
	args: string[],
	opts: { cwd?: string; env?: NodeJS.ProcessEnv; log?: string; timeoutMs?: number; label?: string } = {},
): Promise<{ stdout: string; stderr: string }> {
	const label = opts.label ?? [cmd, ...args].join(' ');
	if (opts.log) fs.appendFileSync(opts.log, `\n=== ${new Date().toISOString()} ${label}\n`);
	const child = track(spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, detached: true }));
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', (d: Buffer) => {
		stdout += d.toString();
		if (opts.log) fs.appendFileSync(opts.log, d);
	});
	child.stderr!.on('data', (d: Buffer) => {
		stderr += d.toString();
		if (opts.log) fs.appendFileSync(opts.log, d);
	});
	const code = await waitForExit(child, opts.timeoutMs ?? 600_000);
	if (code !== 0) {
		throw new Error(
			`${label} failed (${code === null ? 'timed out' : `exit ${code}`})` +
				`\n--- stdout (tail) ---\n${tail(stdout, 30)}\n--- stderr (tail) ---\n${tail(stderr, 30)}`,
		);
	}
	return { stdout, stderr };
}

// ---------------------------------------------------------------------------------------
// Child-process bookkeeping: every process we start runs in its own process group and is
// killed (the whole group: n8n spawns a task runner) when it is stopped or when we exit.
// ---------------------------------------------------------------------------------------

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;
/** When set, the pid of every started process group is appended here (for a teardown that outlives a crashed test). */
export const PID_FILE_ENV = 'PANDAPON_E2E_PID_FILE';

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}

function track(child: ChildProcess): ChildProcess {
	liveChildren.add(child);
	child.once('exit', () => liveChildren.delete(child));
	if (child.pid !== undefined && process.env[PID_FILE_ENV]) {
		try {
			fs.appendFileSync(process.env[PID_FILE_ENV]!, `${child.pid}\n`);
		} catch {
			/* best effort */
		}
	}
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.once('exit', killAllChildren);
	}
	return child;
}

/** Synchronously SIGKILLs every process group this module started that is still running. */
export function killAllChildren(): void {
	for (const child of liveChildren) killGroup(child, 'SIGKILL');
	liveChildren.clear();
}

/** Resolves with the exit code, or null after killing the group when `timeoutMs` passes. */
async function waitForExit(child: ChildProcess, timeoutMs: number): Promise<number | null> {
	if (child.exitCode !== null) return child.exitCode;
	return await new Promise((resolve) => {
		const timer = setTimeout(() => {
			killGroup(child, 'SIGKILL');
			resolve(null);
		}, timeoutMs);
		child.once('error', () => {
			clearTimeout(timer);
			resolve(-1);
		});
		child.once('close', (code, signal) => {
			clearTimeout(timer);
			resolve(code ?? (signal ? 128 : -1));
		});
	});
}

/** Resolves with the exit code when the child ends (no timer, so it never holds the event loop). */
function exitPromise(child: ChildProcess): Promise<number | null> {
	if (child.exitCode !== null) return Promise.resolve(child.exitCode);
	return new Promise((resolve) => {
		child.once('error', () => resolve(-1));
		child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : -1)));
	});
}

/** Command lines of the live processes in a process group (Linux /proc; empty elsewhere). */
function groupMembers(pgid: number): string[] {
	const members: string[] = [];
	let entries: string[] = [];
	try {
		entries = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
	} catch {
		return members;
	}
	for (const pid of entries) {
		try {
			const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			// Fields after the ")" that closes the command name: state ppid pgrp ...
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) !== pgid || fields[0] === 'Z') continue;
			const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
			members.push(`${pid}: ${cmd.slice(0, 200)}`);
		} catch {
			/* exited meanwhile */
		}
	}
	return members;
}

/** Kills the process groups listed in a pid file (written via PID_FILE_ENV) that still have live members. */
export function killPidsFromFile(file: string): string[] {
	if (!fs.existsSync(file)) return [];
	const killed: string[] = [];
	for (const pid of new Set(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number))) {
		try {
			process.kill(-pid, 0);
		} catch {
			continue; // no such group
		}
		const members = groupMembers(pid);
		if (members.length === 0 && fs.existsSync('/proc')) continue; // only zombies left
		try {
			process.kill(-pid, 'SIGKILL');
			killed.push(`group ${pid} (${members.join('; ') || 'unknown members'})`);
		} catch {
			/* gone meanwhile */
		}
	}
	return killed;
}

/** A helper process started with spawnService (e.g. a database server for the queue-mode test). */
export interface ServiceProcess {
	child: ChildProcess;
	/** Resolves with the exit code when the process ends. */
	exited: Promise<number | null>;
	/** `signal` to the process group, SIGKILL after `graceMs`; resolves when it has ended. Safe to call twice. */
	stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/**
 * Starts a process in its own process group, output appended to `logFile`, tracked like
 * the n8n processes (killed when this process exits; recorded for globalTeardown). `uid` /
 * `gid` run it as another user (needs root), e.g. PostgreSQL, which refuses to run as root.
 */
export function spawnService(
	cmd: string,
	args: string[],
	opts: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string; uid?: number; gid?: number; label?: string },
): ServiceProcess {
	fs.appendFileSync(opts.logFile, `\n=== ${new Date().toISOString()} ${opts.label ?? [cmd, ...args].join(' ')}\n`);
	const log = fs.openSync(opts.logFile, 'a');
	const child = track(
		spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, detached: true, stdio: ['ignore', log, log], uid: opts.uid, gid: opts.gid }),
	);
	fs.closeSync(log);
	const exited = exitPromise(child);
	return {
		child,
		exited,
		async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000) {
			if (child.exitCode === null && child.signalCode === null) {
				killGroup(child, signal);
				const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
				await exited;
				clearTimeout(timer);
			}
			killGroup(child, 'SIGKILL');
		},
	};
}

// ---------------------------------------------------------------------------------------
// Install n8n (cached) and pack this project
// ---------------------------------------------------------------------------------------

export interface N8nInstall {
	dir: string;
	version: string;
	/** The Node binary n8n runs on (Node 24 for n8n 2.x). */
	node: string;
	/** n8n's CLI entry (node_modules/n8n/bin/n8n). */
	cli: string;
}

function describeInstall(dir: string, version: string): N8nInstall {
	const node = path.join(dir, 'node_modules', '.bin', 'node');
	const cli = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	for (const f of [node, cli]) if (!fs.existsSync(f)) throw new Error(`n8n install at ${dir} is incomplete: ${f} missing`);
	return { dir, version, node, cli };
}

/** Runs scripts/ensure-n8n.sh (a no-op when cached; minutes on the first run). Its progress goes to stderr. */
export async function ensureN8n(version = N8N_VERSION, opts: { log?: (line: string) => void } = {}): Promise<N8nInstall> {
	const script = path.join(projectRoot(), 'scripts', 'ensure-n8n.sh');
	const child = track(spawn('bash', [script, version], { stdio: ['ignore', 'pipe', 'pipe'], detached: true }));
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
	child.stderr!.on('data', (d: Buffer) => {
		stderr += d.toString();
		for (const line of d.toString().split('\n')) if (line.trim()) opts.log?.(line);
	});
	const code = await waitForExit(child, 30 * 60_000);
	if (code !== 0) throw new Error(`scripts/ensure-n8n.sh ${version} failed (exit ${code}):\n${tail(stderr, 40)}`);
	const dir = stdout.trim().split('\n').pop()!;
	return describeInstall(dir, version);
}

/**
 * `npm run build` (unless build=false) and `npm pack` into destDir; returns the tarball path.
 * The project's .npmrc sets ignore-scripts, and the package has no pack lifecycle scripts.
 */
export async function packProject(destDir: string, opts: { build?: boolean; log?: string } = {}): Promise<string> {
	const root = projectRoot();
	fs.mkdirSync(destDir, { recursive: true });
	if (opts.build !== false) await runCommand('npm', ['run', 'build'], { cwd: root, log: opts.log, timeoutMs: 300_000 });
	const { stdout } = await runCommand('npm', ['pack', '--json', '--pack-destination', destDir], {
		cwd: root,
		log: opts.log,
		timeoutMs: 120_000,
	});
	const info = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ filename: string }>;
	const tarball = path.join(destDir, path.basename(info[0].filename));
	if (!fs.existsSync(tarball)) throw new Error(`npm pack reported ${info[0].filename} but ${tarball} does not exist`);
	return tarball;
}

/**
 * Installs a packed community package into `<userFolder>/.n8n/nodes` exactly as n8n 2.41's
 * CommunityPackagesService.downloadPackage does: unpack into nodes/node_modules/<name>,
 * drop devDependencies/peerDependencies/optionalDependencies from the unpacked
 * package.json (so npm never pulls a second n8n-workflow next to n8n's own), run
 * `npm install --install-strategy=shallow --ignore-scripts --package-lock=false` inside
 * the package folder (installs runtime dependencies; ours has none), and record it in
 * nodes/package.json. n8n then finds it by scanning nodes/node_modules/n8n-nodes-* at boot.
 */
export async function installCommunityPackage(
	install: N8nInstall,
	userFolder: string,
	tarball: string,
	log?: string,
): Promise<string> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(path.join(nodesDir, 'node_modules'), { recursive: true });
	const nodesPkgJson = path.join(nodesDir, 'package.json');
	const nodesPkg = fs.existsSync(nodesPkgJson)
		? JSON.parse(fs.readFileSync(nodesPkgJson, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} as Record<string, string> };

	const staging = fs.mkdtempSync(path.join(nodesDir, '.unpack-'));
	await runCommand('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1'], { log });
	const pkgJsonPath = path.join(staging, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(
		fs.readFileSync(pkgJsonPath, 'utf8'),
	);
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	fs.writeFileSync(pkgJsonPath, JSON.stringify(pkg, null, 2));
	const target = path.join(nodesDir, 'node_modules', pkg.name);
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.rmSync(target, { recursive: true, force: true });
	fs.renameSync(staging, target);
	fs.chmodSync(target, 0o755);

	const env = n8nToolEnv(install);
	await runCommand(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: target, env, log, timeoutMs: 300_000 },
	);
	nodesPkg.dependencies = { ...(nodesPkg.dependencies ?? {}), [pkg.name]: pkg.version };
	fs.writeFileSync(nodesPkgJson, JSON.stringify(nodesPkg, null, 2));

	// A second n8n-workflow reachable from the package would shadow n8n's own copy
	// (instanceof checks on NodeApiError etc. would then fail inside n8n).
	const stray = [path.join(target, 'node_modules', 'n8n-workflow'), path.join(nodesDir, 'node_modules', 'n8n-workflow')];
	for (const s of stray) if (fs.existsSync(s)) throw new Error(`installing ${pkg.name} pulled a second n8n-workflow into ${s}`);
	return target;
}

/** Environment for npm/node commands that should use the cached Node (first on PATH). */
function n8nToolEnv(install: N8nInstall): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) {
		// Our own parent may be jest or an `npm run` script: do not leak their settings into n8n.
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|NODE_OPTIONS$|NODE_ENV$|JEST_|npm_)/.test(k)) continue;
		env[k] = v;
	}
	env.PATH = `${path.dirname(install.node)}${path.delimiter}${process.env.PATH ?? ''}`;
	return env;
}

// ---------------------------------------------------------------------------------------
// Results of `n8n execute`
// ---------------------------------------------------------------------------------------

export interface LogEntry {
	level: string;
	message: string;
	metadata?: Record<string, unknown>;
}

export interface NodeRunError {
	message?: string;
	description?: string;
	httpCode?: string;
	name?: string;
	[key: string]: unknown;
}

export interface NodeRun {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
	error?: NodeRunError;
}

/** The parts of n8n's IRun that tests look at (the whole object is in `raw`). */
export interface ExecutionResult {
	status: string;
	finished: boolean;
	/** The workflow-level error, when the execution failed. */
	error?: NodeRunError & { node?: { name?: string; type?: string } };
	lastNodeExecuted?: string;
	runData: Record<string, NodeRun[]>;
	/** JSON of the items a node put on its first output in its first run. */
	output(nodeName: string): Array<Record<string, unknown>>;
	/** The error of a node's first run, if any. */
	nodeError(nodeName: string): NodeRunError | undefined;
	raw: Record<string, unknown>;
	exitCode: number | null;
}

/** Thrown when n8n did not load this package (unknown node or credential type, loader error). */
export class PackageNotLoadedError extends Error {
	constructor(detail: string, logTail: string) {
		super(
			`n8n did NOT load the ${PACKAGE_NAME} package: ${detail}\n` +
				'Check that package.json "n8n.nodes"/"n8n.credentials" point at built files in dist/ ' +
				'and that the package is installed under $N8N_USER_FOLDER/.n8n/nodes/node_modules.\n' +
				`--- n8n log (tail) ---\n${logTail}`,
		);
		this.name = 'PackageNotLoadedError';
	}
}

const NOT_LOADED_PATTERNS: RegExp[] = [
	/Unrecognized node type:?\s*"?n8n-nodes-pandapon\.[\w.]+/i,
	/Unrecognized credential type:?\s*"?pandaPon\w*/i,
	/(unknown|unrecognized) credential(s)? type[^\n]*pandaPon\w*/i,
	/Credential type[^\n]*pandaPon\w*[^\n]*(not known|not found|unknown|does not exist)/i,
	/No (node|credential)s? (type )?[^\n]*(n8n-nodes-pandapon|pandaPon\w*)[^\n]*(found|known)/i,
	/Failed to load package "n8n-nodes-pandapon"/i,
	/Skipping package[^\n]*n8n-nodes-pandapon/i,
	/nodes package n8n-nodes-pandapon is already loaded/i,
];

function findNotLoaded(text: string): string | undefined {
	for (const re of NOT_LOADED_PATTERNS) {
		const m = re.exec(text);
		if (m) return m[0];
	}
	return undefined;
}

function buildResult(raw: Record<string, unknown>, exitCode: number | null): ExecutionResult {
	const data = (raw.data ?? {}) as { resultData?: Record<string, unknown> };
	const resultData = (data.resultData ?? {}) as {
		runData?: Record<string, NodeRun[]>;
		error?: ExecutionResult['error'];
		lastNodeExecuted?: string;
	};
	const runData = resultData.runData ?? {};
	return {
		status: String(raw.status ?? (resultData.error ? 'error' : 'success')),
		finished: Boolean(raw.finished),
		error: resultData.error,
		lastNodeExecuted: resultData.lastNodeExecuted,
		runData,
		output(nodeName) {
			const runs = runData[nodeName];
			if (!runs) {
				throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(runData).join(', ') || '(none)'}`);
			}
			return (runs[0]?.data?.main?.[0] ?? []).map((item) => item.json);
		},
		nodeError(nodeName) {
			return runData[nodeName]?.[0]?.error;
		},
		raw,
		exitCode,
	};
}

// ---------------------------------------------------------------------------------------
// One n8n instance (= one N8N_USER_FOLDER)
// ---------------------------------------------------------------------------------------

export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	/** Plain object; n8n encrypts it on import. */
	data: Record<string, unknown>;
}

export interface WorkflowJson {
	id: string;
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface CommandResult {
	exitCode: number | null;
	stdout: string;
	stderr: string;
	entries: LogEntry[];
}

export interface CreateOptions {
	install: N8nInstall;
	/** Packed tarball of this project to install; omit to start an n8n without it. */
	tarball?: string;
	/** Parent folder; the instance gets `<root>/<label>/` with `n8n-user/` and `n8n.log`. */
	root: string;
	label?: string;
	/** Extra env for every n8n command (e.g. N8N_LOG_LEVEL=debug). */
	env?: Record<string, string>;
}

export class N8n {
	readonly dir: string;
	readonly userFolder: string;
	readonly logFile: string;
	readonly install: N8nInstall;
	private readonly extraEnv: Record<string, string>;
	private server?: { child: ChildProcess; port: number; exited: Promise<number | null> };

	private constructor(opts: CreateOptions) {
		this.install = opts.install;
		this.dir = path.join(opts.root, opts.label ?? 'n8n');
		this.userFolder = path.join(this.dir, 'n8n-user');
		this.logFile = path.join(this.dir, 'n8n.log');
		this.extraEnv = opts.env ?? {};
		fs.mkdirSync(this.userFolder, { recursive: true });
	}

	/** A fresh N8N_USER_FOLDER, with the packed project installed as a community package. */
	static async create(opts: CreateOptions): Promise<N8n> {
		const n8n = new N8n(opts);
		if (opts.tarball) await installCommunityPackage(n8n.install, n8n.userFolder, opts.tarball, n8n.logFile);
		return n8n;
	}

	/** Where the package sits in this instance's user folder. */
	get packageDir(): string {
		return path.join(this.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	}

	/** The env every n8n command of this instance runs with. */
	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		return {
			...n8nToolEnv(this.install),
			N8N_USER_FOLDER: this.userFolder,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_REINSTALL_MISSING_PACKAGES: 'false',
			N8N_PUBLIC_API_DISABLED: 'true',
			DB_TYPE: 'sqlite',
			DB_SQLITE_POOL_SIZE: '2',
			GENERIC_TIMEZONE: 'UTC',
			TZ: 'UTC',
			// One JSON object per log line: lets us pick the run data out of `execute` robustly.
			N8N_LOG_FORMAT: 'json',
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			NO_COLOR: '1',
			...this.extraEnv,
			...extra,
		};
	}

	/** Runs `n8n <args>` to completion; its output is appended to the instance log. Never throws on exit codes. */
	async run(args: string[], opts: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CommandResult> {
		// The task-runner broker binds a port even for CLI commands: give each run its own.
		const env = this.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...(opts.env ?? {}) });
		fs.appendFileSync(this.logFile, `\n=== ${new Date().toISOString()} n8n ${args.join(' ')}\n`);
		const child = track(spawn(this.install.node, [this.install.cli, ...args], { cwd: this.dir, env, detached: true }));
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (d: Buffer) => {
			stdout += d.toString();
			fs.appendFileSync(this.logFile, d);
		});
		child.stderr!.on('data', (d: Buffer) => {
			stderr += d.toString();
			fs.appendFileSync(this.logFile, d);
		});
		const exitCode = await waitForExit(child, opts.timeoutMs ?? 180_000);
		// n8n's task runner (same process group) outlives the CLI by a second or two: end it now.
		killGroup(child, 'SIGKILL');
		fs.appendFileSync(this.logFile, `=== exit ${exitCode === null ? 'TIMEOUT (killed)' : exitCode}\n`);
		const result = { exitCode, stdout, stderr, entries: parseLogLines(stdout + '\n' + stderr) };
		const notLoaded = findNotLoaded(stdout + '\n' + stderr);
		if (notLoaded) throw new PackageNotLoadedError(notLoaded, this.logTail());
		return result;
	}

	/** Runs a command and throws (with the log tail) unless it exited 0 without logging an error. */
	private async runOk(args: string[], what: string, timeoutMs?: number): Promise<CommandResult> {
		const res = await this.run(args, { timeoutMs });
		const errors = res.entries.filter((e) => e.level === 'error');
		if (res.exitCode !== 0 || errors.length > 0) {
			throw new Error(
				`${what} failed (n8n ${args.join(' ')} -> ${res.exitCode === null ? 'timeout' : `exit ${res.exitCode}`})` +
					(errors.length ? `: ${errors.map((e) => e.message).join(' | ')}` : '') +
					`\n--- n8n log (tail) ---\n${this.logTail()}`,
			);
		}
		return res;
	}

	private writeInput(name: string, content: unknown): string {
		const file = path.join(this.dir, name);
		fs.writeFileSync(file, JSON.stringify(content, null, 2), { mode: 0o600 });
		return file;
	}

	/** `n8n import:credentials` for one credential (see importCredentials). */
	async importCredential(cred: CredentialImport): Promise<void> {
		await this.importCredentials([cred]);
	}

	/**
	 * `n8n import:credentials` (one n8n boot for all of them). n8n encrypts the plain `data`
	 * on import; the plain-text input file is deleted right afterwards. Note that n8n 2.41
	 * imports a credential of an unknown type without complaint: only using it fails.
	 */
	async importCredentials(creds: CredentialImport[]): Promise<void> {
		const file = this.writeInput(`credentials-${creds[0]?.id ?? 'none'}.json`, creds);
		try {
			await this.runOk(['import:credentials', `--input=${file}`], `importing credential(s) ${creds.map((c) => `"${c.name}"`).join(', ')}`);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/** `n8n import:workflow` for one workflow. */
	async importWorkflow(workflow: WorkflowJson): Promise<void> {
		await this.importWorkflows([workflow]);
	}

	/** `n8n import:workflow` (one n8n boot for all of them); the input file is kept next to the log. */
	async importWorkflows(workflows: WorkflowJson[]): Promise<void> {
		const file = this.writeInput(
			`workflows-${workflows[0]?.id ?? 'none'}.json`,
			workflows.map((w) => ({ active: false, settings: { executionOrder: 'v1' }, pinData: {}, ...w })),
		);
		await this.runOk(['import:workflow', `--input=${file}`], `importing workflow(s) ${workflows.map((w) => `"${w.name}"`).join(', ')}`);
	}

	/** The n8n major version of this instance's install (1 or 2). */
	get majorVersion(): number {
		return n8nMajor(this.install.version);
	}

	/**
	 * Makes a trigger/webhook workflow active on the next `start`: `n8n publish:workflow` on
	 * n8n 2.x; n8n 1.x has no publishing (a workflow is simply active or not), so there it is
	 * `n8n update:workflow --active=true`.
	 */
	async publishWorkflow(id: string): Promise<void> {
		const args = this.majorVersion < 2 ? ['update:workflow', `--id=${id}`, '--active=true'] : ['publish:workflow', `--id=${id}`];
		await this.runOk(args, `publishing workflow ${id}`);
	}

	/**
	 * `n8n execute --id=<id> --rawOutput` and returns the run. n8n prints the IRun as one
	 * log message both on success and on failure; with N8N_LOG_FORMAT=json it is one line
	 * we can find regardless of the other log lines. A failed execution is returned (status
	 * "error"), not thrown; only "no run data at all" and "package not loaded" throw.
	 */
	async executeWorkflow(id: string, opts: { timeoutMs?: number } = {}): Promise<ExecutionResult> {
		const res = await this.run(['execute', `--id=${id}`, '--rawOutput'], { timeoutMs: opts.timeoutMs });
		let raw: Record<string, unknown> | undefined;
		for (const entry of res.entries) {
			const candidate = entry.message.trimStart();
			if (!candidate.startsWith('{')) continue;
			try {
				const parsed = JSON.parse(candidate) as Record<string, unknown>;
				if (parsed && typeof parsed === 'object' && (parsed.data as { resultData?: unknown })?.resultData) raw = parsed;
			} catch {
				/* another JSON-looking message */
			}
		}
		// n8n 2.41's `execute` loses executions that fail before the first node runs (e.g. a
		// credential it may not use): it then logs only "No active execution found". The
		// execution is saved in the database all the same, so read it from there.
		if (!raw) raw = await this.latestExecutionFromDb(id);
		if (!raw) {
			throw new Error(
				`n8n execute --id=${id} printed no run data (exit ${res.exitCode})` +
					`\n--- n8n log (tail) ---\n${this.logTail()}`,
			);
		}
		const result = buildResult(raw, res.exitCode);
		const errText = JSON.stringify([result.error ?? null, ...Object.values(result.runData).map((r) => r[0]?.error ?? null)]);
		const notLoaded = findNotLoaded(errText);
		if (notLoaded) throw new PackageNotLoadedError(notLoaded, this.logTail());
		return result;
	}

	/**
	 * The newest saved execution of a workflow, read straight from n8n's database
	 * (execution_data.data is stored with `flatted`), shaped like the IRun `execute` prints.
	 */
	async latestExecutionFromDb(workflowId: string): Promise<Record<string, unknown> | undefined> {
		const rows = await this.readExecutions(workflowId, true);
		return rows[0];
	}

	/**
	 * Every saved execution of a workflow, oldest first, read from n8n's database (also
	 * while `n8n start` runs: e.g. the executions a trigger started). `raw.id` is n8n's
	 * execution ID; an execution still running has status "new"/"running" and no run data yet.
	 * The database is this instance's database.sqlite, or the PostgreSQL database its env
	 * names (DB_TYPE=postgresdb, DB_POSTGRESDB_*), e.g. in queue mode.
	 */
	async executionsFromDb(workflowId: string): Promise<ExecutionResult[]> {
		return (await this.readExecutions(workflowId, false)).map((raw) => buildResult(raw, null));
	}

	/**
	 * The workflow's executions once `done` holds (a count: at least that many) and every one
	 * has finished, or once `timeoutMs` has passed (callers assert what they got); read again
	 * after `settleMs`, so that a late extra execution would be seen too.
	 */
	async waitForExecutions(
		workflowId: string,
		done: number | ((runs: ExecutionResult[]) => boolean),
		opts: { settleMs?: number; timeoutMs?: number } = {},
	): Promise<ExecutionResult[]> {
		const isDone = typeof done === 'number' ? (runs: ExecutionResult[]) => runs.length >= done : done;
		const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
		for (;;) {
			const runs = await this.executionsFromDb(workflowId);
			if ((isDone(runs) && runs.every((run) => FINISHED_STATUSES.has(run.status))) || Date.now() > deadline) break;
			await sleep(300);
		}
		if (opts.settleMs) await sleep(opts.settleMs);
		return await this.executionsFromDb(workflowId);
	}

	/** Rows of execution_entity + execution_data for a workflow (newest only, or all oldest first). */
	private async readExecutions(workflowId: string, latestOnly: boolean): Promise<Array<Record<string, unknown>>> {
		const dbEnv = this.env();
		const order = latestOnly ? 'DESC LIMIT 1' : 'ASC';
		const shape = `const shape = (row) => ({ id: String(row.id), status: row.status, finished: !!row.finished, mode: row.mode,
			startedAt: row.startedAt, stoppedAt: row.stoppedAt, data: row.data ? parse(row.data) : {} });`;
		const env: NodeJS.ProcessEnv = { ...n8nToolEnv(this.install), NODE_PATH: path.join(this.install.dir, 'node_modules') };
		let script: string;
		let args: string[];
		if (dbEnv.DB_TYPE === 'postgresdb') {
			// pg reads PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE.
			Object.assign(env, {
				PGHOST: dbEnv.DB_POSTGRESDB_HOST ?? 'localhost',
				PGPORT: dbEnv.DB_POSTGRESDB_PORT ?? '5432',
				PGUSER: dbEnv.DB_POSTGRESDB_USER ?? 'postgres',
				PGPASSWORD: dbEnv.DB_POSTGRESDB_PASSWORD ?? '',
				PGDATABASE: dbEnv.DB_POSTGRESDB_DATABASE ?? 'n8n',
			});
			const schema = (dbEnv.DB_POSTGRESDB_SCHEMA ?? 'public').replace(/"/g, '');
			const prefix = (dbEnv.DB_TABLE_PREFIX ?? '').replace(/"/g, '');
			script = `
				const { Client } = require('pg');
				const { parse } = require('flatted');
				${shape}
				(async () => {
					const client = new Client();
					await client.connect();
					try {
						const res = await client.query(
							'SELECT e.id, e.status, e.finished, e.mode, e."startedAt", e."stoppedAt", d.data ' +
							'FROM "${schema}"."${prefix}execution_entity" e LEFT JOIN "${schema}"."${prefix}execution_data" d ON d."executionId" = e.id ' +
							'WHERE e."workflowId" = $1 ORDER BY e.id ${order}',
							[process.argv[1]],
						);
						process.stdout.write(JSON.stringify(res.rows.map(shape)));
					} finally {
						await client.end();
					}
				})().catch((e) => { console.error(e.message); process.exit(2); });`;
			args = ['-e', script, workflowId];
		} else {
			const db = path.join(this.userFolder, '.n8n', 'database.sqlite');
			if (!fs.existsSync(db)) return [];
			script = `
				const sqlite3 = require('sqlite3');
				const { parse } = require('flatted');
				${shape}
				const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY);
				db.all(
					'SELECT e.id, e.status, e.finished, e.mode, e.startedAt, e.stoppedAt, d.data FROM execution_entity e ' +
					'LEFT JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? ORDER BY e.id ${order}',
					[process.argv[2]],
					(err, rows) => {
						if (err) { console.error(err.message); process.exit(2); }
						process.stdout.write(JSON.stringify(rows.map(shape)));
					},
				);`;
			args = ['-e', script, db, workflowId];
		}
		const { stdout } = await runCommand(this.install.node, args, {
			env,
			label: `read executions from ${dbEnv.DB_TYPE === 'postgresdb' ? 'PostgreSQL' : 'database.sqlite'}`,
			timeoutMs: 60_000,
		});
		return JSON.parse(stdout || '[]') as Array<Record<string, unknown>>;
	}

	/**
	 * Node types n8n knows after booting this user folder (`n8n export:nodes`), e.g.
	 * "n8n-nodes-pandapon.pandaPon". Includes community packages, so it is a positive
	 * check that our nodes were loaded.
	 */
	async loadedNodeTypes(): Promise<string[]> {
		const out = path.join(this.dir, 'exported-nodes.json');
		await this.runOk(['export:nodes', `--output=${out}`], 'exporting node types');
		// The command ends its write stream without awaiting it; give the file a moment.
		for (let i = 0; i < 50; i++) {
			try {
				const nodes = JSON.parse(fs.readFileSync(out, 'utf8')) as Array<{ name: string }>;
				return nodes.map((n) => n.name);
			} catch {
				await sleep(100);
			}
		}
		throw new Error(`n8n export:nodes did not produce readable JSON at ${out}`);
	}

	/**
	 * Positive check that n8n loaded the package: every node file listed in the installed
	 * package.json `n8n.nodes` shows up as an n8n node type with our package prefix, and n8n
	 * logged no loader error for it. (Credentials are proven by a signed request instead.)
	 */
	async assertPackageLoaded(): Promise<string[]> {
		const declared = JSON.parse(fs.readFileSync(path.join(this.packageDir, 'package.json'), 'utf8')).n8n as {
			nodes?: string[];
			credentials?: string[];
		};
		const ours = (await this.loadedNodeTypes()).filter((t) => t.startsWith(`${PACKAGE_NAME}.`));
		const expected = declared.nodes?.length ?? 0;
		if (ours.length < expected) {
			throw new PackageNotLoadedError(
				`package.json declares ${expected} node file(s) but n8n knows ${ours.length} node type(s) from it (${ours.join(', ') || 'none'})`,
				this.logTail(),
			);
		}
		return ours;
	}

	/** The env of an n8n server process on `port`, on loopback, with its own task-broker port. */
	async serverEnv(port: number, extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
		return this.env({
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...extra,
		});
	}

	/**
	 * Starts `n8n start` on `port` (a free one by default) and waits until /healthz/readiness
	 * answers 200. For queue mode, `command` starts a `worker` (its health server listens on
	 * `port`) or a `webhook` processor instead; the env must then name the shared database
	 * and Redis (EXECUTIONS_MODE=queue, DB_TYPE=postgresdb, QUEUE_BULL_REDIS_*).
	 */
	async start(
		opts: {
			command?: 'start' | 'worker' | 'webhook';
			port?: number;
			timeoutMs?: number;
			env?: Record<string, string>;
			/** Production webhooks to wait for (see waitForWebhook), e.g. [{ path: 'my-hook' }]. */
			webhooks?: Array<{ path: string; method?: string }>;
		} = {},
	): Promise<{ url: string; port: number }> {
		if (this.server) throw new Error('this n8n is already running');
		const command = opts.command ?? 'start';
		const port = opts.port ?? (await freePort());
		const workerEnv: Record<string, string> =
			command === 'worker'
				? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }
				: {};
		const env = await this.serverEnv(port, { ...workerEnv, ...(opts.env ?? {}) });
		fs.appendFileSync(this.logFile, `\n=== ${new Date().toISOString()} n8n ${command} (port ${port})\n`);
		const log = fs.openSync(this.logFile, 'a');
		const child = track(
			spawn(this.install.node, [this.install.cli, command], { cwd: this.dir, env, detached: true, stdio: ['ignore', log, log] }),
		);
		fs.closeSync(log);
		const exited = exitPromise(child);
		this.server = { child, port, exited };
		const url = `http://127.0.0.1:${port}`;
		const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
		let gone = false;
		void exited.then(() => (gone = true));
		let ready = false;
		while (!ready && !gone && Date.now() < deadline) {
			try {
				ready = (await fetch(`${url}/healthz/readiness`)).status === 200;
			} catch {
				/* not listening yet */
			}
			if (!ready) await sleep(300);
		}
		try {
			if (!ready) {
				throw new Error(`n8n ${command} did not become ready on ${url} (${gone ? 'process exited' : 'timeout'})\n--- n8n log (tail) ---\n${this.logTail()}`);
			}
			const notLoaded = findNotLoaded(tailFile(this.logFile, 400));
			if (notLoaded) throw new PackageNotLoadedError(notLoaded, this.logTail());
			for (const hook of opts.webhooks ?? []) await this.waitForWebhook(hook.path, hook.method ?? 'POST');
			return { url, port };
		} catch (e) {
			await this.stop();
			throw e;
		}
	}

	/**
	 * Waits until a production webhook is registered. n8n 2.41 answers /healthz/readiness
	 * before it has activated published workflows (a reconciler does that a few seconds
	 * later), so a POST right after start() can get 404 "not registered". The probe is a
	 * CORS preflight (OPTIONS with Origin), which n8n answers from its webhook table
	 * without starting an execution: 204 + Access-Control-Allow-Methods once registered.
	 * `path` is what follows /webhook/ (for a node with a webhookId U and path P: "U/P").
	 */
	async waitForWebhook(path: string, method = 'POST', timeoutMs = 90_000): Promise<void> {
		if (!this.server) throw new Error('n8n is not running: call start() first');
		const url = `http://127.0.0.1:${this.server.port}/webhook/${path.replace(/^\/+/, '')}`;
		const deadline = Date.now() + timeoutMs;
		let last = '';
		while (Date.now() < deadline) {
			try {
				const res = await fetch(url, {
					method: 'OPTIONS',
					headers: { Origin: 'http://127.0.0.1', 'Access-Control-Request-Method': method },
				});
				const allowed = res.headers.get('access-control-allow-methods') ?? '';
				last = `${res.status} allow="${allowed}"`;
				if (res.status < 300 && allowed.split(/\s*,\s*/).includes(method.toUpperCase())) return;
			} catch (e) {
				last = (e as Error).message;
			}
			await sleep(500);
		}
		throw new Error(`webhook ${method} ${url} was not registered within ${timeoutMs} ms (last probe: ${last})\n--- n8n log (tail) ---\n${this.logTail()}`);
	}

	/** Stops a started n8n (SIGTERM to its process group, SIGKILL after 15 s). Safe to call twice. */
	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		if (server.child.exitCode === null && server.child.signalCode === null) {
			killGroup(server.child, 'SIGTERM');
			const timer = setTimeout(() => killGroup(server.child, 'SIGKILL'), 15_000);
			await server.exited;
			clearTimeout(timer);
		}
		// Whatever the group left behind (task runner) goes too.
		killGroup(server.child, 'SIGKILL');
	}

	/** The end of this instance's log, without the ~300 database-migration lines of a first boot. */
	logTail(lines = 60): string {
		let text = '';
		try {
			text = fs.readFileSync(this.logFile, 'utf8');
		} catch {
			return `(no log at ${this.logFile})`;
		}
		const kept = text
			.split('\n')
			.filter((l) => !/"message":"(Starting|Finished) migration /.test(l))
			.map((l) => (l.length > 2000 ? `${l.slice(0, 2000)}… (${l.length} chars)` : l));
		return `(${this.logFile})\n${kept.slice(-lines).join('\n')}`;
	}

	/** Runs `fn`; if it throws (a failed expect included), the error gets this instance's log tail appended. */
	async withLogs<T>(fn: () => Promise<T>): Promise<T> {
		try {
			return await fn();
		} catch (e) {
			if (e instanceof Error && !e.message.includes('--- n8n log (tail) ---')) {
				e.message += `\n--- n8n log (tail) ---\n${this.logTail(40)}`;
			}
			throw e;
		}
	}
}

/** Parses n8n's JSON log lines; non-JSON lines become level "raw". */
export function parseLogLines(text: string): LogEntry[] {
	const entries: LogEntry[] = [];
	for (const line of text.split('\n')) {
		const t = line.trim();
		if (!t) continue;
		if (t.startsWith('{')) {
			try {
				const obj = JSON.parse(t) as Partial<LogEntry>;
				if (typeof obj.message === 'string' && typeof obj.level === 'string') {
					entries.push({ level: obj.level, message: obj.message, metadata: obj.metadata });
					continue;
				}
			} catch {
				/* fall through */
			}
		}
		entries.push({ level: 'raw', message: line });
	}
	return entries;
}
