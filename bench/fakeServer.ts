/**
 * A fake PandaPon in its own process for the benchmarks (forked by common.ts
 * startFakeProcess), so that serving 2,000 requests does not share an event loop with the
 * bench driver's own undici loop. Talks to the parent over IPC:
 *   -> { type: 'ready', url, credentials }
 *   <- { id, cmd: 'stats' | 'reset' | 'close' }  -> { id, stats? }
 * Besides what the fake records, it counts requests in flight (peak) and the span from the
 * first arrival to the last finished response: an observer-side wall time that means the
 * same thing for n8n runs and for the undici loop.
 */
import type { IncomingMessage, Server, ServerResponse } from 'http';

import { FakePandaPon } from '../test/fake-pandapon/server';

async function main(): Promise<void> {
	const seedRefunds = Number(process.env.BENCH_FAKE_SEED_REFUNDS || 25);
	const fake = await FakePandaPon.start({ seed: { refunds: seedRefunds } });
	const server = (fake as unknown as { server: Server }).server;
	// Optional simulated network + server time per request (BENCH_LATENCY_MS), as a delay fault.
	const latencyMs = Number(process.env.BENCH_FAKE_LATENCY_MS || 0);
	const armLatency = () => {
		if (latencyMs > 0) fake.injectFault({ type: 'delay', ms: latencyMs }, { times: 1_000_000_000 });
	};
	armLatency();

	let inFlight = 0;
	let peakInFlight = 0;
	let firstAt = 0;
	let lastDoneAt = 0;
	server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
		const now = Date.now();
		if (firstAt === 0) firstAt = now;
		inFlight++;
		if (inFlight > peakInFlight) peakInFlight = inFlight;
		let done = false;
		const finish = () => {
			if (done) return;
			done = true;
			inFlight--;
			lastDoneAt = Date.now();
		};
		res.once('finish', finish);
		res.once('close', finish);
	});

	const stats = () => {
		const acceptedByPath: Record<string, number> = {};
		const rejections = new Map<string, number>();
		let accepted = 0;
		for (const r of fake.requests) {
			if (r.accepted) {
				accepted++;
				acceptedByPath[r.path] = (acceptedByPath[r.path] ?? 0) + 1;
			} else {
				const key = `${r.path}: ${r.rejection ? `${r.rejection.code} ${r.rejection.msg}` : 'not accepted'}`;
				rejections.set(key, (rejections.get(key) ?? 0) + 1);
			}
		}
		return {
			total: fake.requests.length,
			accepted,
			rejected: fake.requests.length - accepted,
			rejections: [...rejections].map(([k, n]) => `${n} x ${k}`),
			acceptedByPath,
			peakInFlight,
			spanMs: firstAt ? lastDoneAt - firstAt : 0,
			firstAt,
			lastDoneAt,
		};
	};

	process.on('message', (msg: { id: number; cmd: string }) => {
		if (msg.cmd === 'stats') process.send!({ id: msg.id, stats: stats() });
		else if (msg.cmd === 'reset') {
			// Keeps the seeded state; forgets requests, nonces and the counters (the nonce
			// register is scanned on every request, so a run must not inherit the previous one's).
			fake.requests.length = 0;
			(fake as unknown as { nonces: { clear(): void } }).nonces.clear();
			peakInFlight = inFlight;
			firstAt = 0;
			lastDoneAt = 0;
			process.send!({ id: msg.id });
		} else if (msg.cmd === 'close') {
			void fake.close().finally(() => process.exit(0));
		}
	});
	process.on('disconnect', () => process.exit(0));
	process.send!({ type: 'ready', url: fake.url, credentials: fake.credentials });
}

main().catch((error: unknown) => {
	process.stderr.write(`bench fake PandaPon failed: ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
