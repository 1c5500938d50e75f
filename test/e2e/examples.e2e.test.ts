/**
 * The workflows in examples/, in a REAL n8n with this package installed:
 *
 * - every example imports, and n8n knows every node type and typeVersion it uses (the
 *   PandaPon tool variant of the AI assistant included), every parameter name exists on its
 *   node, credentials are of a type the node accepts, and the workflows n8n stored are the
 *   ones shipped;
 * - the daily refund report runs against the fake PandaPon (Schedule Trigger swapped for a
 *   Manual Trigger, Send Email and Slack swapped for HTTP Requests to a local catcher): the
 *   count, total and per-status figures match the fake's refunds of yesterday, the CSV holds
 *   exactly those refunds, and a day without refunds still reports "0 refunds" without a CSV;
 * - the AI sourcing assistant runs with a scripted stand-in for OpenAI's API: the agent is
 *   offered exactly the five PandaPon tools (with the parameters the workflow lets the model
 *   fill), each reaches the fake PandaPon with what the "model" chose, and only an approved
 *   proposal creates a 1688 order;
 * - the refund alerts run inside `n8n start`: signed callbacks (Include Current State) and
 *   status changes seen by the polling trigger produce a Slack message only for refunds in
 *   the statuses that need a human.
 *
 * The shipped JSON keeps the real Schedule/Chat/Email/Slack nodes; the swaps happen here.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';

import { FakePandaPon, fixtureIds, type TaobaoRefund } from '../fake-pandapon';
import { fakeCredential, newN8n, ref } from './harness';
import { n8nId, PACKAGE_NAME, projectRoot, type N8n, type WorkflowJson } from './n8n';
import type { CredentialRef } from './workflows/build';
import { callbackWebhookPath, pollEverySeconds } from './workflows/triggers';

const DAY = 86_400_000;
const REFUND_LIST = '/open/order/refund/queryList';
const POLL_SECONDS = [5, 20, 35, 50];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the report calls each status: the labels Simplify gives them. */
const STATUS_WORDS: Record<string, string> = {
	'0': 'Not Applied',
	'10': 'Applied, Awaiting Seller',
	'20': 'Agreed, Awaiting Return',
	'30': 'Returned, Awaiting Seller Receipt',
	'100': 'Refunded',
	'-10': 'Seller Refused',
	'-20': 'Closed',
};
const yuan = (fen: number) => (fen / 100).toFixed(2);

// ---------------------------------------------------------------------------------------
// The shipped examples
// ---------------------------------------------------------------------------------------

interface ExampleNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, CredentialRef>;
	webhookId?: string;
	[key: string]: unknown;
}

interface Example {
	file: string;
	workflow: { name: string; nodes: ExampleNode[]; connections: Record<string, unknown>; [key: string]: unknown };
}

const EXAMPLES_DIR = path.join(projectRoot(), 'examples');

function exampleFiles(dir = EXAMPLES_DIR): string[] {
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.flatMap((entry) => {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) return exampleFiles(full);
			return entry.name.endsWith('.json') ? [full] : [];
		})
		.sort();
}

const EXAMPLES: Example[] = exampleFiles().map((file) => ({
	file: path.relative(EXAMPLES_DIR, file),
	workflow: JSON.parse(fs.readFileSync(file, 'utf8')) as Example['workflow'],
}));

function example(file: string): Example {
	const found = EXAMPLES.find((candidate) => candidate.file === file);
	if (!found) throw new Error(`examples/${file} is missing (have: ${EXAMPLES.map((e) => e.file).join(', ')})`);
	return found;
}

const REPORT = 'scheduled-refund-report/scheduled-refund-report.json';
const ALERT_CALLBACK = 'refund-status-slack-alert/refund-alert-callback.json';
const ALERT_POLLING = 'refund-status-slack-alert/refund-alert-polling.json';
const ASSISTANT = 'ai-sourcing-assistant/ai-sourcing-assistant.json';

// ---------------------------------------------------------------------------------------
// A local HTTP catcher standing in for Slack and the mail server
// ---------------------------------------------------------------------------------------

interface Caught {
	path: string;
	contentType: string;
	body: Buffer;
}

interface Catcher {
	url: string;
	caught: Caught[];
	on(pathname: string): Caught[];
	close(): Promise<void>;
}

async function startCatcher(): Promise<Catcher> {
	const caught: Caught[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			caught.push({ path: req.url ?? '', contentType: String(req.headers['content-type'] ?? ''), body: Buffer.concat(chunks) });
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		caught,
		on: (pathname) => caught.filter((entry) => entry.path === pathname),
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

const jsonOf = (entry: Caught) => JSON.parse(entry.body.toString('utf8')) as Record<string, unknown>;

async function formOf(entry: Caught): Promise<{ fields: Record<string, string>; files: Record<string, { name: string; text: string }> }> {
	const form = await new Response(new Uint8Array(entry.body), { headers: { 'content-type': entry.contentType } }).formData();
	const fields: Record<string, string> = {};
	const files: Record<string, { name: string; text: string }> = {};
	for (const [key, value] of form.entries()) {
		if (typeof value === 'string') fields[key] = value;
		else files[key] = { name: value.name, text: await value.text() };
	}
	return { fields, files };
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). */
function parseCsv(text: string): Array<Record<string, string>> {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += c;
	}
	if (field !== '' || row.length > 0) {
		row.push(field);
		rows.push(row);
	}
	const [header, ...body] = rows.filter((r) => r.some((cell) => cell !== ''));
	return body.map((cells) => Object.fromEntries(header.map((name, index) => [name, cells[index] ?? ''])));
}

// ---------------------------------------------------------------------------------------
// A scripted stand-in for OpenAI's Chat Completions API (the assistant's model)
// ---------------------------------------------------------------------------------------

interface LlmTool {
	type: 'function';
	function: { name: string; description: string; parameters: { properties?: Record<string, { type?: string }>; required?: string[] } };
}

interface LlmRequest {
	model: string;
	stream?: boolean;
	messages: Array<{ role: string; content?: unknown; tool_call_id?: string }>;
	tools?: LlmTool[];
}

/** The model's next move: call one tool, or answer with text. */
type LlmStep = { tool: string; args: Record<string, unknown> } | { content: string };

interface FakeLlm {
	url: string;
	requests: LlmRequest[];
	failures: string[];
	close(): Promise<void>;
}

async function startFakeLlm(script: (request: LlmRequest) => LlmStep): Promise<FakeLlm> {
	const requests: LlmRequest[] = [];
	const failures: string[] = [];
	let calls = 0;
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			let step: LlmStep;
			let request: LlmRequest;
			try {
				if (!req.url?.endsWith('/chat/completions')) throw new Error(`unexpected ${req.method} ${req.url}`);
				request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as LlmRequest;
				requests.push(request);
				step = script(request);
			} catch (error) {
				failures.push((error as Error).message);
				res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: (error as Error).message } }));
				return;
			}
			calls++;
			const toolCalls =
				'tool' in step ? [{ id: `call_${calls}`, type: 'function', function: { name: step.tool, arguments: JSON.stringify(step.args) } }] : undefined;
			const message = { role: 'assistant', content: 'content' in step ? step.content : null, ...(toolCalls ? { tool_calls: toolCalls } : {}) };
			const finish = toolCalls ? 'tool_calls' : 'stop';
			const base = { id: `chatcmpl-${calls}`, created: Math.floor(Date.now() / 1000), model: request.model };
			if (request.stream) {
				const delta = toolCalls ? { role: 'assistant', tool_calls: toolCalls.map((call, index) => ({ index, ...call })) } : message;
				res.writeHead(200, { 'content-type': 'text/event-stream' });
				res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`);
				res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: finish }] })}\n\n`);
				res.end('data: [DONE]\n\n');
				return;
			}
			res.writeHead(200, { 'content-type': 'application/json' }).end(
				JSON.stringify({
					...base,
					object: 'chat.completion',
					choices: [{ index: 0, message, finish_reason: finish }],
					usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
				}),
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		failures,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

const toolKey = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The tool the request offers under a node's name (n8n turns "Add to 1688 Cart" into a tool name). */
function offeredTool(request: LlmRequest, nodeName: string): string {
	const found = request.tools?.find((tool) => toolKey(tool.function.name) === toolKey(nodeName));
	if (!found) throw new Error(`no tool for "${nodeName}" among ${request.tools?.map((tool) => tool.function.name).join(', ')}`);
	return found.function.name;
}

function firstMatch(text: string, pattern: RegExp, what: string): string {
	const match = pattern.exec(text);
	if (!match) throw new Error(`no ${what} in ${text.slice(0, 500)}`);
	return match[1];
}

const ASSISTANT_REPLY = 'I found a good match and priced 2 pairs; the order is waiting for approval.';

/**
 * A buyer asks for running shoes: the "model" searches by words and by picture, opens the
 * first product, puts its first SKU in the cart, previews the order and proposes it. Each
 * move reads the previous tool results, as a real model would.
 */
function sourcingScript(request: LlmRequest): LlmStep {
	const results = request.messages.filter((message) => message.role === 'tool').map((message) => String(message.content));
	switch (results.length) {
		case 0:
			return { tool: offeredTool(request, 'Search 1688 Products'), args: { keyword: '男士跑步鞋' } };
		case 1:
			return { tool: offeredTool(request, 'Search 1688 by Picture'), args: { imageUrl: 'https://img.example.com/running-shoe.jpg' } };
		case 2:
			return { tool: offeredTool(request, 'Get 1688 Product Details'), args: { offerId: firstMatch(results[0], /"offerId":"?(\d+)/, 'offerId') } };
		default:
	}
	const offerId = firstMatch(results[2], /"offerId":"?(\d+)/, 'offerId in the details');
	const specId = firstMatch(results[2], /"specId":"([^"]+)"/, 'specId in the details');
	const quantity = Math.max(2, Number(firstMatch(results[2], /"minOrderQuantity":(\d+)/, 'minOrderQuantity')));
	if (results.length === 3) return { tool: offeredTool(request, 'Add to 1688 Cart'), args: { offerId, specId, quantity } };
	if (results.length === 4) return { tool: offeredTool(request, 'Preview 1688 Order'), args: { offerId, specId, quantity } };
	if (results.length === 5) return { tool: offeredTool(request, 'Draft 1688 Order'), args: { offerId, specId, quantity } };
	if (results.length === 6) {
		const sumPayment = Number(firstMatch(results[4], /"sumPayment":(\d+)/, 'sumPayment in the preview'));
		const requestBody = JSON.parse(`"${firstMatch(results[5], /"bodyText":"((?:[^"\\]|\\.)*)"/, 'bodyText in the draft')}"`) as string;
		return {
			tool: offeredTool(request, 'format_final_json_response'),
			// n8n wraps the Structured Output Parser's schema in { output: … }.
			args: {
				output: {
					reply: ASSISTANT_REPLY,
					proposeOrder: true,
					order: {
						offerId,
						specId,
						quantity,
						title: firstMatch(results[2], /"subjectTrans":"([^"]*)"/, 'subjectTrans'),
						sku: 'first SKU',
						estimatedTotalYuan: yuan(sumPayment),
						reason: 'Cheapest match with stock.',
						requestBody,
					},
				},
			},
		};
	}
	return { content: ASSISTANT_REPLY };
}

// ---------------------------------------------------------------------------------------
// Turning a shipped example into a test workflow
// ---------------------------------------------------------------------------------------

interface TestVariant {
	workflow: WorkflowJson;
	/** What follows /webhook/ in the production URL of its PandaPon Trigger, if it has one. */
	webhookPath?: string;
}

function httpPost(node: ExampleNode, url: string, parameters: Record<string, unknown>): ExampleNode {
	return {
		id: node.id,
		name: node.name,
		position: node.position,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: { method: 'POST', url, sendBody: true, ...parameters, options: {} },
	};
}

/**
 * The example with the Schedule and Chat Triggers as Manual Triggers (the chat message added
 * to Warehouse Address), Send Email, Slack (post) and Respond to Chat as HTTP POSTs to
 * `${catcher}/<prefix>-email|slack|chat` carrying the same expressions, Slack's "send and wait
 * for approval" as the answer a human gave, the credentials replaced, poll times shortened and
 * a fresh webhook ID.
 */
function testVariant(
	source: Example,
	opts: {
		name: string;
		credential: CredentialRef;
		catcher: string;
		prefix: string;
		attachCsv?: boolean;
		/** The assistant: the model's credential, the chat message, and the human's decision. */
		llmCredential?: CredentialRef;
		chatInput?: string;
		approve?: boolean;
	},
): TestVariant {
	let webhookPath: string | undefined;
	const nodes = (JSON.parse(JSON.stringify(source.workflow.nodes)) as ExampleNode[]).map((node): ExampleNode => {
		const p = node.parameters;
		if (node.credentials?.pandaPonApi) node.credentials = { ...node.credentials, pandaPonApi: opts.credential };
		if (node.credentials?.openAiApi && opts.llmCredential) node.credentials = { ...node.credentials, openAiApi: opts.llmCredential };
		switch (node.type) {
			case '@n8n/n8n-nodes-langchain.chatTrigger':
				return { ...node, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {}, webhookId: undefined };
			case '@n8n/n8n-nodes-langchain.chat':
				return httpPost(node, `${opts.catcher}/${opts.prefix}-chat`, {
					contentType: 'json',
					specifyBody: 'keypair',
					bodyParameters: { parameters: [{ name: 'text', value: p.message }] },
				});
			case 'n8n-nodes-base.scheduleTrigger':
				return { ...node, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };
			case 'n8n-nodes-base.emailSend': {
				const formFields = ['fromEmail', 'toEmail', 'subject', 'text'].map((name) => ({ parameterType: 'formData', name, value: p[name] }));
				formFields.push({ parameterType: 'formData', name: 'attachments', value: (p.options as Record<string, unknown>).attachments });
				const file = opts.attachCsv ? [{ parameterType: 'formBinaryData', name: 'attachment', inputDataFieldName: 'data' }] : [];
				return httpPost(node, `${opts.catcher}/${opts.prefix}-email`, {
					contentType: 'multipart-form-data',
					bodyParameters: { parameters: [...formFields, ...file] },
				});
			}
			case 'n8n-nodes-base.slack':
				if (p.operation === 'sendAndWait') {
					// The human's click: what Slack's "send and wait for approval" outputs.
					return {
						...node,
						type: 'n8n-nodes-base.set',
						typeVersion: 3.4,
						parameters: { mode: 'raw', jsonOutput: JSON.stringify({ data: { approved: opts.approve === true } }), options: {} },
						credentials: undefined,
					};
				}
				if (p.operation !== undefined && p.operation !== 'post') throw new Error(`no test stand-in for Slack ${String(p.operation)}`);
				return httpPost(node, `${opts.catcher}/${opts.prefix}-slack`, {
					contentType: 'json',
					specifyBody: 'keypair',
					bodyParameters: { parameters: [{ name: 'text', value: p.text }] },
				});
			case `${PACKAGE_NAME}.pandaPonPollingTrigger`:
				return { ...node, parameters: { ...p, pollTimes: pollEverySeconds(POLL_SECONDS) } };
			case `${PACKAGE_NAME}.pandaPonTrigger`: {
				const webhookId = randomUUID();
				webhookPath = callbackWebhookPath(webhookId);
				return { ...node, webhookId };
			}
			case 'n8n-nodes-base.set':
				if (node.name !== 'Warehouse Address' || opts.chatInput === undefined) return node;
				// What the Chat Trigger would have handed on.
				return {
					...node,
					parameters: {
						...p,
						assignments: {
							assignments: [
								...(p.assignments as { assignments: unknown[] }).assignments,
								{ id: randomUUID(), name: 'chatInput', type: 'string', value: opts.chatInput },
								{ id: randomUUID(), name: 'sessionId', type: 'string', value: `e2e-${opts.prefix}` },
							],
						},
					},
				};
			default:
				return node;
		}
	});
	return { workflow: { ...source.workflow, id: n8nId('ex'), name: opts.name, nodes }, webhookPath };
}

// ---------------------------------------------------------------------------------------
// n8n's own view of the node types (n8n export:nodes)
// ---------------------------------------------------------------------------------------

interface NodeProperty {
	name: string;
	type: string;
	options?: Array<{ name: string; value?: unknown; values?: unknown[] }>;
	displayOptions?: { show?: Record<string, unknown[]> };
}

interface NodeDescription {
	name: string;
	version: number | number[];
	properties: NodeProperty[];
	credentials?: Array<{ name: string }>;
}

async function exportedNodeTypes(n8n: N8n): Promise<NodeDescription[]> {
	const out = path.join(n8n.dir, 'examples-node-types.json');
	fs.rmSync(out, { force: true });
	const res = await n8n.run(['export:nodes', `--output=${out}`]);
	if (res.exitCode !== 0) throw new Error(`n8n export:nodes failed (exit ${res.exitCode})\n${n8n.logTail()}`);
	// The command ends its write stream without awaiting it.
	for (let i = 0; i < 100; i++) {
		try {
			return JSON.parse(fs.readFileSync(out, 'utf8')) as NodeDescription[];
		} catch {
			await sleep(100);
		}
	}
	throw new Error(`n8n export:nodes wrote no readable ${out}`);
}

const versionsOf = (description: NodeDescription) => (Array.isArray(description.version) ? description.version : [description.version]);

/** Everything wrong with one node of an example, as n8n describes its type. */
function nodeProblems(node: ExampleNode, known: NodeDescription[]): string[] {
	const where = `"${node.name}" (${node.type} v${node.typeVersion})`;
	const ofType = known.filter((description) => description.name === node.type);
	if (ofType.length === 0) return [`${where}: unknown node type`];
	const description = ofType.find((candidate) => versionsOf(candidate).includes(node.typeVersion));
	if (!description) return [`${where}: n8n knows versions ${ofType.flatMap(versionsOf).join(', ')} only`];

	const problems: string[] = [];
	const properties = (name: string) => description.properties.filter((property) => property.name === name);
	// Shown for this node's resource and operation (other displayOptions are not evaluated).
	const shown = (property: NodeProperty) =>
		(['resource', 'operation'] as const).every((key) => {
			const allowed = property.displayOptions?.show?.[key];
			return allowed === undefined || node.parameters[key] === undefined || allowed.includes(node.parameters[key]);
		});
	for (const [name, value] of Object.entries(node.parameters)) {
		const candidates = properties(name).filter(shown);
		if (candidates.length === 0) {
			problems.push(`${where}: no parameter "${name}"`);
			continue;
		}
		// One level down: the options of collections and the groups of fixed collections.
		const nested = candidates.filter((property) => property.type === 'collection' || property.type === 'fixedCollection');
		if (nested.length > 0 && value && typeof value === 'object' && !Array.isArray(value)) {
			const allowed = new Set(nested.flatMap((property) => (property.options ?? []).map((option) => option.name)));
			for (const key of Object.keys(value)) if (!allowed.has(key)) problems.push(`${where}: "${name}" has no "${key}"`);
		}
	}
	for (const key of ['resource', 'operation'] as const) {
		const value = node.parameters[key];
		if (value === undefined) continue;
		const resource = node.parameters.resource;
		const matching = properties(key).filter(
			(property) => key === 'resource' || resource === undefined || (property.displayOptions?.show?.resource ?? [resource]).includes(resource),
		);
		const values = matching.flatMap((property) => (property.options ?? []).map((option) => option.value));
		if (!values.includes(value)) problems.push(`${where}: ${key} "${String(value)}" is not one of ${values.join(', ')}`);
	}
	const accepted = new Set((description.credentials ?? []).map((credential) => credential.name));
	for (const type of Object.keys(node.credentials ?? {})) {
		if (!accepted.has(type)) problems.push(`${where}: takes no "${type}" credential (only ${[...accepted].join(', ') || 'none'})`);
	}
	return problems;
}

// ---------------------------------------------------------------------------------------

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(250);
	}
}

const lines = (text: string) => text.split('\n');

describe('examples/ in a real n8n', () => {
	let n8n: N8n;
	let catcher: Catcher;
	let reportFake: FakePandaPon;
	let emptyFake: FakePandaPon;
	let alertFake: FakePandaPon;
	let pollFake: FakePandaPon;
	let assistantFake: FakePandaPon;
	let llm: FakeLlm;

	/** The shipped examples as imported (with the IDs n8n stored them under). */
	const imported: Array<Example & { id: string }> = [];
	let report: TestVariant;
	let emptyReport: TestVariant;
	let alertCallback: TestVariant;
	let alertPolling: TestVariant;
	let assistantApproved: TestVariant;
	let assistantDeclined: TestVariant;

	/** Refunds added to the report fake around yesterday's edges (UTC; the e2e n8n runs in UTC). */
	const startOfToday = Math.floor(Date.now() / DAY) * DAY;
	const startOfYesterday = startOfToday - DAY;
	const edges = { firstIn: '', lastIn: '', before: '', after: '' };

	beforeAll(async () => {
		catcher = await startCatcher();
		reportFake = await FakePandaPon.start();
		emptyFake = await FakePandaPon.start({ seed: { refunds: 0 } });
		alertFake = await FakePandaPon.start();
		pollFake = await FakePandaPon.start();
		assistantFake = await FakePandaPon.start();
		llm = await startFakeLlm(sourcingScript);

		// Yesterday gets 230 more refunds (five pages of 50 with the seeded ones, in the
		// documented refundOrderAggregates shape), in every status, plus one on each edge of
		// the day and one just outside each edge.
		const template = reportFake.state.taobaoRefunds[0];
		const codes = [0, 10, 20, 30, 100, -10, -20];
		const add = (index: number, gmtCreate: number): string => {
			const refund: TaobaoRefund = {
				...template,
				messages: [],
				refundId: fixtureIds.taobaoRefundId(1000 + index),
				refundStatus: codes[index % codes.length],
				refundFee: 990 + index * 137,
				gmtCreate,
				gmtModified: gmtCreate,
			};
			reportFake.state.taobaoRefunds.push(refund);
			return refund.refundId;
		};
		for (let i = 0; i < 230; i++) add(i, startOfYesterday + 60_000 + i * 6 * 60_000);
		edges.firstIn = add(230, startOfYesterday);
		edges.lastIn = add(231, startOfToday - 1);
		edges.before = add(232, startOfYesterday - 1);
		edges.after = add(233, startOfToday);

		n8n = await newN8n('examples');
		// The shipped examples name their PandaPon credential "PandaPon account" with ID
		// pandaponCred0001: importing one with that ID makes them usable as shipped.
		const shippedCred = fakeCredential(reportFake, { id: 'pandaponCred0001', name: 'PandaPon account' });
		const emptyCred = fakeCredential(emptyFake, { name: 'PandaPon (no refunds)' });
		const alertCred = fakeCredential(alertFake, { name: 'PandaPon (callbacks)' });
		const pollCred = fakeCredential(pollFake, { name: 'PandaPon (polled)' });
		const assistantCred = fakeCredential(assistantFake, { name: 'PandaPon (assistant)' });
		const llmCred = {
			id: n8nId('cred'),
			name: 'OpenAI (scripted)',
			type: 'openAiApi',
			data: { apiKey: 'sk-e2e-scripted-model', url: `${llm.url}/v1`, header: false },
		};
		await n8n.importCredentials([shippedCred, emptyCred, alertCred, pollCred, assistantCred, llmCred]);

		for (const shipped of EXAMPLES) imported.push({ ...shipped, id: n8nId('ex') });
		report = testVariant(example(REPORT), {
			name: 'e2e: refund report',
			credential: ref(shippedCred),
			catcher: catcher.url,
			prefix: 'report',
			attachCsv: true,
		});
		emptyReport = testVariant(example(REPORT), {
			name: 'e2e: refund report, no refunds',
			credential: ref(emptyCred),
			catcher: catcher.url,
			prefix: 'empty',
		});
		alertCallback = testVariant(example(ALERT_CALLBACK), {
			name: 'e2e: refund alert (callbacks)',
			credential: ref(alertCred),
			catcher: catcher.url,
			prefix: 'callback',
		});
		alertPolling = testVariant(example(ALERT_POLLING), {
			name: 'e2e: refund alert (polling)',
			credential: ref(pollCred),
			catcher: catcher.url,
			prefix: 'polling',
		});
		const assistant = (approve: boolean) =>
			testVariant(example(ASSISTANT), {
				name: `e2e: sourcing assistant, ${approve ? 'approved' : 'declined'}`,
				credential: ref(assistantCred),
				llmCredential: ref(llmCred),
				catcher: catcher.url,
				prefix: approve ? 'approved' : 'declined',
				chatInput: 'I need 2 pairs of men\'s running shoes, please order the best one.',
				approve,
			});
		assistantApproved = assistant(true);
		assistantDeclined = assistant(false);
		await n8n.importWorkflows([
			assistantApproved.workflow,
			assistantDeclined.workflow,
			...imported.map(({ workflow, id }): WorkflowJson => ({ ...workflow, id })),
			report.workflow,
			emptyReport.workflow,
			alertCallback.workflow,
			alertPolling.workflow,
		]);
	});

	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([reportFake, emptyFake, alertFake, pollFake, assistantFake].map((fake) => fake?.close()));
		await catcher?.close();
		await llm?.close();
	});

	test('every example imports and n8n knows every node, version, parameter and credential in it', async () => {
		await n8n.withLogs(async () => {
			expect(EXAMPLES.map((e) => e.file)).toEqual(expect.arrayContaining([REPORT, ALERT_CALLBACK, ALERT_POLLING, ASSISTANT]));
			const ours = await n8n.assertPackageLoaded();
			const known = await exportedNodeTypes(n8n);
			expect(ours).toEqual(expect.arrayContaining([`${PACKAGE_NAME}.pandaPon`, `${PACKAGE_NAME}.pandaPonTrigger`, `${PACKAGE_NAME}.pandaPonPollingTrigger`]));
			// n8n generates the AI tool variant of the action node (usableAsTool).
			expect(known.map((description) => description.name)).toContain(`${PACKAGE_NAME}.pandaPonTool`);

			const problems: string[] = [];
			for (const { file, workflow } of EXAMPLES) {
				const names = new Set(workflow.nodes.map((node) => node.name));
				if (names.size !== workflow.nodes.length) problems.push(`${file}: two nodes share a name`);
				for (const node of workflow.nodes) problems.push(...nodeProblems(node, known).map((problem) => `${file}: ${problem}`));
				for (const [from, byType] of Object.entries(workflow.connections as Record<string, Record<string, Array<Array<{ node: string }>>>>)) {
					if (!names.has(from)) problems.push(`${file}: connection from unknown node "${from}"`);
					for (const targets of Object.values(byType)) {
						for (const target of targets.flat()) if (!names.has(target.node)) problems.push(`${file}: connection to unknown node "${target.node}"`);
					}
				}
				// No secrets: credentials are references by name and placeholder ID only.
				for (const node of workflow.nodes) {
					for (const credential of Object.values(node.credentials ?? {})) expect(Object.keys(credential).sort()).toEqual(['id', 'name']);
				}
			}
			expect(problems).toEqual([]);

			// The assistant gives the agent six PandaPon tools; the only one that could order is a forced dry run.
			const assistant = example(ASSISTANT).workflow;
			const tools = assistant.nodes.filter((node) => node.type === `${PACKAGE_NAME}.pandaPonTool`);
			expect(tools.map((node) => `${String(node.parameters.resource)}.${String(node.parameters.operation)}`).sort()).toEqual([
				'alibabaCart.add',
				'alibabaOrder.create',
				'alibabaOrder.preview',
				'alibabaProduct.get',
				'alibabaProduct.search',
				'alibabaProduct.searchByImage',
			]);
			const draftTool = tools.find((node) => node.parameters.operation === 'create')!;
			expect(draftTool.parameters.dryRun).toBe(true);
			const agentTools = (assistant.connections as Record<string, { ai_tool?: Array<Array<{ node: string }>> }>);
			for (const tool of tools) expect(agentTools[tool.name]?.ai_tool?.[0]?.[0]?.node).toBe('Sourcing Agent');
			const creates = assistant.nodes.filter((node) => node.type === `${PACKAGE_NAME}.pandaPon`);
			expect(creates.map((node) => `${String(node.parameters.resource)}.${String(node.parameters.operation)}`)).toEqual(['alibabaOrder.create']);

			// What n8n stored is what we ship.
			const out = path.join(n8n.dir, 'examples-exported.json');
			const exported = await n8n.run(['export:workflow', '--all', `--output=${out}`]);
			expect(exported.exitCode).toBe(0);
			const stored = JSON.parse(fs.readFileSync(out, 'utf8')) as Array<WorkflowJson & { nodes: ExampleNode[] }>;
			for (const { id, file, workflow } of imported) {
				const found = stored.find((candidate) => candidate.id === id);
				expect({ file, found: found !== undefined }).toEqual({ file, found: true });
				const shape = (nodes: ExampleNode[]) =>
					nodes.map(({ name, type, typeVersion, parameters, credentials }) => ({ name, type, typeVersion, parameters, credentials }));
				expect(shape(found!.nodes)).toEqual(shape(workflow.nodes));
				expect(found!.connections).toEqual(workflow.connections);
			}
		});
	});

	test('daily refund report: count, total and statuses of yesterday, and a CSV of exactly those refunds', async () => {
		await n8n.withLogs(async () => {
			const run = await n8n.executeWorkflow(report.workflow.id);
			expect({ status: run.status, error: run.error?.message }).toEqual({ status: 'success', error: undefined });

			// The window the workflow asked for: yesterday, both ends inclusive, read over five pages.
			const pages = reportFake.accepted(REFUND_LIST);
			expect(pages.length).toBeGreaterThanOrEqual(5);
			const bodies = pages.map((req) => req.body as { refundStartTime: number; refundEndTime: number; pageNo: number });
			const { refundStartTime: from, refundEndTime: to } = bodies[0];
			const dayOfRequest = Math.floor(pages[0].receivedAt / DAY) * DAY - DAY;
			expect({ from, to }).toEqual({ from: dayOfRequest, to: dayOfRequest + DAY - 1 });
			expect(bodies.map((body) => body.pageNo)).toEqual(bodies.map((_, index) => index + 1));
			for (const body of bodies) expect([body.refundStartTime, body.refundEndTime]).toEqual([from, to]);

			const expected = reportFake.state.taobaoRefunds.filter((refund) => refund.gmtCreate >= from && refund.gmtCreate <= to);
			expect(expected.length).toBeGreaterThan(200);
			if (from === startOfYesterday) {
				const ids = expected.map((refund) => refund.refundId);
				expect(ids).toEqual(expect.arrayContaining([edges.firstIn, edges.lastIn]));
				expect(ids).not.toContain(edges.before);
				expect(ids).not.toContain(edges.after);
			}
			const total = expected.reduce((sum, refund) => sum + refund.refundFee, 0);
			const byStatus = new Map<number, { count: number; fee: number }>();
			for (const refund of expected) {
				const entry = byStatus.get(refund.refundStatus) ?? { count: 0, fee: 0 };
				byStatus.set(refund.refundStatus, { count: entry.count + 1, fee: entry.fee + refund.refundFee });
			}
			const statusLines = [...byStatus].map(([code, { count, fee }]) => `• ${STATUS_WORDS[String(code)]}: ${count} (¥${yuan(fee)})`);
			const date = new Date(from).toISOString().slice(0, 10);

			// Slack: one message with the summary.
			const slack = catcher.on('/report-slack');
			expect(slack).toHaveLength(1);
			const [header, summary, ...rest] = lines(String(jsonOf(slack[0]).text));
			expect(header).toBe(`*Taobao refunds created on ${date}*`);
			expect(summary).toBe(`${expected.length} refunds, total ¥${yuan(total)}`);
			expect([...rest].sort()).toEqual([...statusLines].sort());

			// Email: the same figures, and the CSV attached.
			const email = catcher.on('/report-email');
			expect(email).toHaveLength(1);
			const { fields, files } = await formOf(email[0]);
			expect(fields.subject).toBe(`Taobao refunds ${date}: ${expected.length} refunds, ¥${yuan(total)}`);
			expect(fields.toEmail).toBe('purchasing@example.com');
			expect(fields.attachments).toBe('data');
			expect(fields.text).toContain(`${expected.length} refunds, total ¥${yuan(total)}`);
			for (const line of statusLines) expect(lines(fields.text)).toContain(line);
			expect(fields.text).toContain('Every refund is in the attached CSV.');

			expect(files.attachment?.name).toBe(`taobao-refunds-${date}.csv`);
			const rows = parseCsv(files.attachment.text);
			expect(rows).toHaveLength(expected.length);
			const byId = new Map(rows.map((row) => [row.refundId, row]));
			// Every refund exactly once.
			expect(byId.size).toBe(expected.length);
			for (const refund of expected) {
				expect(byId.get(refund.refundId)).toEqual(
					expect.objectContaining({
						refundId: refund.refundId,
						status: STATUS_WORDS[String(refund.refundStatus)],
						refundStatus: String(refund.refundStatus),
						refundFee: String(refund.refundFee),
						amountYuan: yuan(refund.refundFee),
						reason: refund.reasonDesc,
						salesOrderId: refund.salesOrderId,
						// 19 digits, more than a JavaScript number holds: every digit kept.
						purchaseOrderId: refund.purchaseOrderId,
						purchaseOrderLineId: refund.purchaseOrderLineId,
						itemTitle: refund.itemTitle,
						createdAt: new Date(refund.gmtCreate).toISOString().slice(0, 16).replace('T', ' '),
					}),
				);
			}
			process.stderr.write(
				`[examples.e2e] report for ${date}: ${expected.length} refunds over ${pages.length} pages, ¥${yuan(total)}; ` +
					`CSV ${files.attachment.text.length} bytes\n`,
			);
		});
	});

	test('daily refund report on a day without refunds: "0 refunds", no CSV, no error', async () => {
		await n8n.withLogs(async () => {
			const run = await n8n.executeWorkflow(emptyReport.workflow.id);
			expect({ status: run.status, error: run.error?.message }).toEqual({ status: 'success', error: undefined });
			expect(run.runData['Refunds CSV']).toBeUndefined();

			const date = new Date(Math.floor(emptyFake.accepted(REFUND_LIST)[0].receivedAt / DAY) * DAY - DAY).toISOString().slice(0, 10);
			const slack = catcher.on('/empty-slack');
			expect(slack).toHaveLength(1);
			expect(lines(String(jsonOf(slack[0]).text))).toEqual([`*Taobao refunds created on ${date}*`, '0 refunds, total ¥0.00', '• none']);
			const email = catcher.on('/empty-email');
			expect(email).toHaveLength(1);
			const { fields, files } = await formOf(email[0]);
			expect(fields.subject).toBe(`Taobao refunds ${date}: 0 refunds, ¥0.00`);
			// The shipped Send Email node attaches nothing when this is empty.
			expect(fields.attachments).toBe('');
			expect(fields.text).toContain('No refunds, so no CSV today.');
			expect(files).toEqual({});
		});
	});

	test('AI sourcing assistant: the agent uses the six PandaPon tools, drafts the order dry, and only an approved proposal creates it', async () => {
		await n8n.withLogs(async () => {
			const shipped = example(ASSISTANT).workflow.nodes;
			const run = await n8n.executeWorkflow(assistantApproved.workflow.id);
			expect(llm.failures).toEqual([]);
			expect({ status: run.status, error: run.error?.message }).toEqual({ status: 'success', error: undefined });

			// What the model was offered: the five read/cart tools and the answer format, nothing that orders or pays.
			const first = llm.requests[0];
			const offered = (first.tools ?? []).map((tool) => tool.function);
			expect(offered.map((tool) => toolKey(tool.name)).sort()).toEqual(
				['Add to 1688 Cart', 'Draft 1688 Order', 'format_final_json_response', 'Get 1688 Product Details', 'Preview 1688 Order', 'Search 1688 by Picture', 'Search 1688 Products']
					.map(toolKey)
					.sort(),
			);
			for (const node of shipped.filter((candidate) => candidate.type === `${PACKAGE_NAME}.pandaPonTool`)) {
				const tool = offered.find((candidate) => toolKey(candidate.name) === toolKey(node.name))!;
				expect(tool.description).toBe(node.parameters.toolDescription);
			}
			const parameters = (name: string) => offered.find((tool) => toolKey(tool.name) === toolKey(name))!.parameters;
			expect(Object.keys(parameters('Search 1688 Products').properties ?? {})).toEqual(['keyword']);
			expect(Object.keys(parameters('Search 1688 by Picture').properties ?? {})).toEqual(['imageUrl']);
			expect(Object.keys(parameters('Get 1688 Product Details').properties ?? {})).toEqual(['offerId']);
			for (const name of ['Add to 1688 Cart', 'Preview 1688 Order', 'Draft 1688 Order']) {
				expect(parameters(name).properties).toEqual({
					offerId: expect.objectContaining({ type: 'string' }),
					specId: expect.objectContaining({ type: 'string' }),
					quantity: expect.objectContaining({ type: 'number' }),
				});
			}
			expect(Object.keys(parameters('format_final_json_response').properties ?? {})).toEqual(['output']);
			expect(String(first.messages[0].content)).toContain('You cannot place or pay orders.');
			expect(llm.requests).toHaveLength(7);

			// The tools reached PandaPon with what the model chose.
			const body = (path: string) => {
				const requests = assistantFake.accepted(path);
				expect({ path, count: requests.length }).toEqual({ path, count: 1 });
				return requests[0].body as Record<string, unknown>;
			};
			expect(body('/alibaba/product/keywords/query')).toMatchObject({ keyword: '男士跑步鞋', pageSize: 10 });
			expect(body('/alibaba/product/image/query')).toMatchObject({ imageAddress: 'https://img.example.com/running-shoe.jpg' });
			const offerId = String(body('/alibaba/product/detail/get').offerId);
			const product = assistantFake.state.alibabaProducts.find((candidate) => candidate.offerId === offerId)!;
			expect(product).toBeDefined();
			const spec = product.specs[0];
			const quantity = Math.max(2, product.minOrderQuantity);
			const line = { offerId, specId: spec.specId, quantity };
			const asSent = (value: Record<string, unknown>) => ({ ...value, offerId: String(value.offerId) });
			expect(asSent(body('/alibaba/cart/add'))).toMatchObject(line);
			const preview = body('/alibaba/order/create/preview');
			expect((preview.cargoParamList as Array<Record<string, unknown>>).map(asSent)).toEqual([line]);
			const warehouse = {
				fullName: 'YOUR NAME',
				mobile: '13800000000',
				phone: '13800000000',
				postCode: '310000',
				provinceText: '浙江省',
				cityText: '杭州市',
				areaText: '余杭区',
				townText: '仓前街道',
				address: 'YOUR WAREHOUSE STREET ADDRESS',
			};
			expect(preview.addressParam).toEqual(warehouse);

			// The chat got the model's answer; the approved proposal became exactly one order.
			expect(catcher.on('/approved-chat').map((entry) => jsonOf(entry).text)).toEqual([ASSISTANT_REPLY]);
			const create = body('/alibaba/order/create');
			expect((create.cargoParamList as Array<Record<string, unknown>>).map(asSent)).toEqual([line]);
			expect(create).toMatchObject({ flow: 'general', addressParam: warehouse });
			// The dry-run draft sent nothing, and the approved order is byte for byte the draft the human saw.
			const proposal = run.output('Sourcing Agent')[0] as { output: { order: { requestBody: string } } };
			expect(assistantFake.accepted('/alibaba/order/create')[0].rawBody).toBe(proposal.output.order.requestBody);
			const order = assistantFake.state.alibabaOrders[assistantFake.state.alibabaOrders.length - 1];
			const told = catcher.on('/approved-slack').map((entry) => String(jsonOf(entry).text));
			expect(told).toEqual([
				`Created 1688 order ${order.orderId} (${quantity} × ${product.subjectTrans}). It is unpaid: pay it in PandaPon.`,
			]);

			// Declined: the same conversation, and no order.
			const declined = await n8n.executeWorkflow(assistantDeclined.workflow.id);
			expect(llm.failures).toEqual([]);
			expect({ status: declined.status, error: declined.error?.message }).toEqual({ status: 'success', error: undefined });
			expect(catcher.on('/declined-chat').map((entry) => jsonOf(entry).text)).toEqual([ASSISTANT_REPLY]);
			expect(declined.runData['Create 1688 Order']).toBeUndefined();
			expect(assistantFake.accepted('/alibaba/order/create')).toHaveLength(1);
			expect(assistantFake.accepted('/alibaba/order/create/preview')).toHaveLength(2);
			expect(catcher.on('/declined-slack')).toEqual([]);
		});
	});

	describe('refund alerts, inside n8n start', () => {
		let url = '';

		beforeAll(async () => {
			await n8n.publishWorkflow(alertCallback.workflow.id);
			await n8n.publishWorkflow(alertPolling.workflow.id);
			({ url } = await n8n.start({ webhooks: [{ path: alertCallback.webhookPath! }] }));
		});

		test('callbacks: a Slack message only for refunds PandaPon now shows as refused (-10) or agreed (20)', async () => {
			await n8n.withLogs(async () => {
				const [refused, agreed, paid, returned] = alertFake.state.taobaoRefunds;
				alertFake.updateTaobaoRefund(refused.refundId, { refundStatus: -10 });
				alertFake.updateTaobaoRefund(agreed.refundId, { refundStatus: 20 });
				alertFake.updateTaobaoRefund(paid.refundId, { refundStatus: 100 });
				alertFake.updateTaobaoRefund(returned.refundId, { refundStatus: 30 });
				const unknownAgreed = { refundId: '120000000001', refundStatus: 20, refundFee: 4321, reasonDesc: '尺码拍错', salesOrderId: '1024285237573584051' };
				const unknownSilent = { refundId: '120000000002', salesOrderId: '1024285237573584051' };

				const hook = `${url}/webhook/${alertCallback.webhookPath}`;
				const bodies = [
					// The message is older than what PandaPon shows now: the current state wins.
					{ refundId: refused.refundId, salesOrderId: refused.salesOrderId, refundStatus: 10 },
					{ refundId: agreed.refundId, salesOrderId: agreed.salesOrderId, refundStatus: 20 },
					{ refundId: paid.refundId, salesOrderId: paid.salesOrderId, refundStatus: -10 },
					{ refundId: returned.refundId, salesOrderId: returned.salesOrderId, refundStatus: 20 },
					// PandaPon does not know these (current state fails): the message is used.
					unknownAgreed,
					unknownSilent,
				];
				for (const [index, messageBody] of bodies.entries()) {
					const result = await alertFake.sendCallback(
						hook,
						{ messageType: 'TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND', messagePlatform: 0, messageBody, timestamp: String(1715669990000 + index) },
						{ bodyAsString: index % 2 === 1 },
					);
					expect({ index, status: result.status }).toEqual({ index, status: 200 });
				}

				const runs = await n8n.waitForExecutions(alertCallback.workflow.id, bodies.length);
				expect(runs.map((run) => run.status)).toEqual(bodies.map(() => 'success'));
				await sleep(1000);
				const messages = catcher.on('/callback-slack').map((entry) => String(jsonOf(entry).text));
				expect(messages).toHaveLength(3);

				const expectAlert = (refund: TaobaoRefund, headline: string, sellerSays?: string) => {
					const message = messages.find((text) => text.includes(`Refund ID: ${refund.refundId} `));
					expect(message && lines(message)).toEqual([
						headline,
						`Refund ID: ${refund.refundId} (look it up in PandaPon's console)`,
						`Order: ${refund.salesOrderId}`,
						`Amount: ¥${yuan(refund.refundFee)}`,
						`Reason: ${refund.reasonDesc}`,
						...(sellerSays ? [`Seller says: ${sellerSays}`] : []),
						`Item: ${refund.itemTitle}`,
					]);
				};
				expectAlert(refused, ':no_entry: *Seller refused a Taobao refund*', '商品已发出');
				expectAlert(agreed, ':package: *Seller agreed to a return: send the goods back*');
				const fallback = messages.find((text) => text.includes(`Refund ID: ${unknownAgreed.refundId} `));
				expect(fallback && lines(fallback)).toEqual([
					':package: *Seller agreed to a return: send the goods back*',
					`Refund ID: ${unknownAgreed.refundId} (look it up in PandaPon's console)`,
					`Order: ${unknownAgreed.salesOrderId}`,
					'Amount: ¥43.21',
					`Reason: ${unknownAgreed.reasonDesc}`,
				]);
				for (const silent of [paid.refundId, returned.refundId, unknownSilent.refundId]) {
					expect(messages.filter((text) => text.includes(silent))).toEqual([]);
				}
			});
		});

		test('polling: a Slack message only for refunds that moved into refused (-10) or agreed (20)', async () => {
			await n8n.withLogs(async () => {
				// The activation poll records the baseline and starts nothing.
				await waitFor('the baseline poll', () => (pollFake.accepted(REFUND_LIST).length > 0 ? true : undefined));
				await sleep(3000);
				expect(await n8n.executionsFromDb(alertPolling.workflow.id)).toHaveLength(0);

				const byStatus = (status: number) => pollFake.state.taobaoRefunds.filter((refund) => refund.refundStatus === status);
				const [toRefused, toPaid] = byStatus(10);
				const [toAgreed] = byStatus(30);
				const [agreedToReturned] = byStatus(20);
				pollFake.updateTaobaoRefund(toRefused.refundId, { refundStatus: -10 });
				pollFake.updateTaobaoRefund(toAgreed.refundId, { refundStatus: 20 });
				pollFake.updateTaobaoRefund(toPaid.refundId, { refundStatus: 100 });
				pollFake.updateTaobaoRefund(agreedToReturned.refundId, { refundStatus: 30 });

				const messages = await waitFor('two Slack messages', () => {
					const found = catcher.on('/polling-slack').map((entry) => String(jsonOf(entry).text));
					return found.length >= 2 ? found : undefined;
				}, 45_000);
				expect(lines(messages.find((text) => text.includes(toRefused.refundId)) ?? '')).toEqual([
					':no_entry: *Seller refused a Taobao refund*',
					`Refund ID: ${toRefused.refundId} (look it up in PandaPon's console)`,
					`Order: ${toRefused.salesOrderId}`,
					`Amount: ¥${yuan(toRefused.refundFee)}`,
					`Reason: ${toRefused.reasonDesc}`,
					// The documented refund list carries refundOrder.sellerRefuseReason.
					'Seller says: 商品已发出',
					`Item: ${toRefused.itemTitle}`,
				]);
				expect(lines(messages.find((text) => text.includes(toAgreed.refundId)) ?? '')[0]).toBe(
					':package: *Seller agreed to a return: send the goods back*',
				);

				// The next poll sees nothing new: no further execution, no further message.
				const seen = pollFake.accepted(REFUND_LIST).length;
				await waitFor('the next poll', () => (pollFake.accepted(REFUND_LIST).length > seen ? true : undefined), 30_000);
				await sleep(3000);
				// Usually one execution with both refunds; two if a poll was reading while they changed.
				const runs = await n8n.executionsFromDb(alertPolling.workflow.id);
				expect(runs.map((run) => run.status)).toEqual(runs.map(() => 'success'));
				const fired = runs.flatMap((run) => run.output('Refund Status Changed'));
				expect(fired.map(({ refundId, previousStatus, status }) => ({ refundId, previousStatus, status }))).toEqual(
					expect.arrayContaining([
						{ refundId: toRefused.refundId, previousStatus: 10, status: -10 },
						{ refundId: toAgreed.refundId, previousStatus: 30, status: 20 },
					]),
				);
				expect(fired).toHaveLength(2);
				expect(catcher.on('/polling-slack')).toHaveLength(2);
			});
		});
	});
});
