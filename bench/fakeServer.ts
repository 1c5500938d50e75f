/**
 * A fake PandaPon in its own process for the benchmarks (forked by common.ts
 * startFakeProcess), so that serving 2,000 requests does not share an event loop with the
 * bench driver's own undici loop. Talks to the parent over IPC:
 *   -> { type: 'ready', url, credentials }
 *   <- { id, cmd: 'stats' | 'reset' | 'close' | 'refundKeys' }  -> { id, stats?, refunds? }
 * Besides what the fake records, it counts requests in flight (peak), the span from the
 * first arrival to the last finished response (an observer-side wall time that means the
 * same thing for n8n runs and for the undici loop), each request's service time (arrival
 * to response finished, at the fake), and the page number and size of every paged request.
 *
 * Distance (bench/lookups with BENCH_DISTANCE=1): with BENCH_FAKE_TLS_KEY/CERT (PEM files) it
 * serves HTTPS, and BENCH_FAKE_CONNECT_LATENCY_MS holds every new connection that long before
 * its TLS handshake starts (one simulated round trip; a real TCP + TLS 1.3 set-up costs two).
 * BENCH_FAKE_LIMIT_IN_FLIGHT=N answers 429 to requests beyond N in flight (after the same
 * response latency); `throttled` in the stats counts them.
 *
 * Seeding: BENCH_FAKE_SEED_REFUNDS Taobao refunds (default 25) and
 * BENCH_FAKE_SEED_TAOBAO_ORDERS Taobao orders (default 25). With 0 orders every seeded
 * refund gets its own order IDs (19-digit purchase-order and sales-order IDs, 18-digit item
 * IDs, all above 2^53) instead of sharing the 25 seeded orders' IDs.
 */
import type { IncomingMessage, Server, ServerResponse } from 'http';

import { readFileSync } from 'fs';
import type { Socket } from 'net';
import { performance } from 'perf_hooks';

import { FakePandaPon } from '../test/fake-pandapon/server';
import type { TaobaoRefund } from '../test/fake-pandapon/state';
import type { RecordedRequest } from '../test/fake-pandapon/types';

/** Per-request time at the fake, from the request event to the response finished (ms). */
function summariseServiceTimes(values: number[]) {
	const sorted = [...values].sort((a, b) => a - b);
	const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0);
	return { count: sorted.length, medianMs: at(0.5), p90Ms: at(0.9), maxMs: at(1), totalMs: sorted.reduce((a, b) => a + b, 0) };
}

/** Page number and size of a paged request (Taobao pageNo or 1688 beginPage, body or query). */
function pageOf(request: RecordedRequest): { path: string; page: number; size: number } | undefined {
	const source = { ...request.query, ...(request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {}) };
	const page = source.pageNo ?? source.beginPage;
	if (page === undefined) return undefined;
	return { path: request.path, page: Number(page), size: Number(source.pageSize) };
}

/** The IDs a Return All output must carry for one refund, as digit strings. */
function refundKeys(refund: TaobaoRefund) {
	return { refundId: refund.refundId, purchaseOrderId: refund.purchaseOrderId, salesOrderId: refund.salesOrderId, purchaseOrderLineId: refund.purchaseOrderLineId };
}

/**
 * Holds each new connection `ms` before the server sees it (the TLS handshake waits), as a
 * far-away client's connection set-up would. Needs a server created with pauseOnConnect,
 * so nothing is read from the socket meanwhile.
 */
function delayConnections(server: Server, ms: number): void {
	const listeners = server.listeners('connection') as Array<(socket: Socket) => void>;
	server.removeAllListeners('connection');
	server.on('connection', (socket: Socket) => {
		setTimeout(() => {
			for (const listener of listeners) listener.call(server, socket);
		}, ms);
	});
}

async function main(): Promise<void> {
	const seedRefunds = Number(process.env.BENCH_FAKE_SEED_REFUNDS || 25);
	const seedTaobaoOrders = Number(process.env.BENCH_FAKE_SEED_TAOBAO_ORDERS ?? 25);
	const keyFile = process.env.BENCH_FAKE_TLS_KEY;
	const certFile = process.env.BENCH_FAKE_TLS_CERT;
	const tls = keyFile && certFile ? { key: readFileSync(keyFile), cert: readFileSync(certFile), pauseOnConnect: true } : undefined;
	const fake = await FakePandaPon.start({ seed: { refunds: seedRefunds, taobaoOrders: seedTaobaoOrders }, tls });
	const server = (fake as unknown as { server: Server }).server;
	const connectLatencyMs = Number(process.env.BENCH_FAKE_CONNECT_LATENCY_MS || 0);
	if (connectLatencyMs > 0) delayConnections(server, connectLatencyMs);
	const limit = Number(process.env.BENCH_FAKE_LIMIT_IN_FLIGHT || 0);
	if (limit > 0) fake.limitInFlight(limit);
	let connections = 0;
	server.on('connection', () => connections++);
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
	let serviceMs: number[] = [];
	server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
		const now = Date.now();
		const arrived = performance.now();
		if (firstAt === 0) firstAt = now;
		inFlight++;
		if (inFlight > peakInFlight) peakInFlight = inFlight;
		let done = false;
		const finish = () => {
			if (done) return;
			done = true;
			inFlight--;
			lastDoneAt = Date.now();
			serviceMs.push(performance.now() - arrived);
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
			connections,
			throttled: fake.requests.filter((r) => r.fault?.type === 'status' && r.fault.status === 429).length,
			spanMs: firstAt ? lastDoneAt - firstAt : 0,
			firstAt,
			lastDoneAt,
			service: summariseServiceTimes(serviceMs),
			pageRequests: fake.requests.filter((r) => r.accepted).map(pageOf).filter((p) => p !== undefined),
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
			connections = 0;
			serviceMs = [];
			firstAt = 0;
			lastDoneAt = 0;
			process.send!({ id: msg.id });
		} else if (msg.cmd === 'refundKeys') {
			process.send!({ id: msg.id, refunds: fake.state.taobaoRefunds.map(refundKeys) });
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
