import { createHash } from 'crypto';

import { stringifyLossless } from '../shared/losslessJson';
import type { PandaPonCallback } from './callback';

/** Delivery keys and when they were first seen (epoch ms), oldest first. */
export interface DeliveryLog {
	seen: Record<string, number>;
}

export const MAX_REMEMBERED_DELIVERIES = 5000;

/**
 * A retried delivery repeats the message; its push `timestamp` may be new, so the key is
 * the type, platform and body only. Two messages with identical content say the same
 * thing, so treating them as one loses nothing.
 */
export function deliveryKey(callback: Pick<PandaPonCallback, 'messageType' | 'messagePlatform' | 'messageBody'>): string {
	const content = stringifyLossless([callback.messageType, callback.messagePlatform, callback.messageBody]);
	return createHash('sha256').update(content).digest('hex').slice(0, 32);
}

/** Drops entries older than the window and, past the cap, the oldest ones. */
export function prune(log: DeliveryLog, now: number, windowMs: number, cap = MAX_REMEMBERED_DELIVERIES): void {
	const entries = Object.entries(log.seen).filter(([, seenAt]) => now - seenAt < windowMs);
	entries.sort((a, b) => a[1] - b[1]);
	log.seen = Object.fromEntries(entries.slice(Math.max(0, entries.length - cap)));
}

/**
 * Records a delivery; returns false when the same message was already seen within the
 * window (a retry, which must not start a second execution).
 */
export function recordDelivery(log: DeliveryLog, key: string, now: number, windowMs: number, cap = MAX_REMEMBERED_DELIVERIES): boolean {
	prune(log, now, windowMs, cap);
	if (log.seen[key] !== undefined) return false;
	log.seen[key] = now;
	if (Object.keys(log.seen).length > cap) prune(log, now, windowMs, cap);
	return true;
}

/**
 * Adds deliveries known from elsewhere (the in-process register) that the log lacks,
 * keeping the earlier time when both know a key; then applies the cap. n8n saves static
 * data per request and the last save wins, so merging what this process accepted recently
 * into every save puts back entries that an overlapping request's save dropped.
 */
export function mergeDeliveries(
	log: DeliveryLog,
	known: Array<[string, number]>,
	now: number,
	windowMs: number,
	cap = MAX_REMEMBERED_DELIVERIES,
): void {
	let added = false;
	for (const [key, seenAt] of known) {
		const current = log.seen[key];
		if (current === undefined || seenAt < current) {
			log.seen[key] = seenAt;
			added = true;
		}
	}
	if (added && Object.keys(log.seen).length > cap) prune(log, now, windowMs, cap);
}
