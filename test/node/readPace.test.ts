/**
 * Reads pace themselves against a PandaPon that answers 429 above N requests in flight:
 * every item still succeeds, in input order, and the node stays near the limit instead of
 * hammering it. The fake's 429 is assumed (PandaPon documents no rate limit).
 */
import { PandaPon } from '../../nodes/PandaPon/PandaPon.node';
import { retryPolicy } from '../../nodes/shared/transport';
import { FakePandaPon } from '../fake-pandapon';
import { executeNode } from '../harness';

const node = new PandaPon();
let fake: FakePandaPon;
const savedDelay = retryPolicy.baseDelayMs;
const LOOKUP_PATH = '/open/order/refund/query';
/** Long enough that requests overlap at the fake; the assertions do not depend on it. */
const RESPONSE_DELAY_MS = 20;

beforeAll(async () => {
	fake = await FakePandaPon.start({ seed: { refunds: 80 } });
	// Longer than a response, as PandaPon's real backoff (500 ms) is longer than a round trip.
	retryPolicy.baseDelayMs = 100;
});
afterAll(async () => {
	retryPolicy.baseDelayMs = savedDelay;
	await fake.close();
});
beforeEach(() => {
	fake.reset();
	fake.injectFault({ type: 'delay', ms: RESPONSE_DELAY_MS }, { times: 100_000 });
});

const throttled = () => fake.requests.filter((request) => request.fault?.type === 'status' && request.fault.status === 429);

function lookups(options: Record<string, number> = {}, continueOnFail = false) {
	const refundIds = fake.state.taobaoRefunds.map((refund) => refund.refundId);
	const run = executeNode(node, {
		parameters: { resource: 'taobaoRefund', operation: 'get', refundId: '={{ $json.refundId }}', options },
		items: refundIds.map((refundId) => ({ json: { refundId } })),
		credentials: { ...fake.credentials, baseUrl: fake.url },
		continueOnFail,
	});
	return { refundIds, run };
}

describe('reads against a PandaPon that answers 429 above 8 in flight', () => {
	it('finish every item, in input order, with its pairedItem', async () => {
		fake.limitInFlight(8);
		const { refundIds, run } = lookups({}, true);
		const [output] = await run;
		expect(output.map((item) => item.json.error)).toEqual(refundIds.map(() => undefined));
		expect(output.map((item) => item.json.refundId)).toEqual(refundIds);
		expect(output.map((item) => item.pairedItem)).toEqual(refundIds.map((_, item) => ({ item })));
		expect(fake.accepted(LOOKUP_PATH)).toHaveLength(refundIds.length);
		// It found the limit (it starts at 5) and then mostly kept under it; at a fixed pace of
		// the default Concurrency, all but 8 of the 80 are answered 429, then their retries.
		expect(throttled().length).toBeGreaterThan(0);
		expect(throttled().length).toBeLessThan(refundIds.length);
	});

	it('never send more than the Concurrency the user set', async () => {
		fake.limitInFlight(2);
		const { refundIds, run } = lookups({ concurrency: 2 });
		const [output] = await run;
		expect(output).toHaveLength(refundIds.length);
		expect(throttled()).toHaveLength(0);
	});
});
