export type Outcome<T> = { status: 'fulfilled'; value: T } | { status: 'rejected'; reason: unknown } | { status: 'notStarted' };

/** A limit on work in flight that may change while the work runs (see adaptiveConcurrency.ts). */
export interface Pace {
	readonly limit: number;
}

function fixedPace(concurrency: number): Pace {
	return { limit: Math.floor(concurrency) || 1 };
}

/**
 * Runs `worker` for indexes 0..count-1, in index order, with at most `concurrency` (or the
 * pace's current limit) in flight, and returns each index's outcome in index order. After a
 * failure no new index starts; the ones already running are awaited, so the caller learns
 * everything that did happen.
 */
export function settleConcurrently<T>(
	count: number,
	concurrency: number | Pace,
	worker: (index: number) => Promise<T>,
): Promise<Array<Outcome<T>>> {
	const pace = typeof concurrency === 'number' ? fixedPace(concurrency) : concurrency;
	const outcomes: Array<Outcome<T>> = Array.from({ length: count }, () => ({ status: 'notStarted' }));
	let failed = false;
	let next = 0;
	let running = 0;
	return new Promise((resolve) => {
		const settle = (index: number, outcome: Outcome<T>) => {
			outcomes[index] = outcome;
			if (outcome.status === 'rejected') failed = true;
			running--;
			startMore();
		};
		const startMore = () => {
			while (!failed && next < count && running < Math.max(1, pace.limit)) {
				const index = next++;
				running++;
				Promise.resolve()
					.then(() => worker(index))
					.then(
						(value) => settle(index, { status: 'fulfilled', value }),
						(reason: unknown) => settle(index, { status: 'rejected', reason }),
					);
			}
			if (running === 0) resolve(outcomes);
		};
		startMore();
	});
}
