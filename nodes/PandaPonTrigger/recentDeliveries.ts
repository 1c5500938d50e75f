/**
 * n8n reads and saves a workflow's static data per request, so two copies of a message
 * arriving at the same moment could both pass the static-data check. This in-process
 * register closes that gap within one n8n process; static data covers restarts and the
 * 30-minute retries.
 */
const MAX_KEYS = 20_000;

class RecentDeliveries {
	private readonly seenAt = new Map<string, number>();

	/** True the first time `key` is claimed for `scope` within the window. */
	claim(scope: string, key: string, now: number, windowMs: number): boolean {
		const id = `${scope}:${key}`;
		const previous = this.seenAt.get(id);
		if (previous !== undefined && now - previous < windowMs) return false;
		this.seenAt.delete(id);
		this.seenAt.set(id, now);
		if (this.seenAt.size > MAX_KEYS) this.evictOldest();
		return true;
	}

	private evictOldest(): void {
		const excess = this.seenAt.size - MAX_KEYS;
		let removed = 0;
		for (const id of this.seenAt.keys()) {
			if (removed++ >= excess) break;
			this.seenAt.delete(id);
		}
	}

	clear(): void {
		this.seenAt.clear();
	}
}

export const recentDeliveries = new RecentDeliveries();
