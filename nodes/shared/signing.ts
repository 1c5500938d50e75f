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

/** HMAC-SHA256 of a callback's raw body, keyed with the Access Secret, as lowercase hex. */
export function computeCallbackSignature(rawBody: Buffer | string, accessSecret: string): string {
	return createHmac('sha256', Buffer.from(accessSecret, 'utf8')).update(rawBody).digest('hex');
}

/**
 * Checks a callback's `Authorization` header. PandaPon's docs give neither the hex case
 * nor a scheme prefix, so the last space-separated token is compared case-insensitively,
 * in constant time.
 */
export function isCallbackSignatureValid(
	rawBody: Buffer | string,
	authorization: string | undefined,
	accessSecret: string,
): boolean {
	if (!authorization) return false;
	const presented = authorization.trim().split(/\s+/).pop()?.toLowerCase() ?? '';
	const expected = computeCallbackSignature(rawBody, accessSecret);
	if (presented.length !== expected.length) return false;
	return timingSafeEqual(Buffer.from(presented, 'utf8'), Buffer.from(expected, 'utf8'));
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
