export type Outcome<T> = { status: 'fulfilled'; value: T } | { status: 'rejected'; reason: unknown } | { status: 'notStarted' };

/**
 * Runs `worker` for indexes 0..count-1 with at most `concurrency` in flight and returns each
 * index's outcome in index order. After a failure no new index starts; the ones already
 * running are awaited, so the caller learns everything that did happen.
 */
export async function settleConcurrently<T>(
	count: number,
	concurrency: number,
	worker: (index: number) => Promise<T>,
): Promise<Array<Outcome<T>>> {
	const outcomes: Array<Outcome<T>> = Array.from({ length: count }, () => ({ status: 'notStarted' }));
	let failed = false;
	let next = 0;
	const runLane = async () => {
		while (!failed && next < count) {
			const index = next++;
			try {
				outcomes[index] = { status: 'fulfilled', value: await worker(index) };
			} catch (reason) {
				failed = true;
				outcomes[index] = { status: 'rejected', reason };
			}
		}
	};
	const lanes = Math.max(1, Math.min(Math.floor(concurrency) || 1, count));
	await Promise.all(Array.from({ length: lanes }, runLane));
	return outcomes;
}
