/** What one answer (or its absence) says about PandaPon's load. */
export type LoadSignal = 'clean' | 'throttled' | 'failed';

/** Where a batch starts: the old fixed default, so a first burst is never larger than before. */
export const START_CONCURRENCY = 5;

export interface AdaptiveSettings {
	/** The most requests in flight, whatever the answers say (the user's Concurrency). */
	ceiling: number;
	initial?: number;
}

/**
 * How many requests may be in flight, learnt from the answers (AIMD, as TCP does it).
 * PandaPon documents no rate limit, so a 429, a 5xx or a dropped connection is the only
 * sign of one. Until the first such sign the limit grows by one per clean answer (doubling
 * every round trip); after it, by one per round trip. Each sign halves it, once per round:
 * the answers to requests already in flight when it was cut say nothing about the new limit.
 *
 * Every attempt, a retry included, waits for a free place under the limit: a retry after a
 * 429 must not join the crowd that caused it.
 */
export class AdaptiveConcurrency {
	private readonly ceiling: number;
	private window: number;
	private slowStart = true;
	/** Clean answers since the last growth, after the first cut. */
	private cleanCount = 0;
	private inFlight = 0;
	private started = 0;
	private finished = 0;
	/** A new cut waits until this many attempts have finished: the ones in flight at the last cut. */
	private recoveredAt = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(settings: AdaptiveSettings) {
		this.ceiling = Math.max(1, Math.floor(settings.ceiling) || 1);
		this.window = Math.min(this.ceiling, Math.max(1, Math.floor(settings.initial ?? START_CONCURRENCY)));
	}

	get limit(): number {
		return this.window;
	}

	/** Resolves once the attempt may be sent; the caller must call afterAttempt when it is answered. */
	beforeAttempt(): Promise<void> {
		if (this.inFlight < this.window) {
			this.admit();
			return Promise.resolve();
		}
		return new Promise((resolve) => this.waiting.push(resolve));
	}

	afterAttempt(signal: LoadSignal): void {
		this.inFlight--;
		this.finished++;
		if (signal === 'clean') this.grow();
		else this.cut();
		while (this.waiting.length > 0 && this.inFlight < this.window) {
			this.admit();
			this.waiting.shift()!();
		}
	}

	private admit(): void {
		this.inFlight++;
		this.started++;
	}

	private grow(): void {
		if (!this.slowStart && ++this.cleanCount < this.window) return;
		this.cleanCount = 0;
		this.window = Math.min(this.ceiling, this.window + 1);
	}

	private cut(): void {
		this.slowStart = false;
		if (this.finished <= this.recoveredAt) return;
		this.window = Math.max(1, Math.floor(this.window / 2));
		this.cleanCount = 0;
		this.recoveredAt = this.started;
	}
}
