/**
 * Bounded waits: every request gives up at its deadline (retries included) instead of n8n's
 * 300 s per attempt. The fake answers late (a `delay` fault); the deadlines are short.
 */
import { NodeApiError, type IDataObject, type INodeProperties } from 'n8n-workflow';

import { PandaPon } from '../nodes/PandaPon/PandaPon.node';
import { classifyCallback } from '../nodes/PandaPonTrigger/callback';
import { fetchCurrentState } from '../nodes/PandaPonTrigger/currentState';
import { JsonInteger } from '../nodes/shared/losslessJson';
import { request, retryPolicy, type PandaPonRequest } from '../nodes/shared/transport';
import { FakePandaPon } from './fake-pandapon';
import { executeNode, runWithExecuteContext } from './harness';

const CART_LIST = '/open/cart/list';
const ORDER_CANCEL = '/alibaba/order/cancel';
const ORDER_DETAIL = '/alibaba/order/detail';
/** Longer than any deadline below: a request that waited for it would fail the test's expectations. */
const LATE_MS = 2_000;

let fake: FakePandaPon;
const savedPolicy = { ...retryPolicy };
const credentials = () => ({ ...fake.credentials, baseUrl: fake.url });

beforeAll(async () => {
	fake = await FakePandaPon.start({});
	Object.assign(retryPolicy, { baseDelayMs: 5, maxDelayMs: 20 });
});
afterAll(async () => {
	Object.assign(retryPolicy, savedPolicy);
	await fake.close();
});
beforeEach(() => fake.reset());

function answerLate(path: string, times = 5): void {
	fake.injectFault({ type: 'delay', ms: LATE_MS }, { path, times });
}

async function failureOf(run: Promise<unknown>): Promise<NodeApiError & { description?: string }> {
	const error = await run.then(
		() => {
			throw new Error('expected the request to fail');
		},
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(NodeApiError);
	return error as NodeApiError & { description?: string };
}

const call = (pandaPonRequest: PandaPonRequest) =>
	runWithExecuteContext({ credentials: credentials() }, (context) => request(context, pandaPonRequest));

describe('a request that PandaPon does not answer in time', () => {
	it('a read gives up at its deadline and says how long it waited', async () => {
		answerLate(CART_LIST);
		const error = await failureOf(call({ method: 'GET', path: CART_LIST, idempotent: true, timeoutMs: 150 }));
		expect(error.message).toBe(`Could not complete GET ${CART_LIST}: PandaPon did not answer within 0.15 s`);
		expect(error.description).toContain('raise Timeout');
		// The deadline covers retries: nothing is tried again after it passed.
		expect(fake.requests).toHaveLength(1);
	});

	it('a change is reported as possibly applied and never sent again', async () => {
		answerLate(ORDER_CANCEL);
		const cancel: PandaPonRequest = {
			method: 'POST',
			path: ORDER_CANCEL,
			body: { webSite: '1688', orderId: new JsonInteger('2019601741959504495'), cancelReason: 'x' },
			idempotent: false,
			timeoutMs: 150,
		};
		const error = await failureOf(call(cancel));
		expect(error.message).toContain('did not answer within 0.15 s');
		expect(error.description).toContain('PandaPon did not answer in time, so PandaPon may or may not have applied it');
		expect(fake.requests).toHaveLength(1);
	});

	it('does not wait out a Retry-After that reaches beyond the deadline', async () => {
		fake.injectFault({ type: 'status', status: 429, retryAfter: '30' }, { path: CART_LIST });
		const error = await failureOf(call({ method: 'GET', path: CART_LIST, idempotent: true, timeoutMs: 500 }));
		expect(error.message).toContain('HTTP 429');
		expect(fake.requests).toHaveLength(1);
	});

	it('still retries when the retry fits before the deadline', async () => {
		fake.injectFault({ type: 'status', status: 503 }, { path: CART_LIST, times: 2 });
		await call({ method: 'GET', path: CART_LIST, idempotent: true, timeoutMs: 10_000 });
		expect(fake.requests).toHaveLength(3);
	});
});

describe('the deadline of each caller', () => {
	it("the PandaPon node takes it from Options > Timeout", async () => {
		answerLate(CART_LIST);
		const parameters = { resource: 'customApiCall', operation: 'call', method: 'GET', path: CART_LIST, options: { timeout: 0.2 } };
		const error = await failureOf(executeNode(new PandaPon(), { parameters, credentials: credentials() }));
		expect(error.message).toContain('did not answer within 0.2 s');
		expect(fake.requests).toHaveLength(1);
	});

	it('the trigger\'s Include Current State gives up at the default deadline and reports it on the item', async () => {
		retryPolicy.timeoutMs = 150;
		try {
			answerLate(ORDER_DETAIL);
			const classified = classifyCallback(
				JSON.stringify({ messageType: '1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY', messageBody: { orderId: '2019601741959504495' } }),
				new Date(),
			);
			if (classified.kind !== 'message') throw new Error(`expected a message, got ${classified.kind}`);
			const state = await runWithExecuteContext({ credentials: credentials() }, (context) => fetchCurrentState(context, classified.callback));
			expect(state.currentState).toBeNull();
			expect((state as IDataObject).currentStateError).toBe(`Could not complete POST ${ORDER_DETAIL}: PandaPon did not answer within 0.15 s`);
		} finally {
			retryPolicy.timeoutMs = savedPolicy.timeoutMs;
		}
	});

	it('is 30 s unless set otherwise', () => {
		expect(savedPolicy.timeoutMs).toBe(30_000);
		const options = new PandaPon().description.properties.find((property) => property.name === 'options');
		const timeout = (options?.options as INodeProperties[]).find((option) => option.name === 'timeout');
		expect(timeout?.default).toBe(30);
	});
});

it('a Timeout that is not a positive number is refused before anything is sent', async () => {
	const parameters = { resource: 'customApiCall', operation: 'call', method: 'GET', path: CART_LIST, options: { timeout: 0 } };
	const error = await executeNode(new PandaPon(), { parameters, credentials: credentials() }).catch((caught: unknown) => caught);
	expect((error as Error).message).toBe('"Timeout (Seconds)" must be a positive number, got "0" (item 0)');
	expect(fake.requests).toHaveLength(0);
});
