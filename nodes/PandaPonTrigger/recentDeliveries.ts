/**
 * n8n reads a workflow's static data when a request comes in and saves the whole object
 * after the node answers, so two requests handled at the same time each save their own copy
 * and the last save wins. This in-process register closes both gaps within one n8n
 * process: two copies of a message arriving at the same moment are told apart here, and
 * every delivery the process accepted recently is written back with the next save (see
 * mergeDeliveries), so entries dropped by an overlapping save return. Static data covers
 * restarts, other processes and the 30-minute retries.
 */
const MAX_KEYS_PER_SCOPE = 20_000;

class RecentDeliveries {
	/** scope -> key -> when it was first claimed (epoch ms); each map in claim order. */
	private readonly scopes = new Map<string, Map<string, number>>();

	/** True the first time `key` is claimed for `scope` within the window. */
	claim(scope: string, key: string, now: number, windowMs: number): boolean {
		let seenAt = this.scopes.get(scope);
		if (!seenAt) {
			seenAt = new Map();
			this.scopes.set(scope, seenAt);
		}
		const previous = seenAt.get(key);
		if (previous !== undefined && now - previous < windowMs) return false;
		seenAt.delete(key);
		seenAt.set(key, now);
		if (seenAt.size > MAX_KEYS_PER_SCOPE) {
			let excess = seenAt.size - MAX_KEYS_PER_SCOPE;
			for (const old of seenAt.keys()) {
				if (excess-- <= 0) break;
				seenAt.delete(old);
			}
		}
		return true;
	}

	/** The newest `limit` keys claimed for `scope` within the window, oldest first, with when they were claimed. */
	recent(scope: string, now: number, windowMs: number, limit: number): Array<[string, number]> {
		const seenAt = this.scopes.get(scope);
		if (!seenAt) return [];
		const entries: Array<[string, number]> = [];
		for (const entry of seenAt) if (now - entry[1] < windowMs) entries.push(entry);
		return entries.length > limit ? entries.slice(entries.length - limit) : entries;
	}

	clear(): void {
		this.scopes.clear();
	}
}

export const recentDeliveries = new RecentDeliveries();
