/**
 * n8n reads a workflow's static data when a request comes in and saves the whole object
 * after the node answers, so two requests handled at the same time each save their own copy
 * and the last save wins. This in-process register closes both gaps within one n8n
 * process: two copies of a message arriving at the same moment are told apart here, and
 * the deliveries the process accepted that a request's copy lacks are written back with its
 * save (see mergeDeliveries), so entries dropped by an overlapping save return. Static
 * data covers restarts, other processes and the 30-minute retries.
 */

/** One scope's keys: when each was claimed, and the claim order (which is time order). */
class ClaimLog {
	readonly claimedAt = new Map<string, number>();
	/** Claims oldest first from `head`; a key claimed again appears twice, the older copy stale. */
	private order: Array<readonly [string, number]> = [];
	private head = 0;

	add(key: string, now: number): void {
		this.claimedAt.set(key, now);
		this.order.push([key, now]);
	}

	dropOldest(now: number, windowMs: number, maxKeys: number): void {
		while (this.head < this.order.length) {
			const [key, claimedAt] = this.order[this.head];
			const current = this.claimedAt.get(key) === claimedAt;
			if (current && this.claimedAt.size <= maxKeys && now - claimedAt < windowMs) break;
			if (current) this.claimedAt.delete(key);
			this.head++;
		}
		if (this.head > 1024 && this.head * 2 > this.order.length) {
			this.order = this.order.slice(this.head);
			this.head = 0;
		}
	}

	*newestFirst(now: number, windowMs: number): Generator<readonly [string, number]> {
		for (let i = this.order.length - 1; i >= this.head; i--) {
			const entry = this.order[i];
			if (now - entry[1] >= windowMs) return;
			if (this.claimedAt.get(entry[0]) === entry[1]) yield entry;
		}
	}
}

export class RecentDeliveries {
	private readonly scopes = new Map<string, ClaimLog>();

	constructor(private readonly maxKeysPerScope: number) {}

	/** True the first time `key` is claimed for `scope` within the window. */
	claim(scope: string, key: string, now: number, windowMs: number): boolean {
		let claims = this.scopes.get(scope);
		if (!claims) {
			claims = new ClaimLog();
			this.scopes.set(scope, claims);
		}
		const previous = claims.claimedAt.get(key);
		if (previous !== undefined && now - previous < windowMs) return false;
		claims.add(key, now);
		claims.dropOldest(now, windowMs, this.maxKeysPerScope);
		return true;
	}

	/** The keys claimed for `scope` within the window, newest first, with when they were claimed. */
	newestFirst(scope: string, now: number, windowMs: number): Iterable<readonly [string, number]> {
		return this.scopes.get(scope)?.newestFirst(now, windowMs) ?? [];
	}

	clear(): void {
		this.scopes.clear();
	}
}
