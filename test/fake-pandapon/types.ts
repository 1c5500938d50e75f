/** Public types of the fake PandaPon server. */

import type { ServerOptions as HttpsServerOptions } from 'https';

import type { FakePandaPon } from './server';

export const FAKE_CREDENTIALS = {
	accessKey: 'fake-access-key',
	// Non-ASCII on purpose: the signature must be computed over UTF-8 bytes.
	accessSecret: 'fake-secret-密钥-🐼',
	userId: '2100007341207',
};

export type TimestampUnit = 'milliseconds' | 'seconds';

export interface SeedSizes {
	refunds?: number;
	taobaoOrders?: number;
	alibabaOrders?: number;
	products?: number;
	/** Extension: Taobao catalogue size (Taobao goods searches). */
	taobaoProducts?: number;
	/** Extension: 1688 after-sales records (`/alibaba/refund/info`). */
	alibabaRefunds?: number;
}

export interface FakePandaPonOptions {
	accessKey?: string;
	accessSecret?: string;
	userId?: string;
	/** What the server expects in the `timestamp` header; default milliseconds. */
	timestampUnit?: TimestampUnit;
	/** How far the `timestamp` header may be from the server clock; default 600. */
	timestampWindowSeconds?: number;
	/** Default 0: a random free port. */
	port?: number;
	seed?: SeedSizes;
	/**
	 * Extension: epoch ms the seeded timestamps count back from; default the time of
	 * start/reset, so seeded records look recent to a polling trigger.
	 */
	seedTime?: number;
	/**
	 * Extension: silently cap every page size at this many records, as some real APIs do.
	 * Unset by default (no cap is documented for PandaPon).
	 */
	maxPageSize?: number;
	/** Extension: serve HTTPS with this key and certificate (the distance benchmark). */
	tls?: HttpsServerOptions;
	/**
	 * Extension: built-in routes left out, so that their paths answer HTTP 404 the way
	 * PandaPon answers a path it does not have.
	 */
	withoutRoutes?: Array<{ method: string; path: string }>;
}

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	/** Lower-case names; repeated headers joined with ", ". */
	headers: Record<string, string>;
	rawBody: string;
	/** Parsed losslessly: integers beyond 2^53 are strings of their digits. Undefined if empty or not JSON. */
	body: unknown;
	/** Passed the header, timestamp, signature and replay checks. */
	accepted: boolean;
	rejection?: { code: number; msg: string };
	receivedAt: number;
	/** Extension: values of `{param}` path segments of the matched route. */
	params: Record<string, string>;
	/** Extension: the injected fault this request consumed, if any. */
	fault?: Fault;
}

export type Fault =
	| { type: 'status'; status: number; retryAfter?: string; location?: string; body?: string }
	| { type: 'businessError'; code: number; msg: string }
	| { type: 'delay'; ms: number }
	| { type: 'brokenJson' }
	| { type: 'empty' }
	| { type: 'html' }
	| { type: 'reset' };

/** `times` defaults to 1; `path` matches the request path exactly (no query string). */
export interface FaultScope {
	method?: string;
	path?: string;
	times?: number;
}

/**
 * Returns the `data` of a code-200 envelope (a Promise is awaited). Throw BusinessError
 * for a business failure. `fake` is the running FakePandaPon.
 */
export type RouteHandler = (req: RecordedRequest, fake: FakePandaPon) => unknown;

/** Thrown by a route handler to answer HTTP 200 with a non-200 envelope `code`. */
export class BusinessError extends Error {
	constructor(
		readonly code: number,
		msg: string,
	) {
		super(msg);
		this.name = 'BusinessError';
	}
}
