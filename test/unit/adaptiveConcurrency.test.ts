/**
 * The read pace as a pure module: how the limit follows PandaPon's answers, and that the
 * scheduler keeps to a limit that changes while a batch runs. No timers: the work is held
 * and released by hand.
 */
import { AdaptiveConcurrency, START_CONCURRENCY, type LoadSignal } from '../../nodes/shared/adaptiveConcurrency';
import { settleConcurrently } from '../../nodes/shared/settleConcurrently';

/** Sends and answers `count` attempts, each answered `signal`, as one round trip. */
function round(pace: AdaptiveConcurrency, signal: LoadSignal, count = pace.limit): void {
	for (let i = 0; i < count; i++) void pace.beforeAttempt();
	for (let i = 0; i < count; i++) pace.afterAttempt(signal);
}

describe('AdaptiveConcurrency', () => {
	it('starts modestly, at the old fixed default', () => {
		expect(new AdaptiveConcurrency({ ceiling: 50 }).limit).toBe(START_CONCURRENCY);
		expect(START_CONCURRENCY).toBe(5);
	});

	it('doubles every round trip while answers come back clean', () => {
		const pace = new AdaptiveConcurrency({ ceiling: 1000 });
		const limits = [pace.limit];
		for (let i = 0; i < 4; i++) {
			round(pace, 'clean');
			limits.push(pace.limit);
		}
		expect(limits).toEqual([5, 10, 20, 40, 80]);
	});

	it('never goes above the ceiling the user set, nor starts above it', () => {
		const pace = new AdaptiveConcurrency({ ceiling: 12 });
		for (let i = 0; i < 10; i++) round(pace, 'clean');
		expect(pace.limit).toBe(12);
		expect(new AdaptiveConcurrency({ ceiling: 2 }).limit).toBe(2);
		expect(new AdaptiveConcurrency({ ceiling: 0 }).limit).toBe(1);
	});

	it('halves on a 429, once for all the answers of one round', () => {
		const pace = new AdaptiveConcurrency({ ceiling: 100, initial: 40 });
		for (let i = 0; i < 40; i++) void pace.beforeAttempt();
		pace.afterAttempt('throttled');
		expect(pace.limit).toBe(20);
		// The other answers of that round were sent under the old limit and say nothing new.
		for (let i = 0; i < 39; i++) pace.afterAttempt('throttled');
		expect(pace.limit).toBe(20);
		round(pace, 'throttled', 1);
		expect(pace.limit).toBe(10);
	});

	it('cuts on server errors and dropped connections too, and never below 1', () => {
		const pace = new AdaptiveConcurrency({ ceiling: 10, initial: 8 });
		round(pace, 'failed', 1);
		expect(pace.limit).toBe(4);
		for (let i = 0; i < 5; i++) round(pace, 'failed', 1);
		expect(pace.limit).toBe(1);
	});

	it('after a cut grows by one per round trip, not by doubling', () => {
		const pace = new AdaptiveConcurrency({ ceiling: 100, initial: 16 });
		round(pace, 'throttled', 1);
		expect(pace.limit).toBe(8);
		round(pace, 'clean', 8);
		expect(pace.limit).toBe(9);
		round(pace, 'clean', 9);
		expect(pace.limit).toBe(10);
	});
});

/** Work items released by hand, so the test decides when each request "answers". */
function heldWork() {
	const pending = new Map<number, { resolve: (value: string) => void; reject: (reason: Error) => void }>();
	let inFlight = 0;
	let peak = 0;
	const worker = (index: number) =>
		new Promise<string>((resolve, reject) => {
			inFlight++;
			peak = Math.max(peak, inFlight);
			pending.set(index, {
				resolve: (value) => (inFlight--, resolve(value)),
				reject: (reason) => (inFlight--, reject(reason)),
			});
		});
	const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
	return { pending, worker, flush, inFlight: () => inFlight, peak: () => peak };
}

describe('attempts beyond the limit, retries included', () => {
	it('wait for a free place and go in the order they asked', async () => {
		const pace = new AdaptiveConcurrency({ ceiling: 10, initial: 2 });
		const sent: string[] = [];
		const attempt = (name: string) => pace.beforeAttempt().then(() => sent.push(name));
		void attempt('a');
		void attempt('b');
		void attempt('retry of c');
		void attempt('d');
		await new Promise<void>((resolve) => setImmediate(resolve));
		expect(sent).toEqual(['a', 'b']);
		pace.afterAttempt('throttled');
		await new Promise<void>((resolve) => setImmediate(resolve));
		// Cut to 1 with 'b' still out: nothing more may go.
		expect(sent).toEqual(['a', 'b']);
		// A clean round at 1 grows the limit to 2: both waiting attempts go, in order.
		pace.afterAttempt('clean');
		await new Promise<void>((resolve) => setImmediate(resolve));
		expect(pace.limit).toBe(2);
		expect(sent).toEqual(['a', 'b', 'retry of c', 'd']);
	});
});

describe('settleConcurrently with a changing limit', () => {
	it('starts more as the limit grows, fewer after a cut, and returns outcomes in input order', async () => {
		const pace: { limit: number } = { limit: 2 };
		const work = heldWork();
		const done = settleConcurrently(8, pace, work.worker);
		await work.flush();
		expect([...work.pending.keys()]).toEqual([0, 1]);

		pace.limit = 4;
		work.pending.get(1)!.resolve('b');
		await work.flush();
		expect(work.inFlight()).toBe(4);
		expect([...work.pending.keys()]).toEqual([0, 1, 2, 3, 4]);

		pace.limit = 1;
		for (const index of [4, 3, 2]) work.pending.get(index)!.resolve(String(index));
		await work.flush();
		expect(work.inFlight()).toBe(1);
		work.pending.get(0)!.resolve('a');
		await work.flush();
		expect(work.inFlight()).toBe(1);
		for (let index = 5; index < 8; index++) {
			expect(work.pending.has(index)).toBe(true);
			work.pending.get(index)!.resolve(String(index));
			await work.flush();
		}
		const outcomes = await done;
		expect(outcomes.map((outcome) => (outcome as { value: string }).value)).toEqual(['a', 'b', '2', '3', '4', '5', '6', '7']);
		expect(work.peak()).toBe(4);
	});

	it('starts nothing new after a failure and still waits for what is running', async () => {
		const work = heldWork();
		const done = settleConcurrently(5, { limit: 2 }, work.worker);
		await work.flush();
		work.pending.get(0)!.reject(new Error('boom'));
		await work.flush();
		expect(work.pending.has(2)).toBe(false);
		work.pending.get(1)!.resolve('b');
		const outcomes = await done;
		expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'fulfilled', 'notStarted', 'notStarted', 'notStarted']);
	});

	it('finishes at once with nothing to do', async () => {
		await expect(settleConcurrently(0, 5, async () => 1)).resolves.toEqual([]);
	});
});
