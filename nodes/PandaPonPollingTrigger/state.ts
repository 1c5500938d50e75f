/**
 * What the polling trigger remembers between polls, and how one poll turns the previous
 * memory plus a fresh scan into events and the next memory. Pure: no n8n, no HTTP, no clock.
 *
 * Memory is a list of `[id, value]` pairs, oldest first, rather than an object keyed by ID:
 * JSON objects reorder integer-like keys and Postgres `jsonb` sorts keys, so only a list
 * keeps "oldest first" (what the size cap drops) through n8n's storage. IDs are strings of
 * digits exactly as PandaPon sent them; they never pass through a JS number.
 */

export const STATE_VERSION = 1;

/** Beyond this many remembered IDs the oldest are forgotten, so static data stays small. */
export const MAX_REMEMBERED_IDS = 20_000;

export type StatusValue = string | number | boolean | null;

/** What the state logic needs of a scanned record: its ID (as a string) and current status. */
export interface ScannedRecord {
	id: string;
	status: StatusValue;
}

/** "New Taobao Refund": which refunds were already announced, and when each was first seen. */
export interface SeenState {
	version: typeof STATE_VERSION;
	event: string;
	/** Epoch ms (n8n host clock) at which the last successful poll started. */
	lastPollAt: number;
	/** `[refundId, firstSeenAtMs]`, oldest first. */
	seen: Array<[string, number]>;
}

/** Status events: the last status seen for each tracked record. */
export interface StatusState {
	version: typeof STATE_VERSION;
	event: string;
	/** Epoch ms at which the baseline was taken; informational. */
	baselineAt: number;
	/** `[id, lastSeenStatus]`, least recently seen first. */
	statuses: Array<[string, StatusValue]>;
}

export interface StatusChange<T extends ScannedRecord = ScannedRecord> {
	record: T;
	previousStatus: StatusValue;
}

function isStatusValue(value: unknown): value is StatusValue {
	return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isHeader(raw: unknown, event: string): raw is Record<string, unknown> {
	if (raw === null || typeof raw !== 'object') return false;
	const candidate = raw as Record<string, unknown>;
	return candidate.version === STATE_VERSION && candidate.event === event;
}

/**
 * The remembered state for `event`, or undefined when there is none usable (first
 * activation, another event chosen since, or data from an incompatible version): the
 * caller then takes a new baseline instead of guessing.
 */
export function readSeenState(raw: unknown, event: string): SeenState | undefined {
	if (!isHeader(raw, event)) return undefined;
	if (!Number.isFinite(raw.lastPollAt) || !Array.isArray(raw.seen)) return undefined;
	const seen = (raw.seen as unknown[]).filter(
		(entry): entry is [string, number] =>
			Array.isArray(entry) && typeof entry[0] === 'string' && Number.isFinite(entry[1]),
	);
	return { version: STATE_VERSION, event, lastPollAt: raw.lastPollAt as number, seen: seen.map(([id, at]) => [id, at]) };
}

export function readStatusState(raw: unknown, event: string): StatusState | undefined {
	if (!isHeader(raw, event)) return undefined;
	if (!Array.isArray(raw.statuses)) return undefined;
	const statuses = (raw.statuses as unknown[]).filter(
		(entry): entry is [string, StatusValue] =>
			Array.isArray(entry) && typeof entry[0] === 'string' && isStatusValue(entry[1]),
	);
	const baselineAt = Number.isFinite(raw.baselineAt) ? (raw.baselineAt as number) : 0;
	return { version: STATE_VERSION, event, baselineAt, statuses: statuses.map(([id, status]) => [id, status]) };
}

/** Keeps the newest `cap` entries (the list is oldest first). */
export function capOldestFirst<T>(entries: T[], cap: number = MAX_REMEMBERED_IDS): T[] {
	return entries.length > cap ? entries.slice(entries.length - cap) : entries;
}

/** The first occurrence of each ID: a list that shifts while it is paged can repeat a record. */
export function uniqueById<T extends ScannedRecord>(records: T[]): T[] {
	const ids = new Set<string>();
	return records.filter((record) => (ids.has(record.id) ? false : (ids.add(record.id), true)));
}

/**
 * Statuses compare by their text, so that a code that arrives once as `10` and once as
 * `"10"` is not reported as a change.
 */
export function sameStatus(a: StatusValue, b: StatusValue): boolean {
	if (a === null || b === null) return a === b;
	return String(a) === String(b);
}

/** Scans are assumed newest first; memory is oldest first. */
function oldestFirst<T extends ScannedRecord>(records: T[]): T[] {
	return [...uniqueById(records)].reverse();
}

// ---- New Taobao Refund ---------------------------------------------------------------

/** First activation: everything in the scan counts as already known. */
export function seenBaseline(
	event: string,
	scan: ScannedRecord[],
	now: number,
	cap: number = MAX_REMEMBERED_IDS,
): SeenState {
	return {
		version: STATE_VERSION,
		event,
		lastPollAt: now,
		seen: capOldestFirst(oldestFirst(scan).map((record): [string, number] => [record.id, now]), cap),
	};
}

/**
 * How far back the next scan reaches: the previous poll's start minus the overlap, so a
 * refund that PandaPon lists late, or whose creation time is stamped by a clock slightly
 * behind the n8n host's, is still found.
 */
export function scanStart(state: SeenState | undefined, now: number, overlapMs: number): number {
	return (state?.lastPollAt ?? now) - overlapMs;
}

/**
 * How long a refund ID must be remembered: a refund first seen at `t` was created by `t`
 * (give or take clock skew, which the overlap is there to absorb), and the next scan starts
 * at `now − overlap`, so once `t < now − 2 × overlap` it cannot come back. The extra hour
 * covers n8n hosts whose clock jumps.
 */
export function seenRetentionMs(overlapMs: number): number {
	return 2 * overlapMs + 60 * 60_000;
}

/**
 * One poll of "New Taobao Refund": the refunds of the scan not announced before, and the
 * next memory (new IDs appended, IDs too old to be listed again dropped, size capped).
 * An old ID that the scan still lists is kept all the same: should PandaPon ignore the
 * time filter, forgetting it would announce the refund a second time.
 */
export function detectNewRecords<T extends ScannedRecord>(
	state: SeenState,
	scan: T[],
	now: number,
	overlapMs: number,
	cap: number = MAX_REMEMBERED_IDS,
): { fresh: T[]; next: SeenState } {
	const known = new Set(state.seen.map(([id]) => id));
	const fresh = uniqueById(scan).filter((record) => !known.has(record.id));
	const keepSince = now - seenRetentionMs(overlapMs);
	const listed = new Set(scan.map((record) => record.id));
	const kept = state.seen.filter(([id, firstSeenAt]) => firstSeenAt >= keepSince || listed.has(id));
	const added = oldestFirst(fresh).map((record): [string, number] => [record.id, now]);
	return {
		fresh,
		next: { ...state, lastPollAt: now, seen: capOldestFirst([...kept, ...added], cap) },
	};
}

// ---- Status changes ------------------------------------------------------------------

export function statusBaseline(
	event: string,
	scan: ScannedRecord[],
	now: number,
	cap: number = MAX_REMEMBERED_IDS,
): StatusState {
	return {
		version: STATE_VERSION,
		event,
		baselineAt: now,
		statuses: capOldestFirst(oldestFirst(scan).map((record): [string, StatusValue] => [record.id, record.status]), cap),
	};
}

/**
 * One poll of a status event: records whose status differs from the one remembered, and
 * the next memory. Records seen for the first time are remembered silently (they are new,
 * not changed). Records missing from this scan stay remembered, least recently seen first,
 * so that one reappearing in a later scan is still compared; the cap forgets the ones not
 * seen for longest. When nothing changed the next memory equals the previous one (for a
 * scan in a stable order), so n8n has nothing to save.
 */
export function detectStatusChanges<T extends ScannedRecord>(
	state: StatusState,
	scan: T[],
	cap: number = MAX_REMEMBERED_IDS,
): { changes: Array<StatusChange<T>>; next: StatusState } {
	const remembered = new Map(state.statuses);
	const records = uniqueById(scan);
	const changes: Array<StatusChange<T>> = [];
	for (const record of records) {
		if (!remembered.has(record.id)) continue;
		const previousStatus = remembered.get(record.id) as StatusValue;
		if (!sameStatus(previousStatus, record.status)) changes.push({ record, previousStatus });
	}
	const scannedIds = new Set(records.map((record) => record.id));
	const notScanned = state.statuses.filter(([id]) => !scannedIds.has(id));
	const scanned = oldestFirst(records).map((record): [string, StatusValue] => [record.id, record.status]);
	return { changes, next: { ...state, statuses: capOldestFirst([...notScanned, ...scanned], cap) } };
}
