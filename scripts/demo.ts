/**
 * `npm run demo`: the package working in a real n8n, end to end, headless.
 *
 *  1. ensure the cached n8n (scripts/ensure-n8n.sh; minutes on the very first run)
 *  2. build and `npm pack` this project, install the tarball into a fresh N8N_USER_FOLDER
 *     the way n8n installs community packages, and check that n8n loads it
 *  3. start the fake PandaPon server, or use the real API when PANDAPON_ACCESS_KEY,
 *     PANDAPON_ACCESS_SECRET and PANDAPON_USER_ID are set (optional PANDAPON_BASE_URL,
 *     PANDAPON_TIMESTAMP_UNIT = milliseconds | seconds)
 *  4. import a pandaPonApi credential and the demo workflow, `n8n execute` it
 *  5. print what happened: requests sent, whether the server accepted them, sample output
 *
 * The Access Secret is never printed (every line printed is scrubbed of it).
 * Exit code 0 only when the workflow succeeded and the server accepted the request(s).
 */
import * as fs from 'fs';
import * as path from 'path';

import { ensureN8n, killAllChildren, makeRunDir, N8N_VERSION, N8n, n8nId, packProject, type ExecutionResult } from '../test/e2e/n8n';
import { DEMO_NODE_NAME, demoWorkflow } from '../test/e2e/workflows/demo';
import { FakePandaPon } from '../test/fake-pandapon/server';

const DEFAULT_BASE_URL = 'https://api.pandapon.com';
const SYSTEM_HEADERS = ['access-key', 'timestamp', 'nonce-str', 'user-id', 'signature'];

interface Target {
	mode: 'fake' | 'real';
	baseUrl: string;
	accessKey: string;
	accessSecret: string;
	userId: string;
	timestampUnit: 'milliseconds' | 'seconds';
}

const secrets: string[] = [];

function redact(text: string): string {
	let out = text;
	for (const s of secrets) if (s) out = out.split(s).join('********');
	return out;
}

function say(line = ''): void {
	process.stdout.write(`${redact(line)}\n`);
}

const started = Date.now();
const elapsed = (from = started) => `${((Date.now() - from) / 1000).toFixed(1)} s`;

async function step<T>(n: number, total: number, title: string, fn: () => Promise<T>): Promise<T> {
	const t = Date.now();
	say(`==> [${n}/${total}] ${title}`);
	const result = await fn();
	say(`    done in ${elapsed(t)}`);
	return result;
}

function targetFromEnv(): Target | undefined {
	const key = process.env.PANDAPON_ACCESS_KEY?.trim();
	const secret = process.env.PANDAPON_ACCESS_SECRET;
	const userId = process.env.PANDAPON_USER_ID?.trim();
	const given = [key, secret, userId].filter((v) => v !== undefined && v !== '').length;
	if (given === 0) return undefined;
	if (given < 3) {
		throw new Error('set all of PANDAPON_ACCESS_KEY, PANDAPON_ACCESS_SECRET and PANDAPON_USER_ID (or none, for the fake server)');
	}
	const unit = (process.env.PANDAPON_TIMESTAMP_UNIT || 'milliseconds').trim();
	if (unit !== 'milliseconds' && unit !== 'seconds') {
		throw new Error(`PANDAPON_TIMESTAMP_UNIT must be "milliseconds" or "seconds", not "${unit}"`);
	}
	return {
		mode: 'real',
		baseUrl: (process.env.PANDAPON_BASE_URL || DEFAULT_BASE_URL).trim(),
		accessKey: key!,
		accessSecret: secret!,
		userId: userId!,
		timestampUnit: unit,
	};
}

function mask(value: string): string {
	return value.length <= 6 ? '***' : `${value.slice(0, 4)}…${value.slice(-2)}`;
}

/** One line about a PandaPon envelope's `data`: how many records it holds. */
function describeData(data: unknown): string {
	if (Array.isArray(data)) return `${data.length} record(s)`;
	if (data && typeof data === 'object') {
		const parts: string[] = [];
		for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
			if (Array.isArray(v)) parts.push(`${k}: ${v.length} record(s)`);
			else if (typeof v === 'number' || typeof v === 'string') parts.push(`${k}: ${String(v).slice(0, 40)}`);
		}
		return parts.length ? parts.slice(0, 6).join(', ') : `object with keys ${Object.keys(data).slice(0, 8).join(', ')}`;
	}
	return JSON.stringify(data);
}

function sample(value: unknown, maxLines = 30): string {
	const lines = JSON.stringify(value, null, 2).split('\n');
	const shown = lines.slice(0, maxLines).map((l) => `      ${l}`);
	if (lines.length > maxLines) shown.push(`      … (${lines.length - maxLines} more lines)`);
	return shown.join('\n');
}

function summarizeRun(run: ExecutionResult): { ok: boolean; codes: unknown[] } {
	say(`    execution status: ${run.status}${run.error ? ` — ${run.error.message ?? ''} ${run.error.description ?? ''}` : ''}`);
	for (const [name, runs] of Object.entries(run.runData)) {
		const r = runs[0];
		const items = r?.data?.main?.[0]?.length ?? 0;
		say(`    node "${name}": ${r?.executionStatus ?? 'ran'}, ${items} item(s) out${r?.error ? `, error: ${r.error.message}` : ''}`);
	}
	let items: Array<Record<string, unknown>> = [];
	try {
		items = run.output(DEMO_NODE_NAME);
	} catch (e) {
		say(`    (no output from "${DEMO_NODE_NAME}": ${(e as Error).message})`);
	}
	const codes = items.map((i) => i.code);
	items.forEach((item, i) => {
		say(`    output item ${i + 1}: code ${String(item.code)} msg ${JSON.stringify(item.msg)} requestId ${String(item.requestId ?? '-')}`);
		say(`      data: ${describeData(item.data)}`);
	});
	if (items[0]) {
		say('    sample output (first item):');
		say(sample(items[0]));
	}
	const ok = run.status === 'success' && !run.error && items.length > 0 && codes.every((c) => c === 200);
	return { ok, codes };
}

async function main(): Promise<number> {
	const real = targetFromEnv();
	if (real) secrets.push(real.accessSecret);
	const total = 5;
	let fake: FakePandaPon | undefined;
	let n8n: N8n | undefined;
	let userFolderToRemove: string | undefined;

	const cleanup = async () => {
		await n8n?.stop().catch(() => undefined);
		await fake?.close().catch(() => undefined);
		killAllChildren();
	};
	const onSignal = (sig: NodeJS.Signals) => {
		say(`\n${sig}: stopping n8n and the fake server`);
		void cleanup().finally(() => process.exit(130));
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);

	say(`PandaPon n8n community node — demo (${real ? `REAL PandaPon API at ${real.baseUrl}` : 'fake PandaPon server'})`);
	const runDir = makeRunDir('demo', 3);
	say(`run folder (n8n user folder, logs): ${runDir}`);
	try {
		const install = await step(1, total, `n8n ${N8N_VERSION} on its own Node (cached install)`, async () => {
			const i = await ensureN8n(N8N_VERSION, { log: (l) => say(`    ${l}`) });
			say(`    ${i.dir}`);
			return i;
		});

		n8n = await step(2, total, 'build, pack and install this package into a fresh N8N_USER_FOLDER', async () => {
			const tarball = await packProject(runDir, { log: path.join(runDir, 'build.log') });
			say(`    packed ${path.basename(tarball)} (${(fs.statSync(tarball).size / 1024).toFixed(1)} KiB)`);
			const instance = await N8n.create({ install, tarball, root: runDir, label: 'n8n' });
			say(`    installed into ${path.relative(runDir, instance.packageDir)}`);
			const ours = await instance.assertPackageLoaded();
			say(`    n8n loaded the package; its node types: ${ours.length ? ours.join(', ') : '(none declared yet)'}`);
			return instance;
		});
		if (real) userFolderToRemove = n8n.userFolder;

		const target: Target = await step(3, total, real ? 'use the real PandaPon API' : 'start the fake PandaPon server', async () => {
			if (real) return real;
			fake = await FakePandaPon.start();
			say(`    listening on ${fake.url} (checks signatures exactly)`);
			return { mode: 'fake', baseUrl: fake.url, ...fake.credentials, timestampUnit: 'milliseconds' };
		});

		const credential = {
			id: n8nId('cred'),
			name: target.mode === 'fake' ? 'PandaPon (demo, fake server)' : 'PandaPon (demo)',
			type: 'pandaPonApi',
			data: {
				accessKey: target.accessKey,
				accessSecret: target.accessSecret,
				userId: target.userId,
				baseUrl: target.baseUrl,
				timestampUnit: target.timestampUnit,
			},
		};
		const workflow = demoWorkflow({ baseUrl: target.baseUrl, credential: { id: credential.id, name: credential.name } });
		await step(4, total, 'import the credential and the demo workflow', async () => {
			await n8n!.importCredential(credential);
			say(
				`    credential "${credential.name}" (pandaPonApi): access key ${mask(target.accessKey)}, user id ${target.userId}, ` +
					`secret ******** (${target.accessSecret.length} chars, not shown), base URL ${target.baseUrl}, timestamps in ${target.timestampUnit}`,
			);
			await n8n!.importWorkflow(workflow);
			say(`    workflow "${workflow.name}": ${workflow.nodes.map((n) => `${String(n.name)} [${String(n.type)}]`).join(' → ')}`);
		});

		const before = fake?.requests.length ?? 0;
		const run = await step(5, total, `execute the workflow headlessly (n8n execute --id=${workflow.id})`, async () => await n8n!.executeWorkflow(workflow.id));

		say('');
		say('Summary');
		let accepted = true;
		if (fake) {
			const reqs = fake.requests.slice(before);
			say(`  requests the fake PandaPon received: ${reqs.length}`);
			reqs.forEach((r, i) => {
				const present = SYSTEM_HEADERS.filter((h) => r.headers[h]);
				const missing = SYSTEM_HEADERS.filter((h) => !r.headers[h]);
				say(`    ${i + 1}. ${r.method} ${r.path}  body ${r.rawBody.slice(0, 120)}`);
				say(
					`       signed headers: ${present.join(', ')}${missing.length ? ` (MISSING: ${missing.join(', ')})` : ''}; ` +
						`timestamp ${r.headers['timestamp'] ?? '-'}, signature ${r.headers['signature'] ?? '-'}`,
				);
				say(`       → ${r.accepted ? 'ACCEPTED (signature verified)' : `REJECTED: code ${r.rejection?.code} ${r.rejection?.msg ?? ''}`}`);
			});
			accepted = reqs.length > 0 && reqs.every((r) => r.accepted);
		} else {
			say(`  requests went to ${target.baseUrl}; whether PandaPon accepted them shows in the response codes below (200 = accepted)`);
		}
		say(`  workflow run:`);
		const { ok, codes } = summarizeRun(run);
		const success = ok && accepted;
		say('');
		if (success) {
			say(`RESULT: OK — n8n ran the workflow with the pandaPonApi credential and ${target.mode === 'fake' ? 'the fake' : 'PandaPon'} accepted the signed request(s). (${elapsed()})`);
		} else {
			say(`RESULT: FAILED — execution ${run.status}, response code(s) ${JSON.stringify(codes)}${fake ? `, all requests accepted: ${accepted}` : ''}. (${elapsed()})`);
			say(`n8n log: ${n8n.logFile}`);
			say(
				n8n
					.logTail(30)
					.split('\n')
					.map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l))
					.join('\n'),
			);
		}
		return success ? 0 : 1;
	} catch (e) {
		say('');
		say(`RESULT: ERROR — ${(e as Error).message}`);
		if (n8n) say(`n8n log: ${n8n.logFile}`);
		return 1;
	} finally {
		await cleanup();
		if (userFolderToRemove) {
			// It holds the real credential (encrypted, with the key next to it): do not leave it behind.
			fs.rmSync(userFolderToRemove, { recursive: true, force: true });
		}
		if (real && n8n && fs.existsSync(n8n.logFile)) fs.writeFileSync(n8n.logFile, redact(fs.readFileSync(n8n.logFile, 'utf8')));
	}
}

main().then(
	(code) => process.exit(code),
	(e) => {
		process.stderr.write(`${redact(String((e as Error)?.stack ?? e))}\n`);
		killAllChildren();
		process.exit(1);
	},
);
