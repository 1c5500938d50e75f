/**
 * `npm run demo`: the package working in a real n8n, end to end, headless.
 *
 *  1. ensure the cached n8n (scripts/ensure-n8n.sh; minutes on the very first run)
 *  2. build and `npm pack` this project, install the tarball into a fresh N8N_USER_FOLDER
 *     the way n8n installs community packages, and check that n8n loads it
 *  3. start the fake PandaPon server, or use the real API when PANDAPON_ACCESS_KEY,
 *     PANDAPON_ACCESS_SECRET and PANDAPON_USER_ID are set (optional PANDAPON_BASE_URL,
 *     PANDAPON_TIMESTAMP_UNIT = milliseconds | seconds)
 *  4. import a pandaPonApi credential and the demo workflow (test/e2e/workflows/demo.ts:
 *     pandaPon nodes searching 1688, getting each hit's details, listing Taobao refunds —
 *     read-only, so it is safe against the real API), `n8n execute` it
 *  5. print what happened: each node's item count, sample fields (titles, prices, refund
 *     statuses, 19-digit IDs), the requests sent and whether the server accepted them
 *
 * The Access Secret is never printed (every line printed is scrubbed of it).
 * Exit code 0 only when the workflow succeeded and the server accepted the request(s)
 * (against the fake: exactly the expected requests and item counts, and IDs intact).
 */
import * as fs from 'fs';
import * as path from 'path';

import { ensureN8n, killAllChildren, makeRunDir, N8N_VERSION, N8n, n8nId, packProject, type ExecutionResult } from '../test/e2e/n8n';
import { DEMO_DEFAULTS, DEMO_ENDPOINTS, DEMO_NODES, demoWorkflow } from '../test/e2e/workflows/demo';
import { FakePandaPon } from '../test/fake-pandapon/server';

const DEFAULT_BASE_URL = 'https://api.pandapon.com';
const SYSTEM_HEADERS = ['access-key', 'timestamp', 'nonce-str', 'user-id', 'signature'];
/** Request-level details (paths, bodies, nonces, signatures) only on request. */
const verbose = process.argv.includes('--verbose') || process.env.PANDAPON_DEMO_VERBOSE === '1';

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

type Json = Record<string, unknown>;

/** The first of several dot paths that holds a value (real responses may differ from the fake's). */
function field(item: Json | undefined, ...paths: string[]): unknown {
	for (const path of paths) {
		let current: unknown = item;
		for (const key of path.split('.')) current = current === null || current === undefined ? undefined : (current as Json)[key];
		if (current !== undefined && current !== null && current !== '') return current;
	}
	return undefined;
}

function text(value: unknown, max = 48): string {
	if (value === undefined) return '-';
	const shown = typeof value === 'string' ? value : JSON.stringify(value);
	return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
}

/** How an ID came out of n8n: a string keeps every digit; a number beyond 2^53 would not. */
function describeId(value: unknown): string {
	if (typeof value === 'string') return `${value} (text, ${value.length} digits)`;
	if (typeof value === 'number') return `${value} (number${Number.isSafeInteger(value) ? '' : ', DIGITS LOST'})`;
	return text(value);
}

const ran = (run: ExecutionResult, node: string) => Boolean(run.runData[node]?.[0]);

function itemsOf(run: ExecutionResult, node: string): Json[] {
	try {
		return run.output(node);
	} catch {
		return [];
	}
}

interface NodeReport {
	ok: boolean;
	items: number;
}

function reportNodes(run: ExecutionResult, requestsPerNode?: Map<string, number>): Map<string, NodeReport> {
	const reports = new Map<string, NodeReport>();
	say(`  execution: ${run.status}${run.error ? ` — ${run.error.message ?? ''}` : ''}; nodes in the order n8n ran them:`);
	for (const node of Object.values(DEMO_NODES)) {
		const r = run.runData[node]?.[0];
		const items = r?.data?.main?.[0]?.length ?? 0;
		const requests = requestsPerNode ? `, ${requestsPerNode.get(node) ?? 0} request(s)` : '';
		const status = r ? (r.error ? 'ERROR' : (r.executionStatus ?? 'ran')) : 'did not run';
		say(`    ${node.padEnd(26)} ${status.padEnd(8)} ${String(items).padStart(2)} item(s) out${requests}${r?.executionTime !== undefined ? `, ${r.executionTime} ms` : ''}`);
		if (r?.error) say(`      error: ${r.error.message ?? ''} — ${r.error.description ?? ''}`);
		reports.set(node, { ok: Boolean(r) && !r?.error, items });
	}
	return reports;
}

function showProducts(run: ExecutionResult): void {
	const hits = itemsOf(run, DEMO_NODES.search);
	say(`  ${DEMO_NODES.search} ("${DEMO_DEFAULTS.keyword}"), one item per product:`);
	if (hits.length === 0) say(ran(run, DEMO_NODES.search) ? '    (no products)' : '    (did not run)');
	hits.forEach((hit, i) => {
		say(
			`    ${i + 1}. offer ${text(field(hit, 'offerId'))}  ${text(field(hit, 'subjectTrans', 'subject'))}` +
				`  ¥${text(field(hit, 'priceInfo.price', 'price'))}  ${text(field(hit, 'monthSold'))} sold/month`,
		);
	});
	const details = itemsOf(run, DEMO_NODES.details);
	say(`  ${DEMO_NODES.details} (Simplify on; one per hit, offer ID passed by expression {{ $json.offerId }}):`);
	if (details.length === 0) say(ran(run, DEMO_NODES.details) ? '    (no details)' : '    (did not run)');
	details.forEach((product, i) => {
		const skus = Array.isArray(product.skus) ? (product.skus as Json[]) : [];
		const sku = skus[0];
		say(
			`    ${i + 1}. offer ${text(field(product, 'offerId'))}  ${text(field(product, 'subjectTrans', 'subject'), 40)}  category ${text(field(product, 'categoryName'))}`,
		);
		say(
			`       ${skus.length} SKU(s)${sku ? `, first: specId ${text(field(sku, 'specId'), 12)} ¥${text(field(sku, 'price'))} stock ${text(field(sku, 'amountOnSale'))}${field(sku, 'attributes') ? ` (${text(field(sku, 'attributes'))})` : ''}` : ''}` +
				`; seller ${text(field(product, 'sellerOpenId'), 14)} ${text(field(product, 'companyName'), 30)}`,
		);
	});
}

/**
 * The refunds, and the point of lossless parsing: their 19-digit purchase-order IDs come out
 * of n8n as text with every digit (as a JavaScript number they would be rounded).
 */
function showRefunds(run: ExecutionResult, fake?: FakePandaPon): boolean {
	const refunds = itemsOf(run, DEMO_NODES.refunds);
	say(`  ${DEMO_NODES.refunds} (newest first, limit ${DEMO_DEFAULTS.refundLimit}):`);
	if (refunds.length === 0) say(ran(run, DEMO_NODES.refunds) ? '    (no refunds on this account)' : '    (did not run)');
	let intact = true;
	refunds.forEach((refund, i) => {
		const status = field(refund, 'refundStatus');
		const statusDesc = field(refund, 'refundStatusLabel');
		say(
			`    ${i + 1}. refund ${text(field(refund, 'refundId'))}  status ${text(status)}${statusDesc ? ` (${text(statusDesc)})` : ''}` +
				`  fee ${text(field(refund, 'refundFee'))} (${text(field(refund, 'currency'))}, likely fen)  ${text(field(refund, 'itemTitle', 'reason'), 28)}`,
		);
		const orderId = field(refund, 'purchaseOrderId');
		if (orderId !== undefined) {
			let check = '';
			if (fake) {
				const record = fake.state.taobaoRefunds.find((candidate) => candidate.refundId === String(field(refund, 'refundId')));
				const same = record !== undefined && record.purchaseOrderId === orderId;
				intact &&= same;
				check = same ? ' = the server\'s record' : ` ≠ the server's record ${record?.purchaseOrderId ?? '(none)'}`;
			}
			if (typeof orderId === 'number' && !Number.isSafeInteger(orderId)) intact = false;
			say(`       purchase order ${describeId(orderId)}${check}`);
		}
	});
	const big = refunds.map((refund) => field(refund, 'purchaseOrderId')).find((id): id is string => typeof id === 'string' && /^\d{17,}$/.test(id));
	if (big) {
		say(`  19-digit IDs stay exact: ${big} came through n8n as text; JSON.parse would have made it ${String(Number(big))}.`);
	}
	return intact;
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
		const install = await step(1, total, `n8n ${N8N_VERSION} on its own Node (installed once into ~/.cache/n8n-nodes-pandapon, 5-10 minutes the first time)`, async () => {
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
		const workflow = demoWorkflow({ credential: { id: credential.id, name: credential.name } });
		await step(4, total, 'import the credential and the demo workflow', async () => {
			await n8n!.importCredential(credential);
			say(
				`    credential "${credential.name}" (pandaPonApi): access key ${mask(target.accessKey)}, user id ${target.userId}, ` +
					`secret ******** (${target.accessSecret.length} chars, not shown), base URL ${target.baseUrl}, timestamps in ${target.timestampUnit}`,
			);
			await n8n!.importWorkflow(workflow);
			say(`    workflow "${workflow.name}": ${workflow.nodes.map((n) => `${String(n.name)} [${String(n.type)}]`).join(', ')}`);
		});

		const before = fake?.requests.length ?? 0;
		const run = await step(5, total, `execute the workflow headlessly (n8n execute --id=${workflow.id})`, async () => await n8n!.executeWorkflow(workflow.id));

		say('');
		say('Summary');
		say('  workflow: Start (Manual Trigger)');
		say(`    ├─ ${DEMO_NODES.search}: 1688 Product › Search "${DEMO_DEFAULTS.keyword}", limit ${DEMO_DEFAULTS.limit}`);
		say(`    │    └─ ${DEMO_NODES.details}: 1688 Product › Get, product = {{ $json.offerId }}, Simplify`);
		say(`    └─ ${DEMO_NODES.refunds}: Taobao Refund › Get Many, limit ${DEMO_DEFAULTS.refundLimit}`);

		const requests = fake ? fake.requests.slice(before) : [];
		const nodeOf = (method: string, path: string) =>
			Object.entries(DEMO_ENDPOINTS).find(([, endpoint]) => endpoint.method === method && endpoint.path === path)?.[0];
		const requestsPerNode = fake ? new Map<string, number>() : undefined;
		for (const r of requests) {
			const node = nodeOf(r.method, r.path) ?? `(unexpected) ${r.method} ${r.path}`;
			requestsPerNode?.set(node, (requestsPerNode.get(node) ?? 0) + 1);
		}
		const reports = reportNodes(run, requestsPerNode);
		say('');
		showProducts(run);
		say('');
		const idsIntact = showRefunds(run, fake);
		say('');

		let requestsOk = true;
		let countsOk = true;
		if (fake) {
			say(
				`  requests the fake PandaPon received: ${requests.length}, each signed by the pandaPonApi credential inside n8n` +
					(verbose ? '' : ` (${requests.filter((r) => r.accepted).length} accepted; npm run demo -- --verbose lists them with their headers)`),
			);
			if (verbose) requests.forEach((r, i) => {
				const missing = SYSTEM_HEADERS.filter((h) => !r.headers[h]);
				say(`    ${i + 1}. ${r.method} ${r.path}  (${nodeOf(r.method, r.path) ?? 'unexpected'})  body ${r.rawBody.slice(0, 90)}`);
				say(
					`       ${missing.length ? `MISSING headers: ${missing.join(', ')}; ` : ''}timestamp ${r.headers['timestamp'] ?? '-'}, nonce ${r.headers['nonce-str'] ?? '-'}, ` +
						`signature ${r.headers['signature'] ?? '-'} → ${r.accepted ? 'ACCEPTED (signature verified)' : `REJECTED: code ${r.rejection?.code} ${r.rejection?.msg ?? ''}`}`,
				);
			});
			const hits = reports.get(DEMO_NODES.search)?.items ?? 0;
			const expectedRequests: Record<string, number> = { [DEMO_NODES.search]: 1, [DEMO_NODES.details]: hits, [DEMO_NODES.refunds]: 1 };
			requestsOk =
				requests.length > 0 &&
				requests.every((r) => r.accepted) &&
				[...requestsPerNode!.keys()].every((node) => node in expectedRequests) &&
				Object.entries(expectedRequests).every(([node, n]) => (requestsPerNode!.get(node) ?? 0) === n);
			countsOk =
				hits === DEMO_DEFAULTS.limit &&
				reports.get(DEMO_NODES.details)?.items === hits &&
				reports.get(DEMO_NODES.refunds)?.items === DEMO_DEFAULTS.refundLimit;
			say(
				`  expected: 1 search request, 1 detail request per hit, 1 refund-list request, all accepted — ${requestsOk ? 'yes' : 'NO'}; ` +
					`items ${DEMO_DEFAULTS.limit}/${DEMO_DEFAULTS.limit}/${DEMO_DEFAULTS.refundLimit} — ${countsOk ? 'yes' : 'NO'}`,
			);
		} else {
			say(
				`  the requests went to ${target.baseUrl}, signed inside n8n with your credential. PandaPon answers a bad signature ` +
					'or any other problem with an error code, which fails the node; the node statuses above show the outcome.',
			);
		}
		const nodesOk = [...reports.values()].every((report) => report.ok);
		const success = run.status === 'success' && !run.error && nodesOk && requestsOk && countsOk && idsIntact;
		say('');
		if (success) {
			say(
				`RESULT: OK — n8n ran the PandaPon node workflow with the pandaPonApi credential and ${target.mode === 'fake' ? 'the fake' : 'PandaPon'} ` +
					`accepted every signed request. (${elapsed()})`,
			);
			say('');
			say('What next');
			say('  npm run editor      n8n\'s editor in your browser with this package, the example workflows and a fake PandaPon');
			say('  examples/           the daily refund report, the refund Slack alerts, the AI sourcing assistant (import into n8n)');
			say('  README.md           install the package into your own n8n, set up the credential, the callback URL');
			if (target.mode === 'fake') say('  PANDAPON_ACCESS_KEY=… PANDAPON_ACCESS_SECRET=… PANDAPON_USER_ID=… npm run demo   the same read-only run against your account');
		} else {
			say(
				`RESULT: FAILED — execution ${run.status}, nodes ok: ${nodesOk}${fake ? `, requests as expected and accepted: ${requestsOk}, item counts: ${countsOk}` : ''}` +
					`, IDs intact: ${idsIntact}. (${elapsed()})`,
			);
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
