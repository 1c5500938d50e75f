import { createHash } from 'crypto';

import { stringifyLossless } from '../shared/losslessJson';
import type { PandaPonCallback } from './callback';
import { messageSubject } from './currentState';
import { RecentDeliveries, type Accepted } from './recentDeliveries';

/**
 * Lives in n8n's static data, where every write makes n8n save the whole workflow's
 * static data, so it is written only when a delivery adds something.
 */
export interface DeliveryLog {
	/**
	 * Per subject (the order or refund a message is about), the last message accepted for it:
	 * its key followed by when it was accepted (epoch ms, base 36). Oldest accepted first.
	 * About 30 bytes an entry.
	 */
	last: Record<string, string>;
	/** Entries added since the last prune. */
	unpruned?: number;
	/** When the cap last dropped an entry still inside the window (epoch ms). */
	fullAt?: number;
	/** The log before subjects: every message's content key and when it was first seen (epoch ms). Migrated on the next delivery. */
	seen?: Record<string, number>;
}

/** What the log compares: the message's subject and content, as short hashes. */
export interface Delivery {
	subject: string;
	key: string;
	/** The subject a message that names no order or refund has; entries migrated from `seen` are stored under it. */
	contentSubject: string;
}

export interface DedupeOutcome {
	/** The same message as the last one accepted for its subject, within the window: a retry. */
	duplicate: boolean;
	/** Entries still inside the window that the cap dropped during this delivery. */
	droppedInWindow: number;
	/** The cap dropped entries within the last window: a retry of one of those would start a second execution. */
	incomplete: boolean;
}

/** 20,000 subjects × about 30 bytes: n8n saves some 600 KB of static data per new message at the cap. */
export const MAX_REMEMBERED_SUBJECTS = 20_000;

/** This process's register; per node as many subjects as the log keeps, since more could never be written back. */
export const recentDeliveries = new RecentDeliveries(MAX_REMEMBERED_SUBJECTS);

/**
 * 48 bits: a key is only ever compared with the last key of its own subject, so a new
 * message is taken for a retry with a chance of 2^-48; two subjects sharing a hash only
 * make a retry run again. (One hash in three million is all digits, which a JS object lists
 * first: such an entry is only pruned out of order.)
 */
const HASH_CHARS = 8;

/**
 * Pruning has to list every entry (milliseconds at the cap), so it runs once per this many
 * additions; meanwhile the log may hold that many entries more than the cap.
 */
export function pruneInterval(cap: number): number {
	return Math.max(1, Math.min(100, Math.floor(cap / 50)));
}

/**
 * A retried delivery repeats the message; its push `timestamp` may be new, so the content
 * is the type, platform and body only. 32 hex digits; the log keeps the first 48 bits.
 */
export function deliveryKey(callback: Pick<PandaPonCallback, 'messageType' | 'messagePlatform' | 'messageBody'>): string {
	const content = stringifyLossless([callback.messageType, callback.messagePlatform, callback.messageBody]);
	return createHash('sha256').update(content).digest('hex').slice(0, 32);
}

const shortHash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, HASH_CHARS);
const shortKey = (contentKey: string) => Buffer.from(contentKey.slice(0, 12), 'hex').toString('base64url');
const subjectOfContent = (contentKey: string) => shortHash(`content:${contentKey}`);

/**
 * A repeat is a retry only while no other message about the same order or refund came in
 * between (see isRetry), so each message is filed under its subject, found the way Include
 * Current State finds what to look up; without an order or refund ID it is its own subject.
 */
export function deliveryOf(callback: Pick<PandaPonCallback, 'messageType' | 'messagePlatform' | 'messageBody' | 'platform' | 'event'>): Delivery {
	const contentKey = deliveryKey(callback);
	const contentSubject = subjectOfContent(contentKey);
	const about = messageSubject(callback);
	const subject = about === undefined ? contentSubject : shortHash(stringifyLossless([callback.platform, about.kind, about.id]));
	return { subject, key: shortKey(contentKey), contentSubject };
}

export const encodeEntry = (key: string, at: number) => `${key}${at.toString(36)}`;

export function decodeEntry(value: unknown): { key: string; at: number } | undefined {
	if (typeof value !== 'string' || value.length <= HASH_CHARS) return undefined;
	const at = parseInt(value.slice(HASH_CHARS), 36);
	return Number.isFinite(at) ? { key: value.slice(0, HASH_CHARS), at } : undefined;
}

function liveEntry(log: Partial<DeliveryLog>, subject: string, now: number, windowMs: number) {
	const entry = decodeEntry(log.last?.[subject]);
	return entry !== undefined && now - entry.at < windowMs ? entry : undefined;
}

/**
 * A → B → A for one order is three messages (a price changed back); A → A is a retry, whatever
 * its push timestamp. A retry that comes after a newer message for its subject runs again:
 * it cannot be told from the state changing back, and running twice loses nothing.
 */
export function isRetry(log: Partial<DeliveryLog>, delivery: Delivery, now: number, windowMs: number): boolean {
	const last = liveEntry(log, delivery.subject, now, windowMs) ?? liveEntry(log, delivery.contentSubject, now, windowMs);
	return last?.key === delivery.key;
}

/**
 * Drops entries from the front (the oldest accepted) while they are past the window or
 * the log is over the cap, and stops at the first entry that stays: no sort. An expired
 * entry behind a live one waits for a later prune and is ignored by lookups meanwhile.
 * Returns how many entries still inside the window had to go (and notes when in `fullAt`).
 */
export function prune(log: DeliveryLog, now: number, windowMs: number, cap = MAX_REMEMBERED_SUBJECTS): number {
	const subjects = Object.keys(log.last);
	let excess = subjects.length - cap;
	let droppedInWindow = 0;
	for (const subject of subjects) {
		const live = liveEntry(log, subject, now, windowMs) !== undefined;
		if (excess <= 0 && live) break;
		if (live) droppedInWindow++;
		delete log.last[subject];
		excess--;
	}
	log.unpruned = 0;
	if (droppedInWindow > 0) log.fullAt = now;
	return droppedInWindow;
}

function countAdded(log: DeliveryLog, added: number, now: number, windowMs: number, cap: number): number {
	const unpruned = (typeof log.unpruned === 'number' ? log.unpruned : 0) + added;
	if (unpruned >= pruneInterval(cap)) return prune(log, now, windowMs, cap);
	log.unpruned = unpruned;
	return 0;
}

/** Makes `key` the last message accepted for `subject`, moved to the end (time order). Returns what prune returns. */
export function recordDelivery(
	log: Partial<DeliveryLog>,
	subject: string,
	key: string,
	now: number,
	windowMs: number,
	cap = MAX_REMEMBERED_SUBJECTS,
): number {
	log.last ??= {};
	const added = subject in log.last ? 0 : 1;
	delete log.last[subject];
	log.last[subject] = encodeEntry(key, now);
	return countAdded(log as DeliveryLog, added, now, windowMs, cap);
}

/** Moves a log of the format before subjects into `last`, each message as its own subject (as before). */
export function migrateSeen(log: Partial<DeliveryLog>, now: number, windowMs: number): void {
	if (log.seen === undefined) return;
	const seen = log.seen;
	delete log.seen;
	log.last ??= {};
	for (const [contentKey, at] of Object.entries(seen ?? {})) {
		if (typeof at !== 'number' || now - at >= windowMs || !/^[0-9a-f]{32}$/.test(contentKey)) continue;
		log.last[subjectOfContent(contentKey)] = encodeEntry(shortKey(contentKey), at);
	}
}

/**
 * Writes back the acceptances of this process that the log lacks. n8n saves static data
 * per request and the last save wins, so a request's copy can lack what overlapping
 * requests accepted. Every save holds, of this process's acceptances, all that were made
 * before some moment, so what a copy lacks is the run of the newest ones: `known` (this
 * process's, per subject, newest first) is read only up to the first one the log holds.
 * A subject whose entry in the log is newer (written by another n8n process) keeps it.
 * Writes nothing when nothing is missing. Returns what prune returns.
 */
export function mergeDeliveries(
	log: Partial<DeliveryLog>,
	known: Iterable<Accepted>,
	now: number,
	windowMs: number,
	cap = MAX_REMEMBERED_SUBJECTS,
): number {
	const missing: Accepted[] = [];
	for (const entry of known) {
		const stored = log.last?.[entry[0]];
		if (stored === encodeEntry(entry[1], entry[2])) break;
		if (missing.length >= cap) break;
		if ((decodeEntry(stored)?.at ?? -Infinity) > entry[2]) continue;
		missing.push(entry);
	}
	if (missing.length === 0) return 0;
	log.last ??= {};
	let added = 0;
	for (let i = missing.length - 1; i >= 0; i--) {
		const [subject, key, at] = missing[i];
		if (subject in log.last) delete log.last[subject];
		else added++;
		log.last[subject] = encodeEntry(key, at);
	}
	return countAdded(log as DeliveryLog, added, now, windowMs, cap);
}

/**
 * The dedupe step of one delivery, against the node's static data (`log`, updated in place)
 * and the in-process register. `scope` names the node the way n8n keys its static data
 * (workflow and node name).
 */
export function acceptDelivery(
	log: Partial<DeliveryLog>,
	scope: string,
	delivery: Delivery,
	now: number,
	windowMs: number,
	cap = MAX_REMEMBERED_SUBJECTS,
): DedupeOutcome {
	migrateSeen(log, now, windowMs);
	// Requests handled at the same time each save their own copy of static data (last save
	// wins): first write back what this process accepted that this copy lacks, so the copy
	// knows every subject's last message before this one is judged.
	let droppedInWindow = mergeDeliveries(log, recentDeliveries.newestFirst(scope, now, windowMs), now, windowMs, cap);
	const duplicate = isRetry(log, delivery, now, windowMs);
	if (!duplicate) {
		recentDeliveries.accept(scope, delivery.subject, delivery.key, now, windowMs);
		droppedInWindow += recordDelivery(log, delivery.subject, delivery.key, now, windowMs, cap);
	}
	const incomplete = typeof log.fullAt === 'number' && now - log.fullAt < windowMs;
	return { duplicate, droppedInWindow, incomplete };
}
