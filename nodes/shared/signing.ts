import { createHash, createHmac, randomInt, timingSafeEqual } from 'crypto';

/** The credential fields that signing needs, as n8n hands them to `authenticate`. */
export interface PandaPonSigningCredentials {
	accessKey: string;
	accessSecret: string;
	userId: string;
	timestampUnit?: 'milliseconds' | 'seconds';
}

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const NONCE_LENGTH = 32;

/** PandaPon's request signature: UPPER(HEX(MD5(accessKey + timestamp + nonceStr + accessSecret))). */
export function computeSignature(
	accessKey: string,
	timestamp: string,
	nonceStr: string,
	accessSecret: string,
): string {
	return createHash('md5')
		.update(accessKey + timestamp + nonceStr + accessSecret, 'utf8')
		.digest('hex')
		.toUpperCase();
}

export function generateNonce(): string {
	let nonce = '';
	for (let i = 0; i < NONCE_LENGTH; i++) nonce += NONCE_ALPHABET[randomInt(NONCE_ALPHABET.length)];
	return nonce;
}

export function currentTimestamp(unit: PandaPonSigningCredentials['timestampUnit'], now = Date.now()): string {
	return String(unit === 'seconds' ? Math.floor(now / 1000) : now);
}

/** The five system headers PandaPon expects on every request, freshly timestamped and signed. */
export function buildSignedHeaders(
	credentials: PandaPonSigningCredentials,
	now = Date.now(),
	nonceStr = generateNonce(),
): Record<string, string> {
	const accessKey = String(credentials.accessKey).trim();
	const timestamp = currentTimestamp(credentials.timestampUnit, now);
	return {
		'access-key': accessKey,
		timestamp,
		'nonce-str': nonceStr,
		'user-id': String(credentials.userId ?? '').trim(),
		signature: computeSignature(accessKey, timestamp, nonceStr, String(credentials.accessSecret)),
	};
}

/**
 * What PandaPon's callback HMAC covers. Its docs give the formula but not the Base; the
 * upstream push template (REFERENCE section 8) uses the key directly followed by the raw
 * body, the project's first reading (section 3) the raw body alone. Both are accepted, and
 * the trigger reports which one matched.
 */
export const CALLBACK_SIGNATURE_BASES = ['accessKey+body', 'body'] as const;
export type CallbackSignatureBase = (typeof CALLBACK_SIGNATURE_BASES)[number];

export interface CallbackSigningKeys {
	accessKey: string;
	accessSecret: string;
}

/**
 * HEX(HMAC-SHA256(Base, Access Secret)) of a callback, lowercase. Base = `accessKey` directly
 * followed by the raw body bytes; without an access key, the raw body alone.
 */
export function computeCallbackSignature(rawBody: Buffer | string, accessSecret: string, accessKey?: string): string {
	const hmac = createHmac('sha256', Buffer.from(accessSecret, 'utf8'));
	if (accessKey !== undefined) hmac.update(accessKey, 'utf8');
	return hmac.update(rawBody).digest('hex');
}

function signatureOver(base: CallbackSignatureBase, rawBody: Buffer | string, keys: CallbackSigningKeys): Buffer {
	const accessKey = base === 'accessKey+body' ? keys.accessKey.trim() : undefined;
	return Buffer.from(computeCallbackSignature(rawBody, keys.accessSecret, accessKey), 'hex');
}

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * The signature an `Authorization` header presents, as 32 bytes, or undefined when it is
 * not 64 hex digits. PandaPon's docs give neither the hex case nor a scheme prefix, so the
 * last space-separated token counts, in any case. Anything else an unauthenticated caller
 * sends (non-ASCII bytes, a wrong length) is refused here, before any comparison.
 */
function presentedSignature(authorization: string | undefined): Buffer | undefined {
	const token = authorization?.trim().split(/\s+/).pop() ?? '';
	return HEX_SHA256.test(token) ? Buffer.from(token, 'hex') : undefined;
}

/**
 * Which Base a callback's `Authorization` header signs with these keys, or undefined when
 * none. Every Base is computed and compared in constant time, whichever matches.
 */
export function matchCallbackSignature(
	rawBody: Buffer | string,
	authorization: string | undefined,
	keys: CallbackSigningKeys,
): CallbackSignatureBase | undefined {
	const presented = presentedSignature(authorization);
	// Without a secret anybody could sign.
	if (presented === undefined || keys.accessSecret === '') return undefined;
	const matches = CALLBACK_SIGNATURE_BASES.map((base) => timingSafeEqual(presented, signatureOver(base, rawBody, keys)));
	return CALLBACK_SIGNATURE_BASES.find((_base, index) => matches[index]);
}

const SIGNED_HEADER_NAMES = ['access-key', 'timestamp', 'nonce-str', 'user-id', 'signature'];

/** Copies headers, dropping any whose name (in any letter case) is in `names`. */
function withoutHeaders(headers: object | undefined, names: string[]): Record<string, unknown> {
	const kept: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(headers ?? {})) {
		if (!names.includes(name.toLowerCase())) kept[name] = value;
	}
	return kept;
}

/**
 * Signs one outgoing request in place. n8n calls this before every attempt, so the
 * system headers are replaced (never duplicated) and re-signed with a fresh timestamp and
 * nonce each time. Relative URLs get the credential's base URL, which lets every caller
 * pass just a path. Requests built by the HTTP Request node arrive with a legacy `uri`
 * and keep their own address.
 */
export function signRequestOptions<T extends { headers?: object; url?: string; uri?: unknown; baseURL?: string }>(
	credentials: PandaPonSigningCredentials & { baseUrl?: string },
	requestOptions: T,
	now = Date.now(),
): T {
	const headers = withoutHeaders(requestOptions.headers, SIGNED_HEADER_NAMES);
	const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
	if (!hasContentType) headers['Content-Type'] = 'application/json';
	requestOptions.headers = { ...headers, ...buildSignedHeaders(credentials, now) };
	const isRelative = typeof requestOptions.url === 'string' && requestOptions.url.startsWith('/');
	if (isRelative && !requestOptions.uri && !requestOptions.baseURL && credentials.baseUrl) {
		requestOptions.baseURL = String(credentials.baseUrl).replace(/\/+$/, '');
	}
	return requestOptions;
}
