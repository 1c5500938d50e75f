import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IAdditionalCredentialOptions,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IN8nHttpFullResponse,
	type INodeCredentialsDetails,
	type IPollFunctions,
	type IWebhookFunctions,
	type JsonObject,
} from 'n8n-workflow';

import type { LoadSignal } from './adaptiveConcurrency';
import { parseLossless, stringifyLossless } from './losslessJson';

export const CREDENTIAL_TYPE = 'pandaPonApi';

export type PandaPonContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| IHookFunctions
	| IWebhookFunctions;

export interface PandaPonRequest {
	method: IHttpRequestMethods;
	path: string;
	query?: IDataObject;
	/** May hold JsonInteger values, written as exact integer literals. */
	body?: unknown;
	/**
	 * Whether sending the request twice is harmless. Only idempotent requests are retried;
	 * anything that creates, pays, cancels, submits or deletes must say `false`.
	 */
	idempotent: boolean;
	itemIndex?: number;
	/** How long to wait for PandaPon in all, retries included; retryPolicy.timeoutMs when unset. */
	timeoutMs?: number;
}

/** What n8n's HTTP client reports when its timeout fires. */
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

function timeoutOf(pandaPonRequest: PandaPonRequest): number {
	return pandaPonRequest.timeoutMs ?? retryPolicy.timeoutMs;
}

/** PandaPon's response envelope, as far as it is documented. */
export interface PandaPonEnvelope {
	code?: unknown;
	msg?: unknown;
	requestId?: unknown;
	data?: unknown;
}

/** Backoff and timeout settings; exported so tests can shorten the waits without changing the rules. */
export const retryPolicy = {
	/** n8n's own default is 300 s per attempt, which left a hung execution waiting for 20 minutes. */
	timeoutMs: 30_000,
	maxRetries: 3,
	baseDelayMs: 500,
	maxDelayMs: 8_000,
	maxRetryAfterMs: 60_000,
};

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'EPIPE',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EAI_AGAIN',
	'UND_ERR_SOCKET',
]);
const SUCCESS_CODE = 200;

type Attempt =
	| { kind: 'response'; response: IN8nHttpFullResponse }
	| { kind: 'network'; code: string; error: unknown; timedOutAfterMs?: number };

/**
 * Sends one signed request to PandaPon and returns the envelope's `data`, with every big
 * integer intact. Retries idempotent requests on rate limiting, gateway errors and
 * dropped connections; never retries the others.
 */
export async function request(context: PandaPonContext, pandaPonRequest: PandaPonRequest): Promise<unknown> {
	const maxRetries = pandaPonRequest.idempotent ? retryPolicy.maxRetries : 0;
	const deadline = Date.now() + timeoutOf(pandaPonRequest);
	for (let retry = 0; ; retry++) {
		const attempt = await paced(context, () => sendOnce(context, pandaPonRequest, deadline));
		const delayMs = backoffDelayMs(retry, retryAfterOf(attempt));
		// A retry that could not finish before the deadline would only postpone the error.
		if (isRetryable(attempt) && retry < maxRetries && Date.now() + delayMs < deadline) {
			await sleep(delayMs, cancelSignalOf(context));
			continue;
		}
		if (attempt.kind === 'network') throw networkError(context, pandaPonRequest, attempt, retry);
		return unwrapResponse(context, pandaPonRequest, attempt.response, retry);
	}
}

/** What PandaPon answered, not yet judged: the HTTP status and the envelope when the body is one. */
export type RawAnswer = { status: number; envelope: PandaPonEnvelope | undefined } | { networkError: string };

/**
 * One signed attempt, without retries and without turning a rejection into an error: for the
 * endpoint check, which reports every answer instead of failing on the first.
 */
export async function sendOnceRaw(context: PandaPonContext, pandaPonRequest: PandaPonRequest): Promise<RawAnswer> {
	const attempt = await sendOnce(context, pandaPonRequest, Date.now() + timeoutOf(pandaPonRequest));
	if (attempt.kind === 'network') {
		return { networkError: attempt.timedOutAfterMs === undefined ? (NETWORK_FAILURES[attempt.code] ?? attempt.code) : 'no answer in time' };
	}
	return { status: attempt.response.statusCode, envelope: parseEnvelope(bodyText(attempt.response.body)) };
}

/**
 * The request as it goes on the wire before the credential signs it: method, path, query
 * and the exact body text. Sending and Dry Run both start from it, so a dry run shows the
 * bytes a real run sends.
 */
export function wireOptionsOf(pandaPonRequest: PandaPonRequest): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: pandaPonRequest.method,
		url: pandaPonRequest.path,
		headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
	};
	if (pandaPonRequest.query && Object.keys(pandaPonRequest.query).length > 0) {
		options.qs = pandaPonRequest.query;
	}
	if (pandaPonRequest.body !== undefined) options.body = stringifyLossless(pandaPonRequest.body);
	return options;
}

async function sendOnce(context: PandaPonContext, pandaPonRequest: PandaPonRequest, deadline: number): Promise<Attempt> {
	const options: IHttpRequestOptions = {
		...wireOptionsOf(pandaPonRequest),
		timeout: Math.max(1, deadline - Date.now()),
		json: false,
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// A followed 301/302 turns a signed POST into a GET without its body; report it instead.
		disableFollowRedirect: true,
	};
	try {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			options,
			await decryptedCredentialOf(context),
		)) as IN8nHttpFullResponse;
		return { kind: 'response', response };
	} catch (error) {
		const code = networkErrorCode(error);
		if (code === undefined) throw asNodeError(context, pandaPonRequest, error);
		// n8n 1.x keeps only the code, so the deadline tells a timeout from another abort.
		const timedOut = TIMEOUT_CODES.has(code) && Date.now() >= deadline;
		return { kind: 'network', code, error, ...(timedOut ? { timedOutAfterMs: timeoutOf(pandaPonRequest) } : {}) };
	}
}

const credentialByContext = new WeakMap<PandaPonContext, Promise<IAdditionalCredentialOptions>>();

/**
 * Left alone, n8n loads and decrypts the credential from its database on every
 * authenticated request (two queries, key derivation and AES each time), about a quarter of
 * a lookup's cost. One n8n context serves one node run, so the credential is loaded once per
 * context and handed to n8n's helper, which still signs every request through the
 * credential's `authenticate`.
 */
function decryptedCredentialOf(context: PandaPonContext): Promise<IAdditionalCredentialOptions> {
	let loaded = credentialByContext.get(context);
	if (loaded === undefined) {
		loaded = loadCredential(context);
		credentialByContext.set(context, loaded);
	}
	return loaded;
}

/** The credential's fields, loaded once per node run like the requests' own copy. */
export async function credentialDataOf(context: PandaPonContext): Promise<ICredentialDataDecryptedObject> {
	return (await decryptedCredentialOf(context)).credentialsDecrypted?.data ?? {};
}

/** The node's reference (ID and name) to its PandaPon credential. */
export function credentialReferenceOf(context: Pick<PandaPonContext, 'getNode'>): INodeCredentialsDetails | undefined {
	return context.getNode().credentials?.[CREDENTIAL_TYPE];
}

async function loadCredential(context: PandaPonContext): Promise<IAdditionalCredentialOptions> {
	const data = await context.getCredentials(CREDENTIAL_TYPE);
	const reference = credentialReferenceOf(context);
	return {
		credentialsDecrypted: {
			id: reference?.id ?? '',
			name: reference?.name ?? CREDENTIAL_TYPE,
			type: CREDENTIAL_TYPE,
			data,
		},
	};
}

/** Paces the attempts of one node run (see adaptiveConcurrency.ts). */
export interface LoadObserver {
	beforeAttempt(): Promise<void>;
	afterAttempt(signal: LoadSignal): void;
}

const loadObservers = new WeakMap<PandaPonContext, LoadObserver>();

/**
 * Lets `observer` hold back every attempt sent through this context (one node run),
 * retries and pages included, and tells it what each answer says about PandaPon's load.
 */
export function observeLoad(context: PandaPonContext, observer: LoadObserver): void {
	loadObservers.set(context, observer);
}

async function paced(context: PandaPonContext, send: () => Promise<Attempt>): Promise<Attempt> {
	const observer = loadObservers.get(context);
	if (observer === undefined) return send();
	await observer.beforeAttempt();
	let signal: LoadSignal = 'failed';
	try {
		const attempt = await send();
		signal = loadSignalOf(attempt);
		return attempt;
	} finally {
		observer.afterAttempt(signal);
	}
}

function loadSignalOf(attempt: Attempt): LoadSignal {
	if (attempt.kind === 'network') return 'failed';
	if (attempt.response.statusCode === 429) return 'throttled';
	return attempt.response.statusCode >= 500 ? 'failed' : 'clean';
}

function isRetryable(attempt: Attempt): boolean {
	if (attempt.kind === 'network') return RETRYABLE_NETWORK_CODES.has(attempt.code);
	return RETRYABLE_STATUS.has(attempt.response.statusCode);
}

/** Exponential backoff with full jitter; a server's Retry-After wins when it asks for longer. */
export function backoffDelayMs(retry: number, retryAfterMs: number | undefined, random = Math.random()): number {
	const ceiling = Math.min(retryPolicy.maxDelayMs, retryPolicy.baseDelayMs * 2 ** retry);
	const jittered = Math.round(ceiling / 2 + (random * ceiling) / 2);
	if (retryAfterMs === undefined) return jittered;
	return Math.min(Math.max(retryAfterMs, jittered), retryPolicy.maxRetryAfterMs);
}

/** Retry-After as milliseconds: either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function headerOf(response: IN8nHttpFullResponse, name: string): unknown {
	const headers = response.headers ?? {};
	return headers[name] ?? headers[name.replace(/(^|-)[a-z]/g, (start) => start.toUpperCase())];
}

function retryAfterOf(attempt: Attempt): number | undefined {
	if (attempt.kind !== 'response') return undefined;
	return parseRetryAfter(headerOf(attempt.response, 'retry-after'));
}

function cancelSignalOf(context: PandaPonContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
}

/** Finds a socket-level error code (ECONNRESET …) in an error or its causes. */
export function networkErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const { code, httpCode, message, cause } = current as {
			code?: unknown;
			httpCode?: unknown;
			message?: unknown;
			cause?: unknown;
		};
		if (isErrnoCode(code)) return code;
		// n8n 1.x wraps socket errors in a NodeApiError that drops the cause and keeps the
		// errno code only as its httpCode.
		if (isErrnoCode(httpCode)) return httpCode;
		if (typeof message === 'string' && /socket hang up/i.test(message)) return 'ECONNRESET';
		current = cause;
	}
	return undefined;
}

function isErrnoCode(value: unknown): value is string {
	return typeof value === 'string' && /^(E[A-Z_]+|UND_ERR_[A-Z_]+)$/.test(value);
}

function unwrapResponse(
	context: PandaPonContext,
	pandaPonRequest: PandaPonRequest,
	response: IN8nHttpFullResponse,
	retries: number,
): unknown {
	const status = response.statusCode;
	const text = bodyText(response.body);
	const envelope = parseEnvelope(text);
	if (status < 200 || status >= 300) {
		const location = headerOf(response, 'location');
		throw httpStatusError(context, pandaPonRequest, { status, envelope, text, location: typeof location === 'string' ? location : undefined }, retries);
	}
	if (text.trim() === '') {
		throw apiError(context, pandaPonRequest, {
			message: `PandaPon sent an empty answer to ${describe(pandaPonRequest)}`,
			description:
				`Expected a JSON envelope with code, msg and data. Check that the Base URL in the credential points at the PandaPon API.${unreadableAnswerNote(pandaPonRequest)}`,
			httpCode: String(status),
		});
	}
	if (envelope === undefined) {
		throw apiError(context, pandaPonRequest, {
			message: `PandaPon's answer to ${describe(pandaPonRequest)} is not JSON`,
			description: `It began with: ${preview(text)}. Check that the Base URL in the credential points at the PandaPon API and not at a web page or proxy.${unreadableAnswerNote(pandaPonRequest)}`,
			httpCode: String(status),
		});
	}
	if (Number(envelope.code) !== SUCCESS_CODE) throw businessError(context, pandaPonRequest, envelope);
	return envelope.data ?? null;
}

function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	// A helper that parsed the body already cannot give us the digits back; re-serialise it.
	return JSON.stringify(body);
}

export function parseEnvelope(text: string): PandaPonEnvelope | undefined {
	if (text.trim() === '') return undefined;
	let parsed: unknown;
	try {
		parsed = parseLossless(text);
	} catch {
		return undefined;
	}
	return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
		? (parsed as PandaPonEnvelope)
		: undefined;
}

export const SIGNATURE_HINT =
	'Check the Access Key, Access Secret and User ID in the PandaPon credential. If the message is about the timestamp, check the clock of the n8n host or switch the credential\'s Timestamp Unit.';

function businessError(
	context: PandaPonContext,
	pandaPonRequest: PandaPonRequest,
	envelope: PandaPonEnvelope,
): NodeApiError {
	const msg = typeof envelope.msg === 'string' && envelope.msg !== '' ? envelope.msg : 'no message';
	const looksLikeAuth = /sign|签名|timestamp|时间|access|key|nonce|auth|权限|user/i.test(msg);
	const advice = looksLikeAuth
		? SIGNATURE_HINT
		: 'Check the values sent for this operation against what PandaPon expects.';
	return apiError(context, pandaPonRequest, {
		message: `PandaPon error ${String(envelope.code)}: ${msg}`,
		description: `${advice} Request ID: ${String(envelope.requestId ?? 'none')} (quote it to PandaPon support). Endpoint: ${describe(pandaPonRequest)}.${notRetriedNote(pandaPonRequest)}`,
		code: String(envelope.code),
		// PandaPon reports business errors with HTTP 200; without this NodeApiError would show the business code as the HTTP status.
		httpCode: '200',
		requestId: envelope.requestId,
	});
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

interface FailedAnswer {
	status: number;
	envelope: PandaPonEnvelope | undefined;
	text: string;
	/** Where a redirect pointed. */
	location?: string;
}

function httpStatusError(
	context: PandaPonContext,
	pandaPonRequest: PandaPonRequest,
	{ status, envelope, text, location }: FailedAnswer,
	retries: number,
): NodeApiError {
	const detail =
		envelope && typeof envelope.msg === 'string' ? envelope.msg : text.trim() ? preview(text) : 'empty body';
	const mayHaveApplied = !pandaPonRequest.idempotent && status >= 500;
	let advice: string;
	if (status === 404) {
		advice =
			'The path may be wrong: several PandaPon paths are inferred from incomplete docs. Try the Custom API Call operation with the path from PandaPon\'s console or docs.';
	} else if (status === 429) {
		advice = pandaPonRequest.idempotent
			? `PandaPon kept rate limiting after ${retries} retries. Lower the node's concurrency or add a Wait node.`
			: 'PandaPon is rate limiting. This request changes data, so it was not retried automatically; run it again later.';
	} else if (REDIRECT_STATUSES.has(status)) {
		advice =
			`The server redirected the request${location ? ` to ${location}` : ''}, so it was not handled. Redirects are not followed: they would turn a signed POST into a GET without its body. Correct the Base URL in the credential (for example https:// instead of http://).`;
	} else if (mayHaveApplied) {
		advice = mayHaveAppliedAdvice();
	} else if (status >= 500) {
		advice = `PandaPon had a server error${retries > 0 ? ` on all ${retries + 1} attempts` : ''}. Try again later.`;
	} else {
		advice = 'Check the values sent for this operation.';
	}
	return apiError(context, pandaPonRequest, {
		message: `PandaPon answered HTTP ${status} to ${describe(pandaPonRequest)}: ${detail}`,
		description: `${advice}${envelope?.requestId ? ` Request ID: ${String(envelope.requestId)}.` : ''}`,
		httpCode: String(status),
	});
}

const NETWORK_FAILURES: Record<string, string> = {
	ECONNRESET: 'the connection was reset',
	ECONNREFUSED: 'the connection was refused',
	ETIMEDOUT: 'the connection timed out',
	ECONNABORTED: 'the connection was aborted',
	EPIPE: 'the connection was closed while sending',
	EAI_AGAIN: 'the host name could not be resolved',
	ENOTFOUND: 'the host name could not be resolved',
};

/** Failures before any byte of the request left: the request cannot have been applied. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

function networkError(
	context: PandaPonContext,
	pandaPonRequest: PandaPonRequest,
	attempt: Extract<Attempt, { kind: 'network' }>,
	retries: number,
): NodeApiError {
	const reachAdvice = `Check that n8n can reach the Base URL in the credential${retries > 0 ? ` (tried ${retries + 1} times)` : ''}.`;
	let advice = attempt.timedOutAfterMs === undefined ? reachAdvice : `${reachAdvice} If PandaPon is only slow, raise Timeout in the node's Options.`;
	if (!pandaPonRequest.idempotent) {
		advice = NEVER_SENT_CODES.has(attempt.code)
			? `PandaPon was not reached, so nothing was applied. ${reachAdvice}`
			: mayHaveAppliedAdvice(attempt.timedOutAfterMs === undefined ? undefined : 'PandaPon did not answer in time');
	}
	// NodeApiError swaps any message that contains, or comes with, an errno code such as
	// ECONNRESET for n8n's generic text (losing the endpoint), so the code goes into the
	// description and under a key NodeApiError does not scan.
	const failure =
		attempt.timedOutAfterMs === undefined
			? (NETWORK_FAILURES[attempt.code] ?? 'network failure')
			: `PandaPon did not answer within ${formatSeconds(attempt.timedOutAfterMs)}`;
	return apiError(context, pandaPonRequest, {
		message: `Could not complete ${describe(pandaPonRequest)}: ${failure}`,
		description: `${advice} Network error code: ${attempt.code}.`,
		networkCode: attempt.code,
	});
}

/** n8n's own errors pass through; anything else is rebuilt from its message alone. */
function asNodeError(
	context: PandaPonContext,
	pandaPonRequest: PandaPonRequest,
	error: unknown,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const message = error instanceof Error ? error.message : String(error);
	return apiError(context, pandaPonRequest, {
		message: `Request ${describe(pandaPonRequest)} failed: ${message}`,
		description: 'Check the PandaPon credential and that n8n can reach its Base URL.',
	});
}

function mayHaveAppliedAdvice(what = 'The connection failed after the request was sent'): string {
	return `${what}, so PandaPon may or may not have applied it. It was not retried automatically to avoid doing it twice: check the current state in PandaPon (for example with a Get or Get Many operation) before running it again.`;
}

/** A change whose answer cannot be read may still have been applied by whatever received it. */
function unreadableAnswerNote(pandaPonRequest: PandaPonRequest): string {
	return pandaPonRequest.idempotent ? '' : ` ${mayHaveAppliedAdvice('This change was received but its answer could not be read')}`;
}

function notRetriedNote(pandaPonRequest: PandaPonRequest): string {
	return pandaPonRequest.idempotent ? '' : ' PandaPon rejected this request, so nothing was applied.';
}

function apiError(
	context: PandaPonContext,
	pandaPonRequest: PandaPonRequest,
	details: {
		message: string;
		description: string;
		httpCode?: string;
		code?: string;
		networkCode?: string;
		requestId?: unknown;
	},
): NodeApiError {
	// A plain object (never the HTTP client's error) so that request headers cannot leak.
	const errorResponse: JsonObject = {
		message: details.message,
		code: details.code ?? null,
		...(details.networkCode ? { networkError: details.networkCode } : {}),
		requestId: details.requestId === undefined ? null : String(details.requestId),
		endpoint: describe(pandaPonRequest),
	};
	return new NodeApiError(context.getNode(), errorResponse, {
		message: details.message,
		description: details.description,
		httpCode: details.httpCode,
		itemIndex: pandaPonRequest.itemIndex,
	});
}

function formatSeconds(milliseconds: number): string {
	return `${Number((milliseconds / 1000).toFixed(3))} s`;
}

function describe(pandaPonRequest: PandaPonRequest): string {
	return `${pandaPonRequest.method} ${pandaPonRequest.path}`;
}

function preview(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
