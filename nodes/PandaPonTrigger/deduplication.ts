import { createHash } from 'crypto';

import { stringifyLossless } from '../shared/losslessJson';
import type { PandaPonCallback } from './callback';
import { RecentDeliveries } from './recentDeliveries';

/**
 * Lives in n8n's static data, where every write makes n8n save the whole workflow's
 * static data, so it is written only when a delivery adds something.
 */
export interface DeliveryLog {
	/** Delivery keys and when they were first seen (epoch ms), oldest inserted first. */
	seen: Record<string, number>;
	/** Entries added since the last prune. */
	unpruned?: number;
}

export const MAX_REMEMBERED_DELIVERIES = 5000;

/** This process's register; per node as many keys as the log keeps, since more could never be written back. */
export const recentDeliveries = new RecentDeliveries(MAX_REMEMBERED_DELIVERIES);

/**
 * Pruning has to list every key (milliseconds at the cap), so it runs once per this many
 * additions; meanwhile the log may hold that many entries more than the cap.
 */
export function pruneInterval(cap: number): number {
	return Math.max(1, Math.min(100, Math.floor(cap / 50)));
}

/**
 * A retried delivery repeats the message; its push `timestamp` may be new, so the key is
 * the type, platform and body only. Two messages with identical content say the same
 * thing, so treating them as one loses nothing.
 */
export function deliveryKey(callback: Pick<PandaPonCallback, 'messageType' | 'messagePlatform' | 'messageBody'>): string {
	const content = stringifyLossless([callback.messageType, callback.messagePlatform, callback.messageBody]);
	return createHash('sha256').update(content).digest('hex').slice(0, 32);
}

function isWithinWindow(seenAt: unknown, now: number, windowMs: number): boolean {
	return typeof seenAt === 'number' && now - seenAt < windowMs;
}

/**
 * Drops entries from the front (the oldest inserted) while they are past the window or
 * the log is over the cap, and stops at the first entry that stays: no sort. An expired
 * entry behind a live one waits for a later prune and is ignored by lookups meanwhile.
 */
export function prune(log: DeliveryLog, now: number, windowMs: number, cap = MAX_REMEMBERED_DELIVERIES): void {
	const keys = Object.keys(log.seen);
	let excess = keys.length - cap;
	for (const key of keys) {
		if (excess <= 0 && isWithinWindow(log.seen[key], now, windowMs)) break;
		delete log.seen[key];
		excess--;
	}
	log.unpruned = 0;
}

function countAdded(log: DeliveryLog, added: number, now: number, windowMs: number, cap: number): void {
	const unpruned = (typeof log.unpruned === 'number' ? log.unpruned : 0) + added;
	if (unpruned >= pruneInterval(cap)) prune(log, now, windowMs, cap);
	else log.unpruned = unpruned;
}

/**
 * Records a delivery; returns false when the same message was already seen within the
 * window (a retry, which must not start a second execution). A retry leaves the log
 * untouched.
 */
export function recordDelivery(
	log: Partial<DeliveryLog>,
	key: string,
	now: number,
	windowMs: number,
	cap = MAX_REMEMBERED_DELIVERIES,
): boolean {
	if (log.seen !== undefined && isWithinWindow(log.seen[key], now, windowMs)) return false;
	log.seen ??= {};
	const withSeen = log as DeliveryLog;
	// A stale entry for the key is moved to the end, keeping the log in time order.
	if (key in withSeen.seen) delete withSeen.seen[key];
	withSeen.seen[key] = now;
	countAdded(withSeen, 1, now, windowMs, cap);
	return true;
}

/**
 * Writes back the deliveries this process accepted that the log lacks. n8n saves static
 * data per request and the last save wins, so a request's copy can lack deliveries that
 * overlapping requests accepted. Every save holds, of this process's deliveries, all that
 * were accepted before some moment, so what a copy lacks is the run of the newest ones:
 * `known` (this process's deliveries, newest first) is read only up to the first one the
 * log holds with this process's time. A copy of a key with another time (written by
 * another n8n process) does not end the run and gets this process's time. `except` (the
 * delivery being recorded) is left to recordDelivery. Writes nothing when nothing is
 * missing.
 */
export function mergeDeliveries(
	log: Partial<DeliveryLog>,
	known: Iterable<readonly [string, number]>,
	except: string,
	now: number,
	windowMs: number,
	cap = MAX_REMEMBERED_DELIVERIES,
): void {
	const missing: Array<readonly [string, number]> = [];
	for (const entry of known) {
		if (entry[0] === except) continue;
		if (log.seen?.[entry[0]] === entry[1]) break;
		if (missing.length >= cap) break;
		missing.push(entry);
	}
	if (missing.length === 0) return;
	log.seen ??= {};
	let added = 0;
	for (let i = missing.length - 1; i >= 0; i--) {
		const [key, seenAt] = missing[i];
		if (!(key in log.seen)) added++;
		log.seen[key] = seenAt;
	}
	countAdded(log as DeliveryLog, added, now, windowMs, cap);
}

/**
 * The dedupe step of one delivery, against the node's static data (`log`, updated in place)
 * and the in-process register: false when the message was seen within the window.
 * `scope` names the node the way n8n keys its static data (workflow and node name).
 */
export function acceptDelivery(log: Partial<DeliveryLog>, scope: string, key: string, now: number, windowMs: number): boolean {
	const firstInProcess = recentDeliveries.claim(scope, key, now, windowMs);
	// Requests handled at the same time each save their own copy of static data (last save
	// wins): write back what this process accepted that this copy lacks, before this delivery
	// so the log stays in time order.
	mergeDeliveries(log, recentDeliveries.newestFirst(scope, now, windowMs), key, now, windowMs);
	const newInLog = recordDelivery(log, key, now, windowMs);
	return firstInProcess && newInLog;
}
