import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQueryString } from 'node:querystring';
import { createGunzip, createInflate } from 'node:zlib';

import { parseIncomingMessage } from '@n8n/backend-network';
import { HookContext, WebhookContext } from 'n8n-core';
import {
	NodeHelpers,
	UnexpectedError,
	jsonParse,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IVersionedNodeType,
	type IWebhookData,
	type IWebhookDescription,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type Workflow,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import type { HarnessCredentials } from './credentials';
import { WORKFLOW_ID, nodeStaticData, triggerWorkflow } from './workflow';

export interface WebhookRequest {
	/** Default: the webhook description's httpMethod. */
	method?: string;
	headers?: Record<string, string>;
	/** Sent byte for byte; an object is sent as JSON (and gets a JSON content type). */
	body?: string | Buffer | object;
	query?: Record<string, string>;
}

export interface WebhookOptions {
	parameters: INodeParameters;
	credentials?: HarnessCredentials;
	/** What `getWorkflowStaticData('node')` starts with. */
	staticData?: IDataObject;
	request: WebhookRequest;
	/** Which of the node's webhook descriptions is called; default 'default'. */
	webhookName?: string;
	/** 'webhook' (default): an active workflow's production URL; 'manual': the test URL. */
	mode?: 'webhook' | 'manual';
	typeVersion?: number;
	nodeName?: string;
	/** How long the caller waits for an answer; default 5000 ms. */
	timeoutMs?: number;
}

export interface WebhookResult {
	/** What the caller (PandaPon) received. */
	status: number;
	headers: Record<string, string>;
	body: string;
	/** What `webhook()` returned, or undefined when it threw. */
	response?: IWebhookResponseData;
	/** Items that would start an execution. */
	workflowData?: INodeExecutionData[][];
	/** The error `webhook()` threw (n8n answers 500 then). */
	error?: unknown;
	staticData: IDataObject;
	staticDataChanged: boolean;
	durationMs: number;
}

/** The webhook run inside the server, with what happened there. */
interface ServerSide {
	response?: IWebhookResponseData;
	error?: unknown;
	/** Settles when webhook() has returned, which may be after it answered the caller. */
	done?: Promise<void>;
}

/**
 * Calls a trigger's `webhook()` the way n8n's webhook server does: a real HTTP request
 * reaches a local server, whose request carries n8n's parsed `body` and raw `rawBody`
 * (as n8n's body parser leaves them), and the node runs in n8n-core's real WebhookContext.
 * The server then answers as n8n does for `responseMode: 'onReceived'`.
 */
export async function webhook(nodeType: INodeType | IVersionedNodeType, options: WebhookOptions): Promise<WebhookResult> {
	const mode: WorkflowExecuteMode = options.mode ?? 'webhook';
	const { node, workflow, additionalData } = await triggerWorkflow(nodeType, options, { mode, active: mode === 'webhook' });
	const resolved = NodeHelpers.getVersionedNodeType(nodeType, node.typeVersion);
	const description = webhookDescription(resolved, options.webhookName ?? 'default');
	const webhookData = buildWebhookData(workflow, node, description, additionalData);

	const serverSide: ServerSide = {};
	const server = createServer((req, res) => {
		serverSide.done = handle(req, res, { workflow, node, resolved, additionalData, webhookData, mode, description }, serverSide);
	});
	const started = Date.now();
	try {
		const url = await listen(server, webhookData.path);
		const answer = await send(url, description, options);
		// A trigger may answer first and finish its work afterwards, as n8n allows.
		await serverSide.done;
		const response = serverSide.response;
		return {
			...answer,
			response,
			workflowData: response?.workflowData,
			error: serverSide.error,
			...nodeStaticData(workflow, node),
			durationMs: Date.now() - started,
		};
	} finally {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}

function webhookDescription(nodeType: INodeType, name: string): IWebhookDescription {
	const description = nodeType.description.webhooks?.find((candidate) => candidate.name === name);
	if (description === undefined) throw new UnexpectedError(`Node has no webhook named "${name}"`);
	return description;
}

function buildWebhookData(
	workflow: Workflow,
	node: INode,
	description: IWebhookDescription,
	additionalData: IWorkflowExecuteAdditionalData,
): IWebhookData {
	const path = NodeHelpers.getNodeWebhookPath(WORKFLOW_ID, node, description.path, description.isFullPath === true);
	return {
		httpMethod: description.httpMethod as IWebhookData['httpMethod'],
		node: node.name,
		path,
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
	};
}

async function listen(server: Server, path: string): Promise<string> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as AddressInfo;
	return `http://127.0.0.1:${port}/webhook/${path}`;
}

async function send(
	url: string,
	description: IWebhookDescription,
	options: WebhookOptions,
): Promise<Pick<WebhookResult, 'status' | 'headers' | 'body'>> {
	const { request } = options;
	const target = new URL(url);
	for (const [name, value] of Object.entries(request.query ?? {})) target.searchParams.set(name, value);
	const headers: Record<string, string> = { ...(request.headers ?? {}) };
	let body: string | Buffer | undefined;
	if (Buffer.isBuffer(request.body) || typeof request.body === 'string') body = request.body;
	else if (request.body !== undefined) {
		body = JSON.stringify(request.body);
		if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
			headers['content-type'] = 'application/json';
		}
	}
	const response = await fetch(target, {
		method: request.method ?? String(description.httpMethod),
		headers,
		body,
		signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
	});
	return {
		status: response.status,
		headers: Object.fromEntries(response.headers.entries()),
		body: await response.text(),
	};
}

interface HandlerScope {
	workflow: Workflow;
	node: INode;
	resolved: INodeType;
	additionalData: IWorkflowExecuteAdditionalData;
	webhookData: IWebhookData;
	mode: WorkflowExecuteMode;
	description: IWebhookDescription;
}

async function handle(req: IncomingMessage, res: ServerResponse, scope: HandlerScope, serverSide: ServerSide): Promise<void> {
	const expressRes = asExpressResponse(res);
	try {
		await prepareRequest(req, scope.node.typeVersion);
	} catch (error) {
		// n8n's body parser answers 422 and never calls the node.
		expressRes.status(422).json({ code: 422, message: 'Failed to parse request body', hint: String(error) });
		return;
	}
	scope.additionalData.httpRequest = req as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
	scope.additionalData.httpResponse = expressRes as unknown as IWorkflowExecuteAdditionalData['httpResponse'];
	const context = new WebhookContext(
		scope.workflow,
		scope.node,
		scope.additionalData,
		scope.mode,
		scope.webhookData,
		[],
		null,
	);
	try {
		const webhookFn = scope.resolved.webhook;
		if (webhookFn === undefined) throw new UnexpectedError('Node has no webhook() method');
		serverSide.response = await webhookFn.call(context);
	} catch (error) {
		serverSide.error = error;
		if (!res.headersSent) expressRes.status(500).json({ code: 0, message: (error as Error).message });
		return;
	}
	answerLikeN8n(expressRes, serverSide.response);
}

/** As n8n's webhook helpers do for `responseMode: 'onReceived'`. */
function answerLikeN8n(res: ExpressLikeResponse, response: IWebhookResponseData): void {
	if (response.noWebhookResponse === true) {
		if (!res.writableEnded) {
			// n8n would leave the caller hanging; a test deserves a clear failure instead.
			res.status(599).json({ harnessError: 'webhook() returned noWebhookResponse but never answered' });
		}
		return;
	}
	if (res.headersSent) return;
	if (response.workflowData === undefined) {
		res.status(200).json(response.webhookResponse ?? { message: 'Webhook call received' });
		return;
	}
	res.status(200).json({ message: 'Workflow was started' });
}

/**
 * What n8n's rawBodyReader middleware and `parseRequestBody` (webhook-helpers) leave on the
 * request: for a typeVersion 1 start node the body is always read (`rawBody`) and parsed;
 * from typeVersion 2 on only for the content types n8n parses, otherwise the body stays
 * unread in the stream.
 */
async function prepareRequest(req: IncomingMessage, typeVersion: number): Promise<void> {
	parseIncomingMessage(req);
	const extras = req as IncomingMessage & { body?: unknown; query?: unknown; params?: unknown };
	req.readRawBody = async () => {
		if (req.rawBody) return;
		const chunks: Buffer[] = [];
		for await (const chunk of inflatedLikeN8n(req)) chunks.push(chunk as Buffer);
		req.rawBody = Buffer.concat(chunks);
		req._body = true;
	};
	extras.query = Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams.entries());
	extras.params = {};
	if (typeVersion === 1 || isParsableContentType(req.contentType)) {
		await req.readRawBody();
		const rawBody = req.rawBody;
		extras.body = rawBody.length > 0 ? parseBodyText(req.contentType, rawBody.toString(req.encoding ?? 'utf8')) : undefined;
	}
	extras.body ??= {};
}

/** n8n's reader inflates gzip and deflate bodies (and throws zlib's error for a body that is not). */
function inflatedLikeN8n(req: IncomingMessage): NodeJS.ReadableStream {
	const encoding = req.headers['content-encoding'];
	if (encoding === 'gzip') return req.pipe(createGunzip());
	if (encoding === 'deflate') return req.pipe(createInflate());
	return req;
}

function isParsableContentType(contentType: string | undefined): boolean {
	if (contentType === undefined) return false;
	return (
		contentType.startsWith('application/json') ||
		contentType.startsWith('text/plain') ||
		contentType.startsWith('application/x-www-form-urlencoded') ||
		contentType.endsWith('/xml') ||
		contentType.endsWith('+xml')
	);
}

function parseBodyText(contentType: string | undefined, text: string): unknown {
	const unBommed = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	if (contentType === 'application/json') return jsonParse(unBommed);
	if (contentType === 'application/x-www-form-urlencoded') return parseQueryString(unBommed);
	if (contentType === 'text/plain') return text;
	return undefined;
}

export interface ExpressLikeResponse extends ServerResponse {
	status(code: number): ExpressLikeResponse;
	json(body: unknown): ExpressLikeResponse;
	send(body?: string | Buffer): ExpressLikeResponse;
	set(name: string, value: string): ExpressLikeResponse;
	header(name: string, value: string): ExpressLikeResponse;
}

/** The few express Response methods webhook code uses, on a plain Node response. */
function asExpressResponse(res: ServerResponse): ExpressLikeResponse {
	const expressRes = res as ExpressLikeResponse;
	expressRes.status = (code) => {
		res.statusCode = code;
		return expressRes;
	};
	expressRes.set = (name, value) => {
		res.setHeader(name, value);
		return expressRes;
	};
	expressRes.header = expressRes.set;
	expressRes.json = (body) => {
		if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
		res.end(JSON.stringify(body));
		return expressRes;
	};
	expressRes.send = (body) => {
		res.end(body);
		return expressRes;
	};
	return expressRes;
}

export type WebhookMethod = 'checkExists' | 'create' | 'delete';

export interface WebhookMethodOptions {
	parameters: INodeParameters;
	credentials?: HarnessCredentials;
	staticData?: IDataObject;
	webhookName?: string;
	typeVersion?: number;
}

/** Calls `webhookMethods[name][method]` in n8n-core's HookContext, as n8n does on (de)activation. */
export async function runWebhookMethod(
	nodeType: INodeType | IVersionedNodeType,
	method: WebhookMethod,
	options: WebhookMethodOptions,
): Promise<{ result: boolean; staticData: IDataObject }> {
	const { node, workflow, additionalData } = await triggerWorkflow(nodeType, options, { mode: 'trigger', active: true });
	const resolved = NodeHelpers.getVersionedNodeType(nodeType, node.typeVersion);
	const name = options.webhookName ?? 'default';
	const webhookData = buildWebhookData(workflow, node, webhookDescription(resolved, name), additionalData);
	const fn = resolved.webhookMethods?.[name as keyof typeof resolved.webhookMethods]?.[method];
	if (fn === undefined) throw new UnexpectedError(`Node has no webhookMethods.${name}.${method}`);
	const context = new HookContext(workflow, node, additionalData, 'trigger', 'activate', webhookData);
	const result = await fn.call(context);
	return { result, staticData: nodeStaticData(workflow, node).staticData };
}
