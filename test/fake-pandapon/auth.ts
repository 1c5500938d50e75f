/**
 * System-header checks (REFERENCE.md section 2). The codes and messages are listed in
 * codes.ts. Checks run in this order, so a request with several faults gets the first:
 * missing header → malformed timestamp/nonce → access-key → timestamp window →
 * signature → user-id → nonce replay.
 */

import { computeSignature } from '../../nodes/shared/signing';
import { AUTH_ERRORS, type Rejection } from './codes';
import type { TimestampUnit } from './types';

export interface AuthConfig {
	accessKey: string;
	accessSecret: string;
	userId: string;
	timestampUnit: TimestampUnit;
	timestampWindowSeconds: number;
}

export const SYSTEM_HEADERS = ['access-key', 'timestamp', 'nonce-str', 'user-id', 'signature'] as const;

const NONCE_PATTERN = /^[A-Za-z0-9]{32}$/;
const DECIMAL_PATTERN = /^\d+$/;

/** The stateless checks: everything except replay. */
export function checkSystemHeaders(
	headers: Record<string, string>,
	config: AuthConfig,
	nowMs: number,
): Rejection | undefined {
	const missing = SYSTEM_HEADERS.find((name) => (headers[name] ?? '').trim() === '');
	if (missing !== undefined) return AUTH_ERRORS.missingHeader(missing);

	const timestamp = headers['timestamp'];
	const nonce = headers['nonce-str'];
	if (!DECIMAL_PATTERN.test(timestamp)) return AUTH_ERRORS.invalidTimestamp;
	if (!NONCE_PATTERN.test(nonce)) return AUTH_ERRORS.invalidNonce;
	if (headers['access-key'] !== config.accessKey) return AUTH_ERRORS.unknownAccessKey;
	if (!isWithinWindow(timestamp, config, nowMs)) return AUTH_ERRORS.timestampExpired;

	const expected = computeSignature(config.accessKey, timestamp, nonce, config.accessSecret);
	// Case-sensitive on purpose: the docs' signatures are upper-case hex, and a client that
	// sends lower case is worth catching in tests.
	if (headers['signature'] !== expected) return AUTH_ERRORS.signatureMismatch;
	if (headers['user-id'] !== config.userId) return AUTH_ERRORS.userIdNotPermitted;
	return undefined;
}

/**
 * Compares in the unit the server expects, so a 10-digit seconds value is ~55 years
 * "in the past" for a milliseconds server, and a 13-digit value is far in the future for
 * a seconds server: both fall outside the window.
 */
export function isWithinWindow(timestamp: string, config: AuthConfig, nowMs: number): boolean {
	const presented = Number(timestamp);
	if (!Number.isSafeInteger(presented)) return false;
	const now = config.timestampUnit === 'seconds' ? Math.floor(nowMs / 1000) : nowMs;
	const window = config.timestampUnit === 'seconds' ? config.timestampWindowSeconds : config.timestampWindowSeconds * 1000;
	return Math.abs(now - presented) <= window;
}

/**
 * Nonces of accepted requests, forgotten once the timestamp window has passed: after that
 * the timestamp check alone rejects a replay.
 */
export class NonceRegistry {
	private readonly seenAt = new Map<string, number>();

	constructor(private readonly windowMs: number) {}

	/** Returns false (and records nothing) when the nonce was already used within the window. */
	claim(nonce: string, nowMs: number): boolean {
		this.forgetOlderThan(nowMs - this.windowMs);
		if (this.seenAt.has(nonce)) return false;
		this.seenAt.set(nonce, nowMs);
		return true;
	}

	clear(): void {
		this.seenAt.clear();
	}

	private forgetOlderThan(cutoffMs: number): void {
		for (const [nonce, seenAt] of this.seenAt) {
			if (seenAt < cutoffMs) this.seenAt.delete(nonce);
		}
	}
}

/** All checks, replay included; a nonce is only consumed by a request that passes the rest. */
export function authenticate(
	headers: Record<string, string>,
	config: AuthConfig,
	nonces: NonceRegistry,
	nowMs: number,
): Rejection | undefined {
	const rejection = checkSystemHeaders(headers, config, nowMs);
	if (rejection) return rejection;
	return nonces.claim(headers['nonce-str'], nowMs) ? undefined : AUTH_ERRORS.nonceReused;
}
