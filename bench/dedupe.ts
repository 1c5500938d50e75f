/**
 * `npm run bench:dedupe` — what the PandaPon Trigger's dedupe bookkeeping costs per
 * delivery, with the log at 100, 1,000, 5,000 and 20,000 entries (20,000 is the cap), in this
 * process (no n8n, no network, no lock needed).
 *
 * Per delivery, as in a long-running n8n: n8n loads the workflow's static data
 * (JSON.parse of the stored text, then n8n-workflow's ObservableObject, as `new Workflow`
 * does); the trigger runs its dedupe step (`acceptDelivery`: in-process register, log,
 * merge) on that object; n8n saves the whole static data (JSON.stringify) only when the
 * step wrote to it. The register starts with the same entries as the log (a process that
 * has been receiving them). Every message is about its own order (the log's worst case:
 * one entry per message). New deliveries and repeats are timed separately.
 *
 * Env: BENCH_DEDUPE_SIZES (default "100,1000,5000,20000"), BENCH_DEDUPE_DELIVERIES (default 200
 * of each kind per size).
 */
import { performance } from 'perf_hooks';

import { ObservableObject, type IDataObject } from 'n8n-workflow';

import {
	acceptDelivery,
	deliveryOf,
	MAX_REMEMBERED_SUBJECTS,
	recentDeliveries,
	recordDelivery,
	type Delivery,
	type DeliveryLog,
} from '../nodes/PandaPonTrigger/deduplication';

const SIZES = (process.env.BENCH_DEDUPE_SIZES || '100,1000,5000,20000').split(',').map(Number);
const DELIVERIES = Number(process.env.BENCH_DEDUPE_DELIVERIES || 200);
const WINDOW_MS = 6 * 3_600_000;
const NODE_KEY = 'node:PandaPon Trigger';
const SCOPE = 'bench-workflow:PandaPon Trigger';

/** A status message about its own order. */
const deliveryFor = (label: string): Delivery =>
	deliveryOf({ messageType: 'TAOBAO_ORDER_STATUS', messagePlatform: 0, platform: 'taobao', event: 'statusChanged', messageBody: { orderId: label } });

interface Timings {
	bookkeeping: number[];
	load: number[];
	save: number[];
	saves: number;
	accepted: number;
}

/** One delivery the way n8n and the trigger handle it; returns the stored text after it. */
function deliver(stored: string, delivery: Delivery, now: number, timings: Timings): string {
	let t = performance.now();
	const staticData = ObservableObject.create(JSON.parse(stored) as IDataObject, undefined, { ignoreEmptyOnFirstChild: true });
	const log = (staticData[NODE_KEY] ?? {}) as Partial<DeliveryLog>;
	timings.load.push(performance.now() - t);

	t = performance.now();
	if (!acceptDelivery(log, SCOPE, delivery, now, WINDOW_MS).duplicate) timings.accepted++;
	timings.bookkeeping.push(performance.now() - t);

	if (!(staticData as { __dataChanged?: boolean }).__dataChanged) return stored;
	t = performance.now();
	const saved = JSON.stringify(staticData);
	timings.save.push(performance.now() - t);
	timings.saves++;
	return saved;
}

const emptyTimings = (): Timings => ({ bookkeeping: [], load: [], save: [], saves: 0, accepted: 0 });
const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);
const fmt = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 1 ? 3 : 2)} ms` : '—');

function runSize(entries: number) {
	recentDeliveries.clear();
	const start = Date.now() - entries * 1000;
	const log: Partial<DeliveryLog> = {};
	for (let i = 0; i < entries; i++) {
		const { subject, key } = deliveryFor(`prefill-${entries}-${i}`);
		recordDelivery(log, subject, key, start + i * 1000, WINDOW_MS, entries);
		recentDeliveries.accept(SCOPE, subject, key, start + i * 1000, WINDOW_MS);
	}
	let stored = JSON.stringify({ [NODE_KEY]: log });
	const sizeBefore = Buffer.byteLength(stored);

	// Warm-up (JIT), not counted.
	for (let i = 0; i < 20; i++) stored = deliver(stored, deliveryFor(`warm-${entries}-${i}`), Date.now(), emptyTimings());

	const fresh = emptyTimings();
	const newDeliveries: Delivery[] = [];
	for (let i = 0; i < DELIVERIES; i++) {
		const delivery = deliveryFor(`new-${entries}-${i}`);
		newDeliveries.push(delivery);
		stored = deliver(stored, delivery, Date.now(), fresh);
	}
	const repeats = emptyTimings();
	for (const delivery of newDeliveries) stored = deliver(stored, delivery, Date.now(), repeats);
	const logSize = Object.keys((JSON.parse(stored) as Record<string, DeliveryLog>)[NODE_KEY].last).length;
	if (fresh.accepted !== DELIVERIES || repeats.accepted !== 0) {
		throw new Error(`invalid run at ${entries}: ${fresh.accepted}/${DELIVERIES} new accepted, ${repeats.accepted} repeats accepted`);
	}
	return { entries, sizeBefore, sizeAfter: Buffer.byteLength(stored), logSize, fresh, repeats };
}

function main() {
	process.stdout.write(
		`bench:dedupe — Node ${process.version}, ${DELIVERIES} new deliveries then ${DELIVERIES} repeats per size, ` +
			`window 6 h, cap ${MAX_REMEMBERED_SUBJECTS}\n\n`,
	);
	const rows = SIZES.map(runSize);
	const header = [
		'entries',
		'bookkeeping / new delivery',
		'bookkeeping / repeat',
		'static data size',
		'n8n load (parse + observe)',
		'n8n save (stringify)',
		'saves after repeats',
	];
	const lines = rows.map((r) => [
		r.entries.toLocaleString('en-US'),
		fmt(mean(r.fresh.bookkeeping)),
		fmt(mean(r.repeats.bookkeeping)),
		`${(r.sizeBefore / 1024).toFixed(0)} KB → ${(r.sizeAfter / 1024).toFixed(0)} KB (${r.logSize} entries)`,
		fmt(mean([...r.fresh.load, ...r.repeats.load])),
		fmt(mean(r.fresh.save)),
		`${r.repeats.saves}/${DELIVERIES}`,
	]);
	const out = [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
	process.stdout.write(`${out}\n\nMeans per delivery. "saves": how many deliveries made n8n write static data.\n`);
}

main();
