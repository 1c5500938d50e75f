/**
 * Runs `worker` for indexes 0..count-1 with at most `concurrency` in flight and returns
 * the results in index order. After a failure no new index starts; the failure with the
 * lowest index is reported once the running ones have settled, as a sequential loop
 * would have reported it.
 */
export async function mapConcurrently<T>(
	count: number,
	concurrency: number,
	worker: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	const failures: Array<{ index: number; error: unknown }> = [];
	let next = 0;
	const runLane = async () => {
		while (failures.length === 0 && next < count) {
			const index = next++;
			try {
				results[index] = await worker(index);
			} catch (error) {
				failures.push({ index, error });
			}
		}
	};
	const lanes = Math.max(1, Math.min(Math.floor(concurrency) || 1, count));
	await Promise.all(Array.from({ length: lanes }, runLane));
	if (failures.length > 0) {
		failures.sort((a, b) => a.index - b.index);
		return Promise.reject(failures[0].error);
	}
	return results;
}
