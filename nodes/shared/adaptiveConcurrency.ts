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
 */
export class AdaptiveConcurrency {
	private readonly ceiling: number;
	private window: number;
	private slowStart = true;
	private started = 0;
	private finished = 0;
	/** A new cut waits until this many requests have finished: the ones in flight at the last cut. */
	private recoveredAt = 0;

	constructor(settings: AdaptiveSettings) {
		this.ceiling = Math.max(1, Math.floor(settings.ceiling) || 1);
		this.window = Math.min(this.ceiling, Math.max(1, settings.initial ?? START_CONCURRENCY));
	}

	get limit(): number {
		return Math.max(1, Math.min(this.ceiling, Math.floor(this.window)));
	}

	onStart(): void {
		this.started++;
	}

	onFinish(): void {
		this.finished++;
	}

	report(signal: LoadSignal): void {
		if (signal === 'clean') this.grow();
		else this.cut();
	}

	private grow(): void {
		this.window = Math.min(this.ceiling, this.window + (this.slowStart ? 1 : 1 / this.window));
	}

	private cut(): void {
		this.slowStart = false;
		if (this.finished < this.recoveredAt) return;
		this.window = Math.max(1, this.limit / 2);
		this.recoveredAt = this.started;
	}
}
