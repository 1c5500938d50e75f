/**
 * n8n reads a workflow's static data when a request comes in and saves the whole object
 * after the node answers, so two requests handled at the same time each save their own copy
 * and the last save wins. This in-process register closes that gap within one n8n process:
 * it keeps, per subject, the last message the process accepted, and every request writes
 * back what its copy lacks (see mergeDeliveries), so entries dropped by an overlapping save
 * return, and two copies of a message arriving at the same moment are told apart. Static
 * data covers restarts, other processes and the 30-minute retries.
 */

/** The last message accepted for a subject: its key and when it was accepted (epoch ms). */
export type Accepted = readonly [subject: string, key: string, at: number];

/** One scope's subjects, and the acceptance order (which is time order). */
class AcceptLog {
	readonly last = new Map<string, Accepted>();
	/** Acceptances oldest first from `head`; a subject accepted again appears twice, the older copy stale. */
	private order: Accepted[] = [];
	private head = 0;

	add(entry: Accepted): void {
		this.last.set(entry[0], entry);
		this.order.push(entry);
	}

	dropOldest(now: number, windowMs: number, maxSubjects: number): void {
		while (this.head < this.order.length) {
			const entry = this.order[this.head];
			const current = this.last.get(entry[0]) === entry;
			if (current && this.last.size <= maxSubjects && now - entry[2] < windowMs) break;
			if (current) this.last.delete(entry[0]);
			this.head++;
		}
		if (this.head > 1024 && this.head * 2 > this.order.length) {
			this.order = this.order.slice(this.head);
			this.head = 0;
		}
	}

	*newestFirst(now: number, windowMs: number): Generator<Accepted> {
		for (let i = this.order.length - 1; i >= this.head; i--) {
			const entry = this.order[i];
			if (now - entry[2] >= windowMs) return;
			if (this.last.get(entry[0]) === entry) yield entry;
		}
	}
}

export class RecentDeliveries {
	private readonly scopes = new Map<string, AcceptLog>();

	constructor(private readonly maxSubjectsPerScope: number) {}

	/** Records that `key` is now the last message accepted for `subject` in `scope`. */
	accept(scope: string, subject: string, key: string, now: number, windowMs: number): void {
		let log = this.scopes.get(scope);
		if (!log) {
			log = new AcceptLog();
			this.scopes.set(scope, log);
		}
		log.add([subject, key, now]);
		log.dropOldest(now, windowMs, this.maxSubjectsPerScope);
	}

	/** Per subject of `scope`, the last message accepted within the window, newest first. */
	newestFirst(scope: string, now: number, windowMs: number): Iterable<Accepted> {
		return this.scopes.get(scope)?.newestFirst(now, windowMs) ?? [];
	}

	clear(): void {
		this.scopes.clear();
	}
}
