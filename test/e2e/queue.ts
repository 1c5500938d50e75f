/**
 * What n8n's queue mode needs around it, for the queue-mode e2e test: Redis and PostgreSQL
 * from Debian's packages (installed once by scripts/ensure-queue-services.sh), each started
 * here as a throw-away local process on a free loopback port with its data in a temp folder,
 * and the env that makes `n8n start` / `n8n worker` / `n8n webhook` share them.
 *
 * PostgreSQL refuses to run as root: as root (CI), initdb and postgres run as the Debian
 * package's `postgres` user; otherwise as the current user. Nothing here depends on jest.
 */
import { execFileSync, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

import { freePort, projectRoot, spawnService, type ServiceProcess } from './n8n';

export interface QueueBinaries {
	redisServer: string;
	/** Folder holding initdb, pg_ctl, postgres, createdb, pg_isready. */
	pgBin: string;
}

/** Runs scripts/ensure-queue-services.sh (apt-get install when missing; a no-op otherwise). */
export async function ensureQueueServices(log?: (line: string) => void): Promise<QueueBinaries> {
	const script = path.join(projectRoot(), 'scripts', 'ensure-queue-services.sh');
	const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'pipe'] });
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
	child.stderr.on('data', (d: Buffer) => {
		stderr += d.toString();
		for (const line of d.toString().split('\n')) if (line.trim()) log?.(line);
	});
	const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
	if (code !== 0) throw new Error(`scripts/ensure-queue-services.sh failed (exit ${code}):\n${stderr.split('\n').slice(-30).join('\n')}`);
	const value = (name: string) => {
		const m = new RegExp(`^${name}=(.+)$`, 'm').exec(stdout);
		if (!m) throw new Error(`scripts/ensure-queue-services.sh printed no ${name}=…:\n${stdout}`);
		return m[1].trim();
	};
	return { redisServer: value('REDIS_SERVER'), pgBin: value('PG_BIN') };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends PING over a raw socket; true on +PONG. */
async function redisPing(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let reply = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.once('error', () => done(false));
		socket.on('data', (d) => {
			reply += d.toString();
			if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
		});
		socket.once('connect', () => socket.write('PING\r\n'));
	});
}

/** Runs a one-shot command (as `uid`/`gid` when given); throws with the log tail unless it exits 0. */
async function runAs(
	cmd: string,
	args: string[],
	opts: { logFile: string; uid?: number; gid?: number; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number },
): Promise<void> {
	const proc = spawnService(cmd, args, opts);
	const timer = setTimeout(() => void proc.stop('SIGKILL', 0), opts.timeoutMs ?? 120_000);
	const code = await proc.exited;
	clearTimeout(timer);
	if (code !== 0) {
		const tail = fs.readFileSync(opts.logFile, 'utf8').split('\n').slice(-25).join('\n');
		throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${code})\n--- ${opts.logFile} (tail) ---\n${tail}`);
	}
}

export interface RedisInstance {
	host: string;
	port: number;
	dir: string;
	logFile: string;
	process: ServiceProcess;
	stop(): Promise<void>;
}

/** A Redis server on a free loopback port, no persistence, data folder `<root>/redis`. */
export async function startRedis(bins: QueueBinaries, root: string): Promise<RedisInstance> {
	const dir = path.join(root, 'redis');
	fs.mkdirSync(dir, { recursive: true });
	const logFile = path.join(root, 'redis.log');
	const port = await freePort();
	const proc = spawnService(
		bins.redisServer,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--logfile', ''],
		{ logFile, cwd: dir, label: `redis-server on 127.0.0.1:${port}` },
	);
	const deadline = Date.now() + 30_000;
	while (!(await redisPing(port))) {
		if (proc.child.exitCode !== null || Date.now() > deadline) {
			await proc.stop('SIGKILL', 0);
			throw new Error(`redis-server did not answer PING on port ${port}\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
		}
		await sleep(100);
	}
	return {
		host: '127.0.0.1',
		port,
		dir,
		logFile,
		process: proc,
		async stop() {
			await proc.stop('SIGTERM', 10_000);
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

export interface PostgresInstance {
	host: string;
	port: number;
	user: string;
	password: string;
	database: string;
	dataDir: string;
	logFile: string;
	process: ServiceProcess;
	/** Runs one SQL statement with psql in the `n8n` database; resolves with its unaligned, tuples-only output. */
	query(sql: string): Promise<string>;
	stop(): Promise<void>;
}

/** Whether every folder from / down to `dir` can be entered by other users (o+x). */
function reachableByOthers(dir: string): boolean {
	for (let d = path.resolve(dir); ; d = path.dirname(d)) {
		try {
			if ((fs.statSync(d).mode & 0o001) === 0) return false;
		} catch {
			return false;
		}
		if (path.dirname(d) === d) return true;
	}
}

/** uid/gid of the `postgres` user when we are root (PostgreSQL will not run as root); undefined otherwise. */
function postgresUser(): { uid: number; gid: number } | undefined {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
	const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
	return { uid, gid };
}

/**
 * A PostgreSQL server: initdb into `<root>/pgdata` (trust auth, superuser `n8n`), started on a
 * free loopback port with no Unix socket and without fsync (throw-away data), and a database
 * `n8n` created.
 */
export async function startPostgres(bins: QueueBinaries, root: string): Promise<PostgresInstance> {
	const owner = postgresUser();
	const logFile = path.join(root, 'postgres.log');
	// The postgres user must be able to reach its data folder: when `root` lies below a folder
	// others cannot enter (e.g. a TMPDIR under /root), the data goes to a fresh folder in /tmp.
	let dataDir = path.join(root, 'pgdata');
	if (owner && !reachableByOthers(root)) {
		const parent = fs.mkdtempSync('/tmp/pandapon-pg-');
		fs.chmodSync(parent, 0o711);
		dataDir = path.join(parent, 'pgdata');
	}
	fs.rmSync(dataDir, { recursive: true, force: true });
	fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	if (owner) fs.chownSync(dataDir, owner.uid, owner.gid);
	const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LANG: 'C', LC_ALL: 'C', HOME: dataDir, TZ: 'UTC' };
	const as = { logFile, env, cwd: dataDir, ...(owner ?? {}) };
	const user = 'n8n';
	const bin = (name: string) => path.join(bins.pgBin, name);

	await runAs(bin('initdb'), ['-D', dataDir, '-U', user, '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'], as);
	const port = await freePort();
	const proc = spawnService(
		bin('postgres'),
		[
			'-D', dataDir,
			'-p', String(port),
			'-c', 'listen_addresses=127.0.0.1',
			'-c', 'unix_socket_directories=',
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
			'-c', 'max_connections=50',
		],
		{ ...as, label: `postgres on 127.0.0.1:${port}` },
	);
	const stop = async () => {
		// SIGINT = "fast" shutdown (does not wait for clients).
		await proc.stop('SIGINT', 15_000);
		fs.rmSync(dataDir.startsWith('/tmp/pandapon-pg-') ? path.dirname(dataDir) : dataDir, { recursive: true, force: true });
	};
	try {
		const deadline = Date.now() + 60_000;
		for (;;) {
			if (proc.child.exitCode !== null) throw new Error('postgres exited');
			const ready = spawn(bin('pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', 'postgres', '-q'], {
				env,
				stdio: 'ignore',
			});
			if ((await new Promise<number | null>((resolve) => ready.once('close', resolve))) === 0) break;
			if (Date.now() > deadline) throw new Error('postgres did not accept connections within 60 s');
			await sleep(200);
		}
		await runAs(bin('createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, 'n8n'], as);
	} catch (error) {
		await stop();
		throw new Error(`${(error as Error).message}\n--- ${logFile} (tail) ---\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-25).join('\n')}`);
	}
	const query = async (sql: string): Promise<string> =>
		await new Promise((resolve, reject) => {
			const psql = spawn(bin('psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', 'n8n', '-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
				env,
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let out = '';
			let err = '';
			psql.stdout.on('data', (d: Buffer) => (out += d.toString()));
			psql.stderr.on('data', (d: Buffer) => (err += d.toString()));
			psql.once('error', reject);
			psql.once('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`psql failed (exit ${code}): ${err.trim()}\n${sql}`))));
		});
	return { host: '127.0.0.1', port, user, password: '', database: 'n8n', dataDir, logFile, process: proc, query, stop };
}

export interface QueueServices {
	redis: RedisInstance;
	postgres: PostgresInstance;
	/** Shared by every n8n process of the cluster (they must all decrypt the same credentials). */
	encryptionKey: string;
	/** The env every n8n process (and CLI command) of the cluster runs with. */
	n8nEnv(extra?: Record<string, string>): Record<string, string>;
	stop(): Promise<void>;
}

/** Installs (if needed) and starts Redis and PostgreSQL under `root`; `stop()` ends both and removes their data. */
export async function startQueueServices(root: string, log?: (line: string) => void): Promise<QueueServices> {
	fs.mkdirSync(root, { recursive: true });
	const bins = await ensureQueueServices(log);
	const redis = await startRedis(bins, root);
	let postgres: PostgresInstance;
	try {
		postgres = await startPostgres(bins, root);
	} catch (error) {
		await redis.stop();
		throw error;
	}
	const encryptionKey = randomBytes(24).toString('hex');
	return {
		redis,
		postgres,
		encryptionKey,
		n8nEnv(extra = {}) {
			return {
				EXECUTIONS_MODE: 'queue',
				N8N_ENCRYPTION_KEY: encryptionKey,
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: postgres.host,
				DB_POSTGRESDB_PORT: String(postgres.port),
				DB_POSTGRESDB_DATABASE: postgres.database,
				DB_POSTGRESDB_USER: postgres.user,
				DB_POSTGRESDB_PASSWORD: postgres.password,
				QUEUE_BULL_REDIS_HOST: redis.host,
				QUEUE_BULL_REDIS_PORT: String(redis.port),
				...extra,
			};
		},
		async stop() {
			await Promise.allSettled([redis.stop(), postgres.stop()]);
		},
	};
}
