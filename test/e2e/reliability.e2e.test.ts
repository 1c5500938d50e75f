/**
 * Reliability suite (issue 5), in ONE real `n8n start` (regular mode) against the fake
 * PandaPon. Every check asserts its target and reports one line of counts; afterAll prints
 * them as one table (stderr, so it shows in CI output even with --silent).
 *
 * Two published workflows:
 * - "callbacks": PandaPon Trigger (Signature Verification: Only Messages Signed by PandaPon) -> No Op.
 * - "actions": several n8n Webhook nodes, each -> Split Out (body.items) -> one pandaPon node
 *   (Taobao order get/create/pay, refund list, Custom API Call, a wrong credential; with and
 *   without "continue on fail"). A POST of `{ tag, items }` to one webhook runs that node over
 *   the items; the execution is found again by its tag in n8n's database.
 *
 * Definitions used by the counts:
 * - Forged callback ACCEPTED: n8n saved an execution for it (found by the unique marker in its
 *   body, or a genuine message's execution count above 1), or the trigger answered it with
 *   anything other than 401 (200 `{ ok: true }` for bodies that are not messages: probes).
 * - Duplicate: the same message content (type, platform, body) delivered again, with the same
 *   or a new push timestamp, one after the other or concurrently. Executions must equal the
 *   number of distinct messages.
 * - Digit LOST: an ID above 2^53 sent (callback body, input item, Custom API Call body) or
 *   answered by the fake that does not appear, as exactly the same digit string, where it
 *   should (in the request the fake received, or as a string value in the node's output).
 * - Storm SURVIVED: an input item whose read came back as a record although the fake answered
 *   429/502/503/504 to a stretch of its requests (up to the node's 3 retries per request). A
 *   dropped connection (ECONNRESET) on a read is checked the same way, separately.
 * - Create/pay SENT TWICE: the fake received more requests for one create (by Seller Order
 *   Number) or pay (by order ID) than one, while every one of them got a fault. After a 5xx
 *   or a dropped connection the error must say the request may have been applied.
 * - Secret FOUND: an occurrence of the Access Secret (of either credential; raw, JSON-escaped,
 *   URL-encoded or base64), of a digest of it, of a request signature (MD5 over it) the fake
 *   received, or of a callback HMAC we sent, in any saved execution (full run data), in the
 *   n8n log, or in a response n8n sent us. The Access Key is NOT treated as a secret: PandaPon
 *   sends it in clear in the `access-key` header of every request, the credential does not
 *   mask it (only the Access Secret is a password field), and it cannot sign anything alone;
 *   its occurrences are reported for information only.
 * - CRASH (malformed inputs): the n8n process exited or stopped answering /healthz; an
 *   execution that ended in a status other than success/error (crashed, unknown, still running
 *   after 60 s); a failed execution whose error is not an n8n error class we accept
 *   (NodeOperationError, NodeApiError, n8n's ExpressionError) or names no node; with continue
 *   on fail, an execution that failed or left an input item without an output item; a
 *   callback answered 5xx or not at all (the node answers 400/401/413; no 5xx of its own is
 *   documented below n8n's 16 MiB limit), unless a bare n8n Webhook node answers the very same
 *   request with the same 5xx (n8n's body handling, before any node runs: counted and shown
 *   apart); a log line about an uncaught exception or unhandled rejection. A malformed item
 *   the node accepts without error is not a crash; those are counted and listed.
 */
import { createHash, createHmac, randomBytes } from 'crypto';
import * as fs from 'fs';
import { gzipSync } from 'zlib';

import { findEndpoint } from '../../nodes/PandaPon/endpoints';
import { computeCallbackSignature, computeSignature } from '../../nodes/shared/signing';
import { FakePandaPon } from '../fake-pandapon';
import type { Fault, RecordedRequest } from '../fake-pandapon/types';
import { sampleOperation } from '../node/sampleInput';
import { fakeCredential, newN8n, ref, timedRequest } from './harness';
import { n8nId, type ExecutionResult, type N8n, type WorkflowJson } from './n8n';
import { pandaPonNode, webhookTrigger, type CredentialRef, type NodeSpec } from './workflows/build';
import { CALLBACK_TRIGGER_NAME, callbackTriggerWorkflow } from './workflows/triggers';

// ---------------------------------------------------------------------------------------
// Counts and the summary table
// ---------------------------------------------------------------------------------------

const summary: string[] = [];
const fileStarted = Date.now();

function report(line: string): void {
	summary.push(line);
	process.stderr.write(`[reliability.e2e] ${line}\n`);
}

// ---------------------------------------------------------------------------------------
// Big integers: found in raw text, compared as digit strings
// ---------------------------------------------------------------------------------------

const TWO_POW_53 = 2n ** 53n;

/** Integer literals above 2^53 in a text, as digit strings (no digit around them). */
function bigIntegersIn(text: string): string[] {
	return (text.match(/(?<![\d.])\d{16,}(?![\d.])/g) ?? []).filter((digits) => BigInt(digits) > TWO_POW_53);
}

/** Whether `digits` occurs in `text` as a whole number (not inside a longer one). */
function containsNumber(text: string, digits: string): boolean {
	return new RegExp(`(?<!\\d)${digits}(?!\\d)`).test(text);
}

/** Every string value anywhere in a JSON value. */
function stringValues(value: unknown, into: Set<string> = new Set()): Set<string> {
	if (typeof value === 'string') into.add(value);
	else if (Array.isArray(value)) for (const element of value) stringValues(element, into);
	else if (value && typeof value === 'object') for (const element of Object.values(value)) stringValues(element, into);
	return into;
}

/** A 19-digit ID above 2^53, stable for a seed. */
function bigId(seed: string): string {
	const n = BigInt(`0x${createHash('sha256').update(seed).digest('hex').slice(0, 15)}`);
	return (10n ** 18n + n).toString();
}


// ---------------------------------------------------------------------------------------
// Callbacks: raw bodies (19-digit IDs as bare integer literals)
// ---------------------------------------------------------------------------------------

type CallbackKind = 'price' | 'refund' | 'status1688';

/** A PandaPon callback body; `marker` makes it unique and findable in the execution. */
function callbackBody(opts: { kind: CallbackKind; marker: string; timestamp?: string; quantity?: number; platform?: 0 | 1 }): string {
	const ts = opts.timestamp ?? '1715669977082';
	const id = (n: number) => bigId(`${opts.marker}-${n}`);
	switch (opts.kind) {
		case 'price':
			return (
				`{"messageType":"TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY","messageBody":{"marker":"${opts.marker}","salesOrderId":"${id(1)}",` +
				`"subOrders":[{"purchase_order_outer_id":${id(2)},"purchase_order_line_outer_id":${id(3)},"quantity":${opts.quantity ?? 2},"product_amount":1999}]},` +
				`"messagePlatform":${opts.platform ?? 0},"timestamp":"${ts}"}`
			);
		case 'refund':
			return (
				`{"messageType":"TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND","messageBody":{"marker":"${opts.marker}","refundId":"110002685755",` +
				`"orderId":${id(1)},"refundStatus":10,"quantity":${opts.quantity ?? 1}},"messagePlatform":${opts.platform ?? 0},"timestamp":"${ts}"}`
			);
		case 'status1688': {
			// messageBody as a JSON-encoded string holding raw integers, as the white-label copy sends it.
			const inner = `{"marker":"${opts.marker}","orderId":${id(1)},"orderStatus":"waitsellersend","baseInfo":{"id":${id(1)},"buyerId":${id(2)}}}`;
			return `{"messageType":"1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY","messageBody":${JSON.stringify(inner)},"messagePlatform":${opts.platform ?? 1},"timestamp":"${ts}"}`;
		}
	}
}

interface Ack {
	status: number;
	text: string;
	error?: string;
}

/** Like timedRequest, but a request that gets no answer is an Ack with status 0 (counted, not thrown). */
async function send(url: string, body: string | Buffer | undefined, headers: Record<string, string> = {}, method = 'POST'): Promise<Ack> {
	try {
		const { status, text } = await timedRequest(url, 'callback', { method, headers, body, timeoutMs: 60_000 });
		return { status, text };
	} catch (error) {
		return { status: 0, text: '', error: (error as Error).message };
	}
}

/** Every response body n8n sent us, scanned for secrets at the end. */
const responses: string[] = [];
/** Every callback Authorization value we sent (HMACs keyed with the Access Secret). */
const sentHmacs = new Set<string>();

function signedHeaders(body: string | Buffer, secret: string, contentType = 'application/json'): Record<string, string> {
	const signature = computeCallbackSignature(body, secret);
	sentHmacs.add(signature);
	return { 'content-type': contentType, authorization: signature };
}

// ---------------------------------------------------------------------------------------
// Executions in n8n's database
// ---------------------------------------------------------------------------------------

/** The trigger item of a callback execution, and the marker in its messageBody. */
function callbackItem(run: ExecutionResult): Record<string, unknown> | undefined {
	return run.runData[CALLBACK_TRIGGER_NAME]?.[0]?.data?.main?.[0]?.[0]?.json;
}
function markerOf(run: ExecutionResult): string | undefined {
	const body = callbackItem(run)?.messageBody as { marker?: unknown } | undefined;
	return typeof body?.marker === 'string' ? body.marker : undefined;
}

/** Counts per marker of callback executions. */
function markerCounts(runs: ExecutionResult[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const run of runs) {
		const marker = markerOf(run);
		if (marker !== undefined) counts.set(marker, (counts.get(marker) ?? 0) + 1);
	}
	return counts;
}

// ---------------------------------------------------------------------------------------
// The "actions" workflow: Webhook -> Split Out -> pandaPon, one chain per entry
// ---------------------------------------------------------------------------------------

interface Entry {
	/** Webhook path (also the suffix of the node names). */
	path: string;
	node: (credential: CredentialRef, name: string) => NodeSpec;
}

const hookName = (entry: string) => `Hook ${entry}`;
const splitName = (entry: string) => `Split ${entry}`;
const nodeName = (entry: string) => `PandaPon ${entry}`;

function splitOut(name: string): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		parameters: { fieldToSplitOut: 'body.items', include: 'noOtherFields', options: {} },
	};
}

/** The entries' chains, plus bare Webhook nodes (`controls`: n8n's own answer to a request, for comparison). */
function entriesWorkflow(name: string, entries: Array<Entry & { credential: CredentialRef }>, controls: string[] = []): WorkflowJson {
	const nodes: Array<Record<string, unknown>> = [];
	const connections: Record<string, unknown> = {};
	controls.forEach((path, i) => {
		const node = webhookTrigger({ path, name: hookName(path), responseMode: 'onReceived' });
		nodes.push({ id: `control-${path}`, position: [0, -200 * (i + 1)], ...node });
	});
	entries.forEach((entry, row) => {
		const chain = [
			webhookTrigger({ path: entry.path, name: hookName(entry.path), responseMode: 'lastNode' }),
			splitOut(splitName(entry.path)),
			entry.node(entry.credential, nodeName(entry.path)),
		];
		chain.forEach((node, column) => {
			nodes.push({ id: `${row}-${column}-${entry.path}`, position: [column * 240, row * 200], ...node });
			if (column + 1 < chain.length) connections[node.name] = { main: [[{ node: chain[column + 1].name, type: 'main', index: 0 }]] };
		});
	});
	return { id: n8nId('wf'), name, nodes, connections };
}

const CONTINUE = 'continueRegularOutput' as const;
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

function createOrderParameters(): Record<string, unknown> {
	const endpoint = findEndpoint('taobaoOrder', 'create');
	if (!endpoint) throw new Error('no taobaoOrder.create endpoint');
	const { parameters } = sampleOperation('taobaoOrder', endpoint);
	return {
		...parameters,
		purchaseAmount: '={{ $json.amount ?? "2580" }}',
		additionalFields: { ...((parameters.additionalFields as Record<string, unknown>) ?? {}), sellerOrderNumber: '={{ $json.ref }}' },
	};
}

const getOrder = (onError?: NodeSpec['onError'], concurrency?: number) => (credential: CredentialRef, name: string) =>
	pandaPonNode({
		name,
		credential,
		onError,
		parameters: {
			resource: 'taobaoOrder',
			operation: 'get',
			orderId: '={{ $json.orderId }}',
			options: concurrency === undefined ? {} : { concurrency },
		},
	});

const ENTRIES: Record<string, Entry> = {
	get: { path: 'rel-get', node: getOrder(CONTINUE) },
	getSequential: { path: 'rel-get-seq', node: getOrder(undefined, 1) },
	getConcurrent: { path: 'rel-get-conc', node: getOrder(undefined) },
	getStop: { path: 'rel-get-stop', node: getOrder(undefined) },
	create: {
		path: 'rel-create',
		node: (credential, name) => pandaPonNode({ name, credential, onError: CONTINUE, parameters: createOrderParameters() }),
	},
	createStop: { path: 'rel-create-stop', node: (credential, name) => pandaPonNode({ name, credential, parameters: createOrderParameters() }) },
	pay: {
		path: 'rel-pay',
		node: (credential, name) =>
			pandaPonNode({ name, credential, onError: CONTINUE, parameters: { resource: 'taobaoOrder', operation: 'pay', orderId: '={{ $json.orderId }}' } }),
	},
	payStop: {
		path: 'rel-pay-stop',
		node: (credential, name) => pandaPonNode({ name, credential, parameters: { resource: 'taobaoOrder', operation: 'pay', orderId: '={{ $json.orderId }}' } }),
	},
	custom: { path: 'rel-custom', node: (credential, name) => customCall(credential, name, CONTINUE) },
	customStop: { path: 'rel-custom-stop', node: (credential, name) => customCall(credential, name) },
	refunds: { path: 'rel-refunds', node: (credential, name) => refundList(credential, name, CONTINUE) },
	refundsStop: { path: 'rel-refunds-stop', node: (credential, name) => refundList(credential, name) },
	product: {
		path: 'rel-product',
		node: (credential, name) =>
			pandaPonNode({ name, credential, onError: CONTINUE, parameters: { resource: 'taobaoProduct', operation: 'get', productId: byId('={{ $json.productId }}') } }),
	},
	cancelBatch: { path: 'rel-cancel-batch', node: cancelOrders({ concurrency: 5 }) },
	cancelBatchConcurrent: { path: 'rel-cancel-batch-conc', node: cancelOrders({ concurrency: 5, concurrentChanges: true }) },
	wrongCredential: { path: 'rel-wrong-cred', node: getOrder(CONTINUE) },
	wrongCredentialStop: { path: 'rel-wrong-cred-stop', node: getOrder(undefined) },
};

/** 1688 Order › Cancel over the input items (issue 12): a change, without continue on fail. */
function cancelOrders(options: Record<string, unknown>) {
	return (credential: CredentialRef, name: string) =>
		pandaPonNode({
			name,
			credential,
			parameters: { resource: 'alibabaOrder', operation: 'cancel', orderId: '={{ $json.orderId }}', cancelReason: '不想要了', options },
		});
}

function customCall(credential: CredentialRef, name: string, onError?: NodeSpec['onError']): NodeSpec {
	return pandaPonNode({
		name,
		credential,
		onError,
		parameters: { resource: 'customApiCall', operation: 'call', method: 'POST', path: '={{ $json.path }}', body: '={{ $json.body }}', idempotent: false },
	});
}

function refundList(credential: CredentialRef, name: string, onError?: NodeSpec['onError']): NodeSpec {
	return pandaPonNode({
		name,
		credential,
		onError,
		parameters: { resource: 'taobaoRefund', operation: 'getAll', returnAll: false, limit: 2, additionalFields: { refundStartTime: '={{ $json.start }}' } },
	});
}

// ---------------------------------------------------------------------------------------
// Running an entry and finding its execution
// ---------------------------------------------------------------------------------------

interface EntryRun {
	tag: string;
	entry: string;
	ack: Ack;
	inputs: number;
}

function tagOf(run: ExecutionResult, entry: string): string | undefined {
	const body = run.runData[hookName(entry)]?.[0]?.data?.main?.[0]?.[0]?.json?.body as { tag?: unknown } | undefined;
	return typeof body?.tag === 'string' ? body.tag : undefined;
}

interface NodeOutcome {
	run: ExecutionResult;
	items: Array<Record<string, unknown>>;
	/** The input item each output item points at (pairedItem), -1 when it has none. */
	paired: number[];
	error?: Record<string, unknown>;
}

type PairedItem = { item?: number } | Array<{ item?: number }> | number | undefined;

function pairedIndex(paired: PairedItem): number {
	const first = Array.isArray(paired) ? paired[0] : paired;
	const index = typeof first === 'number' ? first : first?.item;
	return typeof index === 'number' ? index : -1;
}

function outcome(run: ExecutionResult, entry: string): NodeOutcome {
	const nodeRun = run.runData[nodeName(entry)]?.[0];
	const items = (nodeRun?.data?.main?.[0] ?? []) as Array<{ json: Record<string, unknown>; pairedItem?: PairedItem }>;
	return {
		run,
		items: items.map((item) => item.json),
		paired: items.map((item) => pairedIndex(item.pairedItem)),
		error: (nodeRun?.error ?? run.error) as Record<string, unknown> | undefined,
	};
}

/** Input indexes (0..inputs-1) that no output item answers, and output items pointing elsewhere. */
function unansweredInputs(out: NodeOutcome, inputs: number): string[] {
	const problems: string[] = [];
	for (let i = 0; i < inputs; i++) if (!out.paired.includes(i)) problems.push(`input ${i} has no output item`);
	out.paired.forEach((p, k) => {
		if (p < 0 || p >= inputs) problems.push(`output item ${k} points at input ${p}`);
	});
	return problems;
}

// ---------------------------------------------------------------------------------------
// Crash classification (see the definition at the top)
// ---------------------------------------------------------------------------------------

const ACCEPTED_ERRORS = new Set(['NodeOperationError', 'NodeApiError', 'ExpressionError']);
const JS_ERROR = /^(TypeError|RangeError|ReferenceError|SyntaxError|Error|AggregateError|InternalError)\b/;

/** Why a failed execution counts as a crash, or undefined when it failed cleanly. */
function crashReason(run: ExecutionResult, error: Record<string, unknown> | undefined): string | undefined {
	if (run.status !== 'error') return `execution ended "${run.status}"`;
	if (!error) return 'failed without an error';
	const name = typeof error.name === 'string' ? error.name : undefined;
	const stack = typeof error.stack === 'string' ? error.stack : '';
	if (name !== undefined && !ACCEPTED_ERRORS.has(name)) return `error class ${name}: ${String(error.message)}`;
	if (name === undefined && JS_ERROR.test(stack)) return `plain JS error: ${stack.split('\n')[0]}`;
	const node = (error.node as { type?: unknown } | undefined)?.type ?? run.error?.node?.type;
	if (typeof node !== 'string') return `error names no node: ${String(error.message)}`;
	if (typeof error.message !== 'string' || error.message.trim() === '') return 'error without a message';
	return undefined;
}

// ---------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------

/** The ways a secret string may be written down. */
function secretForms(secret: string): string[] {
	const escaped = JSON.stringify(secret).slice(1, -1).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
	const digests = ['md5', 'sha1', 'sha256'].flatMap((alg) => {
		const hex = createHash(alg).update(secret, 'utf8').digest('hex');
		return [hex, hex.toUpperCase()];
	});
	const hmacOfSecret = createHmac('sha256', secret).update(secret).digest('hex');
	return [...new Set([secret, escaped, encodeURIComponent(secret), Buffer.from(secret, 'utf8').toString('base64'), ...digests, hmacOfSecret])];
}

/** Occurrences of each needle across the texts (needles shorter than 8 characters are refused). */
function countOccurrences(texts: string[], needles: string[]): Map<string, number> {
	const found = new Map<string, number>();
	for (const needle of needles) {
		if (needle.length < 8) throw new Error(`needle too short to search for: "${needle}"`);
		let count = 0;
		for (const text of texts) {
			for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
		}
		if (count > 0) found.set(needle, count);
	}
	return found;
}

// ---------------------------------------------------------------------------------------

/**
 * The PandaPon Trigger's typeVersion in these workflows: 2 (what new nodes get);
 * PANDAPON_E2E_RELIABILITY_TRIGGER_VERSION=1 runs the same checks on version 1, which
 * workflows saved before version 2 hold.
 */
const TRIGGER_TYPE_VERSION: 1 | 2 = process.env.PANDAPON_E2E_RELIABILITY_TRIGGER_VERSION === '1' ? 1 : 2;

/** A bare n8n Webhook node: what n8n itself answers to a request our trigger answered 5xx. */
const CONTROL_HOOK = 'rel-control';

const WRONG_SECRET = `wrong-secret-${randomBytes(6).toString('hex')}-密钥`;

describe('reliability suite in a real n8n (issue 5)', () => {
	let n8n: N8n;
	let fake: FakePandaPon;
	let baseUrl = '';
	let callbacks: ReturnType<typeof callbackTriggerWorkflow>;
	let actions: WorkflowJson;
	/** Raw bodies of genuine callbacks that must have started an execution (checked for big IDs). */
	const deliveredGenuine = new Map<string, string>();
	/** Requests the fake recorded before a reset (their signatures are searched for at the end). */
	const earlierRequests: RecordedRequest[] = [];

	const hook = () => `${baseUrl}/webhook/${callbacks.path}`;
	const secret = () => fake.credentials.accessSecret;

	/** POSTs `{ tag, items }` (items as raw JSON text) to an entry of the actions workflow. */
	async function runEntry(entry: Entry, itemsJson: string): Promise<EntryRun> {
		const tag = `t-${randomBytes(6).toString('hex')}`;
		const ack = await send(`${baseUrl}/webhook/${entry.path}`, `{"tag":"${tag}","items":${itemsJson}}`, { 'content-type': 'application/json' });
		responses.push(ack.text);
		const inputs = (JSON.parse(itemsJson.replace(/\d{16,}/g, '0')) as unknown[]).length;
		return { tag, entry: entry.path, ack, inputs };
	}

	/** The executions of the given runs, by tag (waits until each one has finished). */
	async function outcomes(runs: EntryRun[]): Promise<Map<string, NodeOutcome>> {
		const tags = new Set(runs.map((r) => r.tag));
		const found = (all: ExecutionResult[]) => all.filter((run) => runs.some((r) => tagOf(run, r.entry) === r.tag));
		const all = await n8n.waitForExecutions(actions.id, (list) => found(list).length >= tags.size);
		const byTag = new Map<string, NodeOutcome>();
		for (const r of runs) {
			const run = all.find((candidate) => tagOf(candidate, r.entry) === r.tag);
			if (run) byTag.set(r.tag, outcome(run, r.entry));
		}
		return byTag;
	}

	beforeAll(async () => {
		fake = await FakePandaPon.start();
		n8n = await newN8n('reliability', { env: { N8N_LOG_LEVEL: 'debug' } });
		const good = fakeCredential(fake, { name: 'PandaPon (fake)' });
		const wrong = fakeCredential(fake, { name: 'PandaPon (wrong secret)', overrides: { accessSecret: WRONG_SECRET } });
		callbacks = callbackTriggerWorkflow({
			name: 'reliability: callbacks',
			credential: ref(good),
			typeVersion: TRIGGER_TYPE_VERSION,
			parameters: { verification: 'enforce' },
		});
		const wrongEntries = new Set([ENTRIES.wrongCredential.path, ENTRIES.wrongCredentialStop.path]);
		actions = entriesWorkflow(
			'reliability: actions',
			Object.values(ENTRIES).map((entry) => ({ ...entry, credential: ref(wrongEntries.has(entry.path) ? wrong : good) })),
			[CONTROL_HOOK],
		);
		await n8n.importCredentials([good, wrong]);
		await n8n.importWorkflows([callbacks.workflow, actions]);
		await n8n.publishWorkflow(callbacks.workflow.id);
		await n8n.publishWorkflow(actions.id);
		({ url: baseUrl } = await n8n.start({ webhooks: [{ path: callbacks.path }, ...Object.values(ENTRIES).map((e) => ({ path: e.path })), { path: CONTROL_HOOK }] }));
		process.stderr.write(`[reliability.e2e] PandaPon Trigger typeVersion ${TRIGGER_TYPE_VERSION}; n8n ${n8n.install.version} ready after ${((Date.now() - fileStarted) / 1000).toFixed(1)} s\n`);
	});

	afterAll(async () => {
		await n8n?.stop();
		await fake?.close();
		const width = Math.max(...summary.map((line) => line.length), 20);
		const rule = '-'.repeat(width + 4);
		process.stderr.write(
			`\n[reliability.e2e] summary, n8n ${n8n?.install.version ?? '?'}, PandaPon Trigger v${TRIGGER_TYPE_VERSION} (${((Date.now() - fileStarted) / 1000).toFixed(1)} s)\n` +
				`${rule}\n${summary.map((line) => `| ${line.padEnd(width)} |`).join('\n')}\n${rule}\n`,
		);
	});

	describe('forged callbacks', () => {
		test('no forgery starts an execution; genuine callbacks still do', async () => {
			await n8n.withLogs(async () => {
				const s = secret();
				const accessKey = fake.credentials.accessKey;
				const json = { 'content-type': 'application/json' };
				const f = (n: number, kind: CallbackKind = 'price') => callbackBody({ kind, marker: `forged-${n}` });
				// Genuine messages, one of which (G1) is also sent unsigned BEFORE its genuine delivery.
				const genuine = ['price', 'refund', 'status1688'].map((kind, i) => callbackBody({ kind: kind as CallbackKind, marker: `genuine-${i + 1}` }));
				const replayBase = callbackBody({ kind: 'refund', marker: 'genuine-replayed', timestamp: '1715669900000' });

				const forgeries: Array<{ label: string; body: string | Buffer; headers: Record<string, string>; expect?: number }> = [
					{ label: 'missing Authorization', body: f(1), headers: json },
					{ label: 'empty Authorization', body: f(2), headers: { ...json, authorization: '' } },
					{ label: 'wrong secret', body: f(3), headers: { ...json, authorization: computeCallbackSignature(f(3), 'not-the-access-secret') } },
					{ label: 'near-miss secret (trailing space)', body: f(4), headers: { ...json, authorization: computeCallbackSignature(f(4), `${s} `) } },
					{ label: 'Access Key used as the secret', body: f(5), headers: { ...json, authorization: computeCallbackSignature(f(5), accessKey) } },
					{ label: 'body tampered after signing', body: f(6).replace('"quantity":2', '"quantity":20'), headers: { ...json, authorization: computeCallbackSignature(f(6), s) } },
					{ label: 'signature of another (genuine) body', body: f(7), headers: { ...json, authorization: computeCallbackSignature(genuine[0], s) } },
					{ label: 'newline appended after signing', body: `${f(8)}\n`, headers: { ...json, authorization: computeCallbackSignature(f(8), s) } },
					{ label: 're-spaced after signing', body: f(9).replace(/,"/g, ', "'), headers: { ...json, authorization: computeCallbackSignature(f(9), s) } },
					{ label: 'messagePlatform switched after signing', body: f(10).replace('"messagePlatform":0', '"messagePlatform":1'), headers: { ...json, authorization: computeCallbackSignature(f(10), s) } },
					{ label: 'messageType switched after signing', body: f(11, 'refund').replace('TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND', '1688_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND'), headers: { ...json, authorization: computeCallbackSignature(f(11, 'refund'), s) } },
					{ label: 'garbage Authorization', body: f(12), headers: { ...json, authorization: 'Bearer abc' } },
					{ label: 'truncated signature', body: f(13), headers: { ...json, authorization: computeCallbackSignature(f(13), s).slice(0, 63) } },
					{ label: 'signature with an extra digit', body: f(14), headers: { ...json, authorization: `${computeCallbackSignature(f(14), s)}0` } },
					{ label: 'HMAC-SHA1 instead of HMAC-SHA256', body: f(15), headers: { ...json, authorization: createHmac('sha1', s).update(f(15)).digest('hex') } },
					{ label: 'request-signature scheme (MD5) instead of HMAC', body: f(16), headers: { ...json, authorization: computeSignature(accessKey, '1715669977082', 'N'.repeat(32), s) } },
					{ label: 'valid signature in another header only', body: f(17), headers: { ...json, 'x-signature': computeCallbackSignature(f(17), s) } },
					{ label: 'text/plain, wrong secret', body: f(18), headers: { 'content-type': 'text/plain', authorization: computeCallbackSignature(f(18), 'nope-nope') } },
					{ label: 'genuine content (G1) without a signature', body: genuine[0], headers: json },
					{ label: 'genuine content (G2) signed with the wrong secret', body: genuine[1], headers: { ...json, authorization: computeCallbackSignature(genuine[1], 'not-the-access-secret') } },
					{ label: 'empty body, wrong signature (a probe: 200, nothing started)', body: '', headers: { ...json, authorization: computeCallbackSignature('', 'nope-nope') }, expect: 200 },
				];

				const notRejected: string[] = [];
				for (const forgery of forgeries) {
					const ack = await send(hook(), forgery.body, forgery.headers);
					responses.push(ack.text);
					if (ack.status !== (forgery.expect ?? 401)) notRejected.push(`${forgery.label}: ${ack.status} ${ack.text}${ack.error ?? ''}`);
				}
				// Genuine deliveries after the forged copies, then a replay of a delivered one with altered fields.
				const genuineAcks: Ack[] = [];
				for (const body of [...genuine, replayBase]) {
					genuineAcks.push(await send(hook(), body, signedHeaders(body, s)));
					deliveredGenuine.set(body, body);
				}
				const replaySignature = computeCallbackSignature(replayBase, s);
				const replays = [
					replayBase.replace('"timestamp":"1715669900000"', '"timestamp":"1715669999999"').replace('"refundStatus":10', '"refundStatus":40'),
					replayBase.replace('genuine-replayed', 'forged-replayed'),
				];
				for (const body of replays) {
					const ack = await send(hook(), body, { ...json, authorization: replaySignature });
					responses.push(ack.text);
					if (ack.status !== 401) notRejected.push(`replayed signature, altered body: ${ack.status} ${ack.text}`);
				}
				const tried = forgeries.length + replays.length;

				const genuineMarkers = ['genuine-1', 'genuine-2', 'genuine-3', 'genuine-replayed'];
				const runs = await n8n.waitForExecutions(callbacks.workflow.id, (list) => genuineMarkers.every((m) => markerCounts(list).has(m)), { settleMs: 2500 });
				const counts = markerCounts(runs);
				const forgedExecutions = [...counts].filter(([marker]) => marker.startsWith('forged')).reduce((sum, [, n]) => sum + n, 0);
				const extraGenuine = genuineMarkers.reduce((sum, marker) => sum + Math.max(0, (counts.get(marker) ?? 0) - 1), 0);
				// The replay with refundStatus 40 carries the genuine marker: it would show as a second execution.
				const accepted = forgedExecutions + extraGenuine + notRejected.length;
				const genuineRan = genuineMarkers.filter((marker) => counts.get(marker) === 1).length;
				report(`forged callbacks tried ${tried}, accepted ${accepted} (executions ${forgedExecutions + extraGenuine}, not answered 401 ${notRejected.length}); genuine ran ${genuineRan}/${genuineMarkers.length}`);

				expect(notRejected).toEqual([]);
				expect({ forgedExecutions, extraGenuine }).toEqual({ forgedExecutions: 0, extraGenuine: 0 });
				expect(genuineAcks.map((ack) => ack.status)).toEqual([200, 200, 200, 200]);
				expect(genuineRan).toBe(genuineMarkers.length);
				expect(runs.every((run) => run.status === 'success')).toBe(true);
			});
		});
	});

	describe('duplicate deliveries', () => {
		test('N distinct messages delivered N+M times (some concurrently) start exactly N executions', async () => {
			await n8n.withLogs(async () => {
				const s = secret();
				const body = (i: number, ts: string, quantity?: number) =>
					callbackBody({ kind: (['price', 'refund', 'status1688'] as const)[i % 3], marker: `dup-${i}`, timestamp: ts, quantity });
				const post = async (text: string) => {
					const ack = await send(hook(), text, signedHeaders(text, s));
					responses.push(ack.text);
					return ack;
				};
				const acks: Ack[] = [];
				const bodies = new Set<string>();
				let concurrently = 0;
				const deliver = async (texts: string[]) => {
					texts.forEach((t) => bodies.add(t));
					if (texts.length > 1) concurrently += texts.length;
					acks.push(...(await Promise.all(texts.map(post))));
				};
				// 1: first delivery, then two PandaPon retries (new push timestamp), one after the other.
				await deliver([body(1, '1715670000001')]);
				await deliver([body(1, '1715671800001')]);
				await deliver([body(1, '1715673600001')]);
				// 2: the identical bytes again.
				await deliver([body(2, '1715670000002')]);
				await deliver([body(2, '1715670000002')]);
				// 3: four copies at once, none delivered before.
				await deliver(['1715670000003', '1715670000013', '1715670000023', '1715670000033'].map((ts) => body(3, ts)));
				// 4 and 5: interleaved, all six at once.
				await deliver([4, 5, 4, 5, 4, 5].map((i, k) => body(i, `17156700000${40 + k}`)));
				// 6 and 7: 7 (another order, other quantity) is NOT a duplicate; then 6 again, a retry:
				// no other message about 6's order came in between.
				await deliver([body(6, '1715670000006')]);
				await deliver([callbackBody({ kind: 'price', marker: 'dup-7', timestamp: '1715670000007', quantity: 5 })]);
				await deliver([body(6, '1715675000006')]);

				const distinct = 7;
				const deliveries = acks.length;
				const markers = Array.from({ length: distinct }, (_, i) => `dup-${i + 1}`);
				const runs = await n8n.waitForExecutions(callbacks.workflow.id, (list) => markers.every((m) => markerCounts(list).has(m)), { settleMs: 2500 });
				const counts = markerCounts(runs);
				const executions = markers.reduce((sum, marker) => sum + (counts.get(marker) ?? 0), 0);
				const answeredDuplicate = acks.filter((ack) => ack.status === 200 && /"duplicate":true/.test(ack.text)).length;
				report(`duplicates: ${distinct} distinct + ${deliveries - distinct} re-deliveries (${deliveries} sent, ${concurrently} of them concurrently), executions ${executions}, answered duplicate ${answeredDuplicate}`);
				for (const b of bodies) deliveredGenuine.set(b, b);

				expect(acks.map((ack) => ack.status)).toEqual(acks.map(() => 200));
				expect(Object.fromEntries(markers.map((m) => [m, counts.get(m) ?? 0]))).toEqual(Object.fromEntries(markers.map((m) => [m, 1])));
				expect(executions).toBe(distinct);
				expect(answeredDuplicate).toBe(deliveries - distinct);
			});
		});
	});

	describe('messages that repeat an older one (issue 12.3)', () => {
		test('A → B → A about one order or refund starts 3 executions; retries of the last message, also after another order\'s, start none', async () => {
			await n8n.withLogs(async () => {
				const s = secret();
				const acks: Array<{ label: string; duplicate: boolean }> = [];
				const post = async (label: string, text: string) => {
					const ack = await send(hook(), text, signedHeaders(text, s));
					responses.push(ack.text);
					deliveredGenuine.set(text, text);
					expect({ label, status: ack.status }).toEqual({ label, status: 200 });
					acks.push({ label, duplicate: /"duplicate":true/.test(ack.text) });
				};
				const expected = new Map<string, number>();
				for (const kind of ['price', 'refund'] as const) {
					const a = (timestamp: string) => callbackBody({ kind, marker: `aba-${kind}-A`, timestamp });
					// B: the same order or refund (IDs come from A's marker), another quantity.
					const b = callbackBody({ kind, marker: `aba-${kind}-A`, timestamp: '1715670000100', quantity: 5 }).replace(`"marker":"aba-${kind}-A"`, `"marker":"aba-${kind}-B"`);
					await post(`${kind} A`, a('1715670000000'));
					await post(`${kind} B`, b);
					await post(`${kind} A again`, a('1715670000200'));
					await post(`${kind} retry of A (new timestamp)`, a('1715671800200'));
					await post(`${kind} retry of A (same bytes)`, a('1715671800200'));
					await post(`${kind} C (another order)`, callbackBody({ kind: 'status1688', marker: `aba-${kind}-C` }));
					await post(`${kind} retry of A after C`, a('1715673600200'));
					expected.set(`aba-${kind}-A`, 2).set(`aba-${kind}-B`, 1).set(`aba-${kind}-C`, 1);
				}
				const runs = await n8n.waitForExecutions(callbacks.workflow.id, (list) => [...expected].every(([m, n]) => (markerCounts(list).get(m) ?? 0) >= n), { settleMs: 2500 });
				const counts = markerCounts(runs);
				const executionsOf = (kinds: string[]) => [...expected.keys()].filter((m) => kinds.some((k) => m.endsWith(`-${k}`))).reduce((sum, m) => sum + (counts.get(m) ?? 0), 0);
				const aba = executionsOf(['A', 'B']);
				const retries = acks.filter((ack) => ack.label.includes('retry'));
				const retriesRun = retries.filter((ack) => !ack.duplicate).length;
				const extraExecutions = [...expected].reduce((sum, [m, n]) => sum + Math.max(0, (counts.get(m) ?? 0) - n), 0);
				report(
					`repeats: A→B→A (price, refund) → executions ${aba} (expected 6); retries of the last message ${retries.length} ` +
						`(new timestamp, same bytes, after another order's message) → extra executions ${extraExecutions}, answered as new ${retriesRun}`,
				);

				expect(Object.fromEntries([...expected.keys()].map((m) => [m, counts.get(m) ?? 0]))).toEqual(Object.fromEntries(expected));
				expect({ aba, extraExecutions, retriesRun }).toEqual({ aba: 6, extraExecutions: 0, retriesRun: 0 });
				expect(acks.filter((ack) => !ack.label.includes('retry')).map((ack) => `${ack.label}: ${ack.duplicate}`)).toEqual(
					acks.filter((ack) => !ack.label.includes('retry')).map((ack) => `${ack.label}: false`),
				);
			});
		});
	});

	describe('big IDs', () => {
		test('IDs above 2^53 keep every digit: callbacks -> trigger output, items -> requests, responses -> output', async () => {
			await n8n.withLogs(async () => {
				const lost: string[] = [];
				let checked = 0;
				const check = (where: string, digits: string, ok: boolean) => {
					checked++;
					if (!ok) lost.push(`${where}: ${digits}`);
				};

				// 1. Trigger: every big integer literal of each delivered genuine body is a string in the trigger output.
				const runs = await n8n.executionsFromDb(callbacks.workflow.id);
				const byMarker = new Map(runs.map((run) => [markerOf(run), run]));
				for (const rawBody of deliveredGenuine.values()) {
					const marker = /"marker\\?":\\?"([^"\\]+)/.exec(rawBody)?.[1];
					const run = byMarker.get(marker);
					const strings = stringValues(run ? callbackItem(run) : undefined);
					for (const digits of bigIntegersIn(rawBody)) check(`trigger ${marker}`, digits, strings.has(digits));
				}

				// 2. Action node, Taobao order Get: the ID reaches the fake exactly, every big ID of the answer reaches the output.
				const mark = fake.requests.length;
				const orders = fake.state.taobaoOrders.slice(0, 6);
				const get = await runEntry(ENTRIES.get, JSON.stringify(orders.map((order) => ({ orderId: order.orderId }))));
				// 3. Pay (ID field sent as a JSON string; the fake answers the ID as a bare integer).
				const payIds = ['9007199254740993', '9223372036854775807', '18446744073709551615', bigId('pay')];
				const pay = await runEntry(ENTRIES.pay, JSON.stringify(payIds.map((orderId) => ({ orderId }))));
				// 4. Custom API Call with a JSON body typed with bare integer literals.
				const customIds = ['9007199254740995', '12345678901234567890123', bigId('custom')];
				const custom = await runEntry(ENTRIES.custom, JSON.stringify(customIds.map((id) => ({ path: '/open/order/pay', body: `{"orderId": ${id}, "note": "x"}` }))));
				const done = await outcomes([get, pay, custom]);

				const requests = fake.requests.slice(mark);
				const getRequests = requests.filter((r) => r.path === '/open/order/detail/get');
				const getOut = done.get(get.tag);
				orders.forEach((order, i) => {
					check('get request', order.orderId, getRequests.some((r) => r.query.orderId === order.orderId));
					const strings = stringValues(getOut?.items[i]);
					const answered = bigIntegersIn(JSON.stringify(order));
					for (const digits of answered) check(`get output item ${i}`, digits, strings.has(digits));
				});
				const payRequests = requests.filter((r) => r.path === '/open/order/pay');
				const payOut = done.get(pay.tag);
				payIds.forEach((id, i) => {
					check('pay request', id, payRequests.some((r) => containsNumber(r.rawBody, id)));
					check('pay output', id, payOut?.items[i]?.orderId === id);
				});
				const customOut = done.get(custom.tag);
				customIds.forEach((id, i) => {
					check('custom request', id, payRequests.some((r) => new RegExp(`"orderId":\\s*${id}(?!\\d)`).test(r.rawBody)));
					check('custom output', id, customOut?.items[i]?.orderId === id);
				});
				report(`big IDs checked ${checked}, digits lost ${lost.length}`);

				expect([getOut?.run.status, payOut?.run.status, customOut?.run.status]).toEqual(['success', 'success', 'success']);
				expect(checked).toBeGreaterThanOrEqual(60);
				expect(lost).toEqual([]);
			});
		});
	});

	describe('429/5xx storms on reads', () => {
		const PATH = '/open/order/detail/get';
		const pass: Fault = { type: 'delay', ms: 0 };
		const statusFault = (status: number, retryAfter?: string): Fault => ({ type: 'status', status, ...(retryAfter ? { retryAfter } : {}) });

		test('every item of a read survives a storm; the fake saw the retries', async () => {
			await n8n.withLogs(async () => {
				let mark = fake.requests.length;
				const orders = fake.state.taobaoOrders.slice(0, 8);
				// Sequential (concurrency 1): item by item, up to 3 faults (the retry budget) before a pass.
				const perItem: Fault[][] = [
					[statusFault(429), statusFault(502), statusFault(503)],
					[statusFault(504), statusFault(429, '1')],
					[statusFault(503), statusFault(504), statusFault(502)],
					[statusFault(429)],
					[statusFault(502), statusFault(502), statusFault(504)],
					[],
					[statusFault(429), statusFault(429)],
					[statusFault(503), statusFault(504), statusFault(429)],
				];
				for (const faults of perItem) for (const fault of [...faults, pass]) fake.injectFault(fault, { method: 'GET', path: PATH });
				const faultCount = perItem.reduce((sum, faults) => sum + faults.length, 0);
				const sequential = await runEntry(ENTRIES.getSequential, JSON.stringify(orders.map((o) => ({ orderId: o.orderId }))));
				const seqOut = (await outcomes([sequential])).get(sequential.tag);
				const seqRequests = fake.requests.slice(mark).filter((r) => r.path === PATH).length;
				const pendingAfterSeq = fake.pendingFaults().length;

				// Concurrent (default concurrency 5): a stretch of 3 faults, taken by whichever requests come first.
				mark = fake.requests.length;
				const stretch = [statusFault(503), statusFault(429), statusFault(502)];
				for (const fault of stretch) fake.injectFault(fault, { method: 'GET', path: PATH });
				const concurrentOrders = fake.state.taobaoOrders.slice(8, 18);
				const concurrent = await runEntry(ENTRIES.getConcurrent, JSON.stringify(concurrentOrders.map((o) => ({ orderId: o.orderId }))));
				const concOut = (await outcomes([concurrent])).get(concurrent.tag);
				const concRequests = fake.requests.slice(mark).filter((r) => r.path === PATH).length;

				const survived = (out: NodeOutcome | undefined, list: typeof orders) =>
					list.filter((order, i) => out?.items[i]?.orderId === order.orderId && out.items[i].error === undefined).length;
				const seqSurvived = survived(seqOut, orders);
				const concSurvived = survived(concOut, concurrentOrders);
				const total = orders.length + concurrentOrders.length;
				report(
					`429/5xx storms on reads: survived ${seqSurvived + concSurvived}/${total} items; ` +
						`faults ${faultCount + stretch.length}, requests ${seqRequests + concRequests} (${seqRequests - orders.length + concRequests - concurrentOrders.length} retries)`,
				);

				expect(seqOut?.run.status).toBe('success');
				expect(concOut?.run.status).toBe('success');
				expect(seqSurvived).toBe(orders.length);
				expect(concSurvived).toBe(concurrentOrders.length);
				expect(seqRequests).toBe(orders.length + faultCount);
				expect(concRequests).toBe(concurrentOrders.length + stretch.length);
				expect(pendingAfterSeq).toBe(0);
				expect(fake.pendingFaults()).toEqual([]);
			});
		});

		test('a read whose connection is dropped (ECONNRESET) is retried as well', async () => {
			await n8n.withLogs(async () => {
				const mark = fake.requests.length;
				const resets = 2;
				fake.injectFault({ type: 'reset' }, { method: 'GET', path: PATH, times: resets });
				const order = fake.state.taobaoOrders[0];
				const run = await runEntry(ENTRIES.getSequential, JSON.stringify([{ orderId: order.orderId }]));
				const out = (await outcomes([run])).get(run.tag);
				const requests = fake.requests.slice(mark).filter((r) => r.path === PATH).length;
				const survived = out?.items[0]?.orderId === order.orderId ? 1 : 0;
				report(`dropped connections on reads: survived ${survived}/1 item; resets ${resets}, requests ${requests}`);
				// A reset not consumed (no retry) would hit the next test: start the fake afresh, keeping its requests.
				if (fake.pendingFaults().length > 0) {
					earlierRequests.push(...fake.requests);
					fake.reset();
				}
				expect({ status: out?.run.status, error: out?.error ? `${String(out.error.name)}: ${String(out.error.message)} (httpCode ${String(out.error.httpCode)})` : undefined, survived, requests }).toEqual({
					status: 'success',
					error: undefined,
					survived: 1,
					requests: resets + 1,
				});
			});
		});
	});

	describe('create/pay under faults', () => {
		const CREATE = '/open/order';
		const PAY = '/open/order/pay';
		const faults: Fault[] = [
			{ type: 'status', status: 500 },
			{ type: 'status', status: 502 },
			{ type: 'status', status: 503 },
			{ type: 'status', status: 504 },
			{ type: 'status', status: 429, retryAfter: '1' },
			{ type: 'reset' },
			{ type: 'brokenJson' },
			{ type: 'empty' },
			{ type: 'html' },
		];

		/** Error items of the create and pay runs (continue on fail), for the advice check below. */
		const faultErrorItems: Array<Record<string, unknown>> = [];
		/**
		 * Faults after which PandaPon may have applied the request: 5xx, a dropped connection,
		 * and an answer that cannot be read (broken, empty, HTML); not 429 or 4xx.
		 */
		const mayHaveApplied = faults.filter((f) => f.type !== 'status' || f.status >= 500).length;

		test('a create or pay that meets a fault is sent once and reported as an error, never retried', async () => {
			await n8n.withLogs(async () => {
				const mark = fake.requests.length;
				for (const fault of faults) fake.injectFault(fault, { method: 'POST', path: CREATE });
				for (const fault of faults) fake.injectFault(fault, { method: 'POST', path: PAY });
				const refs = faults.map((_, i) => `rel-create-${i}-${randomBytes(3).toString('hex')}`);
				const payIds = faults.map((_, i) => bigId(`pay-fault-${i}`));
				const create = await runEntry(ENTRIES.create, JSON.stringify(refs.map((ref) => ({ ref }))));
				const pay = await runEntry(ENTRIES.pay, JSON.stringify(payIds.map((orderId) => ({ orderId }))));
				// Without continue on fail: the execution fails at the node; one request each.
				fake.injectFault({ type: 'status', status: 503 }, { method: 'POST', path: CREATE });
				fake.injectFault({ type: 'reset' }, { method: 'POST', path: PAY });
				const stopRef = `rel-create-stop-${randomBytes(3).toString('hex')}`;
				const stopPayId = bigId('pay-stop');
				const createStop = await runEntry(ENTRIES.createStop, JSON.stringify([{ ref: stopRef }]));
				const payStop = await runEntry(ENTRIES.payStop, JSON.stringify([{ orderId: stopPayId }]));
				const done = await outcomes([create, pay, createStop, payStop]);

				const creates = fake.requests.slice(mark).filter((r) => r.method === 'POST' && r.path === CREATE);
				const pays = fake.requests.slice(mark).filter((r) => r.method === 'POST' && r.path === PAY);
				const sentPer = (requests: RecordedRequest[], key: (r: RecordedRequest) => string | undefined) => {
					const counts = new Map<string, number>();
					for (const r of requests) counts.set(key(r) ?? '?', (counts.get(key(r) ?? '?') ?? 0) + 1);
					return counts;
				};
				const createCounts = sentPer(creates, (r) => (r.body as { sellerOrderNumber?: string } | undefined)?.sellerOrderNumber);
				const payCounts = sentPer(pays, (r) => (r.body as { orderId?: string } | undefined)?.orderId);
				const twice = [...createCounts, ...payCounts].filter(([, n]) => n > 1);
				const errorItems = (out: NodeOutcome | undefined) => (out?.items ?? []).filter((item) => typeof item.error === 'string').length;
				const createOut = done.get(create.tag);
				const payOut = done.get(pay.tag);
				faultErrorItems.push(...[...(createOut?.items ?? []), ...(payOut?.items ?? [])].filter((item) => typeof item.error === 'string'));
				const stopErrors = [done.get(createStop.tag), done.get(payStop.tag)];
				report(
					`create/pay under faults: create sent ${creates.length} / distinct ${createCounts.size}, pay sent ${pays.length} / distinct ${payCounts.size}; ` +
						`sent twice ${twice.length}; error items ${errorItems(createOut) + errorItems(payOut)}/${faults.length * 2}, failed executions ${stopErrors.filter((o) => o?.run.status === 'error').length}/2`,
				);

				expect(twice).toEqual([]);
				expect([creates.length, createCounts.size, pays.length, payCounts.size]).toEqual([faults.length + 1, faults.length + 1, faults.length + 1, faults.length + 1]);
				expect([...createCounts.keys()].sort()).toEqual([...refs, stopRef].sort());
				expect([...payCounts.keys()].sort()).toEqual([...payIds, stopPayId].sort());
				expect(fake.pendingFaults()).toEqual([]);
				expect(createOut?.run.status).toBe('success');
				expect(payOut?.run.status).toBe('success');
				expect(errorItems(createOut)).toBe(faults.length);
				expect(errorItems(payOut)).toBe(faults.length);
				for (const out of stopErrors) {
					expect(out?.run.status).toBe('error');
					expect(out && crashReason(out.run, out.error)).toBeUndefined();
				}
			});
		});

		test('after a 5xx, a dropped connection or an unreadable answer, the error says the create/pay may have been applied (never "retry immediately")', () => {
			const warned = faultErrorItems.filter((item) => /may or may not have applied/.test(String(item.description)));
			const retryNow = faultErrorItems.filter((item) => /retry the request immediately/i.test(`${String(item.error)} ${String(item.description)}`));
			report(`create/pay "may have been applied" warnings ${warned.length}/${mayHaveApplied * 2}, "retry immediately" advice ${retryNow.length}`);
			expect(retryNow.map((item) => item.error)).toEqual([]);
			expect(warned).toHaveLength(mayHaveApplied * 2);
		});
	});

	describe('a failing item in a batch of changes (issue 12)', () => {
		const CANCEL = '/alibaba/order/cancel';
		/** An order the fake refuses to cancel (already paid); unknown IDs are cancelled. */
		const paidOrderId = () => fake.state.alibabaOrders.find((order) => order.status !== 'waitbuyerpay')!.orderId;
		const cancelIds = (mark: number) => fake.requests.slice(mark).filter((r) => r.path === CANCEL).map((r) => String((r.body as { orderId?: unknown }).orderId));

		test('bad input anywhere sends nothing; after a refused item nothing more is sent; the error lists what was applied', async () => {
			const ids = (label: string) => [0, 1, 2, 3, 4].map((i) => bigId(`cancel-${label}-${i}`));
			// A: a typo in item 0, Concurrency 5 with Concurrent Changes on (the worst case).
			let mark = fake.requests.length;
			const typo = ids('typo');
			const typoRun = await runEntry(ENTRIES.cancelBatchConcurrent, JSON.stringify([{ orderId: '12ab' }, ...typo.slice(1).map((orderId) => ({ orderId }))]));
			const typoOut = (await outcomes([typoRun])).get(typoRun.tag);
			const typoSent = cancelIds(mark).length;
			// B: PandaPon refuses item 1; Concurrency 5, changes one at a time (the default).
			mark = fake.requests.length;
			const refused = ids('refused');
			refused[1] = paidOrderId();
			const refusedRun = await runEntry(ENTRIES.cancelBatch, JSON.stringify(refused.map((orderId) => ({ orderId }))));
			const refusedOut = (await outcomes([refusedRun])).get(refusedRun.tag);
			const refusedSent = cancelIds(mark);
			const sentAfterFailure = refusedSent.filter((id) => refused.indexOf(id) > 1).length;
			const refusedReport = String(refusedOut?.error?.description ?? '');
			// C: PandaPon refuses item 0 with Concurrent Changes on: items 1-4 were already on their way.
			mark = fake.requests.length;
			const concurrent = ids('concurrent');
			concurrent[0] = paidOrderId();
			const concurrentRun = await runEntry(ENTRIES.cancelBatchConcurrent, JSON.stringify(concurrent.map((orderId) => ({ orderId }))));
			const concurrentOut = (await outcomes([concurrentRun])).get(concurrentRun.tag);
			const concurrentReport = String(concurrentOut?.error?.description ?? '');
			const listed = concurrent.slice(1).filter((id) => concurrentReport.includes(`"orderId":${id}`)).length;
			report(
				`failing item in a batch of 5 cancels: typo in item 0 (Concurrency 5, concurrent changes) → sent ${typoSent}/5; ` +
					`item 1 refused (Concurrency 5, default) → sent after the failure was known ${sentAfterFailure}, applied items named in the error ${refusedReport.includes(`"orderId":${refused[0]}`) ? 1 : 0}/1; ` +
					`item 0 refused with concurrent changes → already on their way ${cancelIds(mark).length - 1}, named in the error ${listed}/4`,
			);
			expect(typoOut?.run.status).toBe('error');
			expect(typoSent).toBe(0);
			expect(refusedOut?.run.status).toBe('error');
			expect(refusedSent).toEqual(refused.slice(0, 2));
			expect(sentAfterFailure).toBe(0);
			expect(refusedReport).toContain(`- item 0 APPLIED: sent {"webSite":"1688","orderId":${refused[0]},`);
			expect(refusedReport).toContain('Not sent (nothing done): items 2, 3, 4.');
			expect(concurrentOut?.run.status).toBe('error');
			expect(listed).toBe(4);
		});
	});

	describe('malformed inputs', () => {
		test('malformed items (continue on fail on and off) and malformed callbacks crash nothing', async () => {
			await n8n.withLogs(async () => {
				const logStart = fs.statSync(n8n.logFile).size;
				const crashes: string[] = [];
				const huge = (n: number, c = '1') => c.repeat(n);
				// Items per entry, as raw JSON (some numbers JS cannot even hold).
				const cases: Array<{ entry: Entry; stop: Entry; items: string[] }> = [
					{
						entry: ENTRIES.get,
						stop: ENTRIES.getStop,
						items: [
							'{}',
							'{"orderId":""}',
							'{"orderId":"   "}',
							'{"orderId":"abc"}',
							'{"orderId":"12 34"}',
							'{"orderId":1.5}',
							'{"orderId":-7}',
							'{"orderId":9007199254740993}',
							'{"orderId":1e400}',
							'{"orderId":{"a":1}}',
							'{"orderId":[1,2]}',
							'{"orderId":true}',
							'{"orderId":null}',
							'{"orderId":"\\u0000\\ud83d"}',
							`{"orderId":"${huge(300_000)}"}`,
						],
					},
					{
						entry: ENTRIES.custom,
						stop: ENTRIES.customStop,
						items: [
							'{"path":"/open/order/pay","body":"{\\"orderId\\":"}',
							'{"path":"/open/order/pay","body":"not json at all"}',
							'{"path":"/open/order/pay","body":"[1,2"}',
							'{"path":"/open/order/pay","body":"{\\"a\\":1}}"}',
							`{"path":"/open/order/pay","body":"${huge(20_000, '[')}"}`,
							`{"path":"/open/order/pay","body":"{\\"orderId\\":\\"${huge(300_000, 'x')}\\"}"}`,
							'{"path":"no-slash","body":"{}"}',
							'{"path":"","body":"{}"}',
							'{"path":{"a":1},"body":"{}"}',
							'{"path":"/open/order/pay","body":42}',
						],
					},
					{
						entry: ENTRIES.refunds,
						stop: ENTRIES.refundsStop,
						items: ['{"start":"not a date"}', '{"start":"2026-13-45T99:00:00Z"}', '{"start":{}}', '{"start":[1]}', '{"start":true}', '{"start":1e400}', '{"start":"NaN"}'],
					},
					{
						entry: ENTRIES.create,
						stop: ENTRIES.createStop,
						items: ['{"ref":"m1","amount":"abc"}', '{"ref":"m2","amount":1.5}', '{"ref":"m3","amount":{"x":1}}', '{"ref":"m4","amount":9007199254740993}', '{"ref":{"deep":[1]},"amount":"1"}'],
					},
					{ entry: ENTRIES.product, stop: ENTRIES.product, items: ['{"productId":"https://example.com/not-a-product"}', '{"productId":[]}', '{}'] },
				];

				// Continue on fail ON: one execution per entry with every item; it must succeed with one output item per input.
				const onRuns = await Promise.all(cases.map((c) => runEntry(c.entry, `[${c.items.join(',')}]`)));
				// Continue on fail OFF: one execution per item, five at a time.
				const offRuns: EntryRun[] = [];
				const offCases = cases.filter((c) => c.stop !== c.entry).flatMap((c) => c.items.map((item) => ({ entry: c.stop, item })));
				for (let i = 0; i < offCases.length; i += 5) {
					offRuns.push(...(await Promise.all(offCases.slice(i, i + 5).map((c) => runEntry(c.entry, `[${c.item}]`)))));
				}
				const done = await outcomes([...onRuns, ...offRuns]);
				let triedItems = 0;
				let acceptedWithoutError = 0;
				const accepted: string[] = [];
				const errorClasses = new Map<string, number>();
				for (const r of onRuns) {
					triedItems += r.inputs;
					const out = done.get(r.tag);
					if (!out) crashes.push(`${r.entry}: no execution found (HTTP ${r.ack.status} ${r.ack.error ?? ''})`);
					else if (out.run.status !== 'success') crashes.push(`${r.entry} (continue on fail): execution ${out.run.status}: ${String(out.error?.message)}`);
					else if (unansweredInputs(out, r.inputs).length > 0) crashes.push(`${r.entry} (continue on fail): ${unansweredInputs(out, r.inputs).join(', ')}`);
					else {
						const ok = [...new Set(out.paired.filter((_p, k) => out.items[k].error === undefined))];
						acceptedWithoutError += ok.length;
						if (ok.length) accepted.push(`${r.entry} inputs ${ok.join(', ')}`);
					}
				}
				for (const r of offRuns) {
					triedItems += 1;
					const out = done.get(r.tag);
					if (!out) crashes.push(`${r.entry}: no execution found (HTTP ${r.ack.status} ${r.ack.error ?? ''})`);
					else if (out.run.status === 'success') {
						acceptedWithoutError += 1;
						accepted.push(`${r.entry} (stop on fail) ${r.tag}`);
					} else {
						const name = String(out.error?.name ?? 'unnamed');
						errorClasses.set(name, (errorClasses.get(name) ?? 0) + 1);
						const reason = crashReason(out.run, out.error);
						if (reason) crashes.push(`${r.entry}: ${reason}`);
					}
				}

				// Malformed callbacks.
				const s = secret();
				const garbage = randomBytes(4096);
				const invalidUtf8 = Buffer.concat([Buffer.from('{"messageType":"TAOBAO_X","messageBody":{"a":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}}')]);
				const bigBody = Buffer.from(`{"messageType":"TAOBAO_X","messageBody":{"pad":"${'x'.repeat(2 * 1024 * 1024)}"},"messagePlatform":0}`);
				const callbacksTried: Array<{ label: string; body: string | Buffer; headers: Record<string, string> }> = [
					{ label: 'invalid JSON', body: '{"messageType":"TAOBAO_X",', headers: { 'content-type': 'application/json' } },
					{ label: 'invalid JSON, signed', body: '{"messageType":', headers: signedHeaders('{"messageType":', s) },
					{ label: 'JSON array', body: '[1,2,3]', headers: signedHeaders('[1,2,3]', s) },
					{ label: 'JSON string', body: '"hello"', headers: signedHeaders('"hello"', s) },
					{ label: 'JSON null', body: 'null', headers: signedHeaders('null', s) },
					{ label: 'messageType a number', body: '{"messageType":42,"messageBody":{}}', headers: signedHeaders('{"messageType":42,"messageBody":{}}', s) },
					{ label: 'wrong content type (text/plain), signed', body: callbackBody({ kind: 'price', marker: 'malformed-text' }), headers: signedHeaders(callbackBody({ kind: 'price', marker: 'malformed-text' }), s, 'text/plain') },
					{ label: 'form-urlencoded garbage', body: 'a=1&b=%ZZ&&=', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
					{ label: 'multipart without boundary', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n', headers: { 'content-type': 'multipart/form-data' } },
					{ label: 'binary garbage (octet-stream)', body: garbage, headers: { 'content-type': 'application/octet-stream', authorization: computeCallbackSignature(garbage, s) } },
					{ label: 'binary garbage declared JSON', body: garbage, headers: { 'content-type': 'application/json' } },
					{ label: 'invalid UTF-8 inside JSON, signed', body: invalidUtf8, headers: signedHeaders(invalidUtf8, s) },
					{ label: 'deeply nested JSON (20k levels), signed', body: `{"messageType":"TAOBAO_X","messageBody":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, headers: signedHeaders(`{"messageType":"TAOBAO_X","messageBody":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, s) },
					{ label: 'NUL bytes', body: '{"messageType":"\u0000\u0000","messageBody":"\u0000"}', headers: { 'content-type': 'application/json' } },
					{ label: 'gzip declared, plain body', body: '{"messageType":"TAOBAO_X"}', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } },
					{ label: 'oversized 2 MiB, signed', body: bigBody, headers: signedHeaders(bigBody, s) },
				];
				let callbackCrashes = 0;
				const n8nOwn: string[] = [];
				const statuses: string[] = [];
				for (const c of callbacksTried) {
					const ack = await send(hook(), c.body, c.headers);
					responses.push(ack.text);
					statuses.push(`${c.label}: ${ack.status}`);
					if (ack.status === 0 || ack.status >= 500) {
						// n8n's own body handling runs before any node: if a bare Webhook node gets the same 5xx, it is n8n's answer.
						const control = await send(`${baseUrl}/webhook/${CONTROL_HOOK}`, c.body, c.headers);
						if (ack.status >= 500 && control.status === ack.status) {
							n8nOwn.push(`${c.label} (${ack.status}, bare Webhook node ${control.status})`);
							continue;
						}
						callbackCrashes++;
						crashes.push(`callback "${c.label}": ${ack.status} ${ack.text.slice(0, 200)} ${ack.error ?? ''} (bare Webhook node: ${control.status})`);
					}
				}
				process.stderr.write(`[reliability.e2e] malformed callbacks answered: ${statuses.join('; ')}\n`);

				// n8n alive and a genuine callback still runs.
				const healthy = (await send(`${baseUrl}/healthz`, undefined, {}, 'GET')).status === 200;
				if (!healthy) crashes.push('n8n /healthz did not answer 200 afterwards');
				const after = callbackBody({ kind: 'refund', marker: 'after-malformed' });
				const afterAck = await send(hook(), after, signedHeaders(after, s));
				const runs = await n8n.waitForExecutions(callbacks.workflow.id, (list) => markerCounts(list).has('after-malformed'), { timeoutMs: 30_000 });
				if (afterAck.status !== 200 || !markerCounts(runs).has('after-malformed')) crashes.push('a genuine callback after the malformed ones did not start an execution');
				const crashedRuns = runs.filter((run) => !['success', 'error'].includes(run.status));
				for (const run of crashedRuns) crashes.push(`callback execution ${String(run.raw.id)} ended "${run.status}"`);
				const logText = fs.readFileSync(n8n.logFile).subarray(logStart).toString('utf8');
				const unhandled = logText.split('\n').filter((line) => /uncaught exception|unhandled (promise )?rejection|unhandledRejection|uncaughtException/i.test(line));
				for (const line of unhandled) crashes.push(`log: ${line.slice(0, 300)}`);

				const tried = triedItems + callbacksTried.length;
				process.stderr.write(
					`[reliability.e2e] malformed: accepted without error: ${accepted.join('; ') || 'none'}; ` +
						`n8n's own 5xx (before any node): ${n8nOwn.join('; ') || 'none'}\n`,
				);
				report(
					`malformed inputs tried ${tried} (${triedItems} items: ${onRuns.length} runs continue-on-fail, ${offRuns.length} stop-on-fail; ${callbacksTried.length} callbacks), crashes ${crashes.length}`,
				);
				report(
					`  stop-on-fail errors: ${[...errorClasses].map(([name, n]) => `${name} ${n}`).join(', ')}; items accepted without error ${acceptedWithoutError}; callbacks n8n itself answered 5xx ${n8nOwn.length}`,
				);
				expect(crashes).toEqual([]);
				expect(callbackCrashes).toBe(0);
			});
		});
	});

	describe('signature Bases and hostile bytes (issues 10.5, 12.2)', () => {
		test('both Bases start one execution each; non-ASCII signatures and bodies that lie about their encoding start and save nothing', async () => {
			await n8n.withLogs(async () => {
				const s = secret();
				const accessKey = fake.credentials.accessKey;
				const executionIds = async () => new Set((await n8n.executionsFromDb(callbacks.workflow.id)).map((run) => String(run.raw.id)));
				const before = await executionIds();
				const h = (n: number) => callbackBody({ kind: 'price', marker: `hostile-${n}` });
				const valid = (n: number) => computeCallbackSignature(h(n), s, accessKey);
				const octet = { 'content-type': 'application/octet-stream' };
				// Header values are sent as latin1 bytes: '\u00e9' is the single byte 0xE9.
				const hostile: Array<{ label: string; body: string | Buffer; headers: Record<string, string>; expect: number }> = [
					{ label: 'Authorization: 64 bytes 0xE9', body: h(1), headers: { 'content-type': 'application/json', authorization: '\u00e9'.repeat(64) }, expect: 401 },
					{ label: 'Authorization: 64 bytes 0xE9, octet-stream', body: h(2), headers: { ...octet, authorization: '\u00e9'.repeat(64) }, expect: 401 },
					{ label: 'valid signature ending in é', body: h(3), headers: { 'content-type': 'application/json', authorization: `${valid(3).slice(0, 63)}\u00e9` }, expect: 401 },
					{ label: 'valid signature ending in é, no Content-Type', body: h(4), headers: { authorization: `${valid(4).slice(0, 63)}\u00e9` }, expect: 401 },
					{ label: 'UTF-8 bytes of é for two digits', body: h(5), headers: { 'content-type': 'application/json', authorization: `${valid(5).slice(0, 62)}\u00c3\u00a9` }, expect: 401 },
					{ label: 'scheme + 64 bytes 0xFF', body: h(6), headers: { 'content-type': 'application/json', authorization: `HMAC ${'\u00ff'.repeat(64)}` }, expect: 401 },
					{ label: 'octet-stream, gzip declared, not compressed', body: h(7), headers: { ...octet, 'content-encoding': 'gzip', authorization: valid(7) }, expect: 400 },
					{ label: 'octet-stream, deflate declared, not compressed', body: h(8), headers: { ...octet, 'content-encoding': 'deflate', authorization: valid(8) }, expect: 400 },
					{ label: 'no Content-Type, gzip declared, not compressed', body: h(9), headers: { 'content-encoding': 'gzip' }, expect: 400 },
					{ label: 'octet-stream, gzip cut short', body: gzipSync(h(10)).subarray(0, 24), headers: { ...octet, 'content-encoding': 'gzip' }, expect: 400 },
				];
				const wrongAnswers: string[] = [];
				// n8n reads a typeVersion 1 trigger's body itself, before the node runs.
				for (const request of hostile.filter((r) => TRIGGER_TYPE_VERSION === 2 || r.expect === 401)) {
					const ack = await send(hook(), request.body, request.headers);
					responses.push(ack.text);
					if (ack.status !== request.expect) wrongAnswers.push(`${request.label}: ${ack.status} ${ack.text.slice(0, 200)}${ack.error ?? ''}`);
				}

				// Genuine: one signed over Access Key + body, one over the body alone.
				const genuine = { 'accessKey+body': callbackBody({ kind: 'refund', marker: 'base-key-body' }), body: callbackBody({ kind: 'refund', marker: 'base-body' }) };
				const keyed = computeCallbackSignature(genuine['accessKey+body'], s, accessKey);
				sentHmacs.add(keyed);
				const genuineAcks = [
					await send(hook(), genuine['accessKey+body'], { 'content-type': 'application/json', authorization: keyed }),
					await send(hook(), genuine.body, signedHeaders(genuine.body, s)),
				];
				for (const body of Object.values(genuine)) deliveredGenuine.set(body, body);
				const runs = await n8n.waitForExecutions(callbacks.workflow.id, (list) => ['base-key-body', 'base-body'].every((m) => markerCounts(list).has(m)), { settleMs: 2500 });
				const added = runs.filter((run) => !before.has(String(run.raw.id)));
				const hostileExecutions = added.filter((run) => markerOf(run)?.startsWith('hostile') || markerOf(run) === undefined);
				const failedSaved = added.filter((run) => run.status !== 'success');
				const baseOf = (marker: string) => added.filter((run) => markerOf(run) === marker).map((run) => callbackItem(run)?.signatureBase);
				const bases = { 'base-key-body': baseOf('base-key-body'), 'base-body': baseOf('base-body') };
				report(
					`hostile callbacks tried ${hostile.length} (non-ASCII/garbage signatures ${hostile.filter((r) => r.expect === 401).length}, lying Content-Encoding ${hostile.filter((r) => r.expect === 400).length}): ` +
						`executions ${hostileExecutions.length}, failed executions saved ${failedSaved.length}, wrong answers ${wrongAnswers.length}; ` +
						`signed over accessKey+body → ${bases['base-key-body'].length} execution(s) ${JSON.stringify(bases['base-key-body'])}, over body → ${bases['base-body'].length} ${JSON.stringify(bases['base-body'])}`,
				);

				expect(wrongAnswers).toEqual([]);
				expect({ hostileExecutions: hostileExecutions.length, failedSaved: failedSaved.length }).toEqual({ hostileExecutions: 0, failedSaved: 0 });
				expect(genuineAcks.map((ack) => ack.status)).toEqual([200, 200]);
				expect(bases).toEqual({ 'base-key-body': ['accessKey+body'], 'base-body': ['body'] });
			});
		});
	});

	describe('secrets', () => {
		test('no secret in any execution, the n8n log or a response, errors included', async () => {
			await n8n.withLogs(async () => {
				// The error case: a credential whose secret the fake rejects, with and without continue on fail.
				const mark = fake.requests.length;
				const orderId = fake.state.taobaoOrders[0].orderId;
				const wrongOn = await runEntry(ENTRIES.wrongCredential, JSON.stringify([{ orderId }]));
				const wrongOff = await runEntry(ENTRIES.wrongCredentialStop, JSON.stringify([{ orderId }]));
				const done = await outcomes([wrongOn, wrongOff]);
				const rejected = fake.requests.slice(mark).filter((r) => r.rejection !== undefined);
				const onOut = done.get(wrongOn.tag);
				const offOut = done.get(wrongOff.tag);
				expect(rejected.length).toBeGreaterThanOrEqual(2);
				expect(String(onOut?.items[0]?.error)).toMatch(/PandaPon error/);
				expect(offOut?.run.status).toBe('error');

				// Everything n8n kept or said.
				const runs = [...(await n8n.executionsFromDb(callbacks.workflow.id)), ...(await n8n.executionsFromDb(actions.id))];
				const executionTexts = runs.map((run) => JSON.stringify(run.raw));
				const logText = fs.readFileSync(n8n.logFile, 'utf8');
				const texts = [...executionTexts, logText, ...responses];

				const secretNeedles = [...secretForms(fake.credentials.accessSecret), ...secretForms(WRONG_SECRET)];
				// Every request signature n8n sent during the whole file.
				const allSignatures = [...new Set([...earlierRequests, ...fake.requests].map((r) => r.headers.signature).filter((v): v is string => !!v))];
				const found = {
					secret: countOccurrences(texts, secretNeedles),
					requestSignatures: countOccurrences(texts, allSignatures),
					callbackHmacs: countOccurrences(texts, [...sentHmacs]),
				};
				const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
				const accessKeyCount = total(countOccurrences(texts, [fake.credentials.accessKey]));
				report(
					`secrets found ${total(found.secret) + total(found.requestSignatures) + total(found.callbackHmacs)} ` +
						`(searched ${runs.length} executions, ${(logText.length / 1024).toFixed(0)} KiB of log, ${responses.length} responses for ` +
						`${secretNeedles.length} secret forms, ${allSignatures.length} request signatures, ${sentHmacs.size} callback HMACs); ` +
						`access key (not secret) seen ${accessKeyCount}x`,
				);

				// Positive control: the search finds what is there (the fake's rejection, quoted in the error items).
				expect(rejected.map((r) => r.rejection?.msg)).toContain('signature verification failed');
				expect(total(countOccurrences(executionTexts, ['PandaPon error 401: signature verification failed']))).toBeGreaterThan(0);
				expect(runs.length).toBeGreaterThan(20);
				expect(allSignatures.length).toBeGreaterThanOrEqual(2);
				expect(Object.fromEntries(found.secret)).toEqual({});
				expect(Object.fromEntries(found.requestSignatures)).toEqual({});
				expect(Object.fromEntries(found.callbackHmacs)).toEqual({});
			});
		});
	});
});
