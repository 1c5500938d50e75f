/**
 * A batch that changes data: nothing is sent when any item's input is bad, nothing new starts
 * after a failure, and the error names what PandaPon already applied so a re-run can skip it.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { PandaPon } from '../../nodes/PandaPon/PandaPon.node';
import { FakePandaPon } from '../fake-pandapon';
import { executeNode } from '../harness';

const node = new PandaPon();
let fake: FakePandaPon;
const credentials = () => ({ ...fake.credentials, baseUrl: fake.url });

beforeAll(async () => {
	fake = await FakePandaPon.start({});
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const unpaidOrderIds = () =>
	fake.state.alibabaOrders.filter((order) => order.status === 'waitbuyerpay').map((order) => order.orderId);
/** Makes an order no longer cancellable, so that cancelling it fails at PandaPon. */
function paid(orderId: string): void {
	fake.state.alibabaOrders.find((order) => order.orderId === orderId)!.status = 'waitsellersend';
}
const statusOf = (orderId: string) => fake.state.alibabaOrders.find((order) => order.orderId === orderId)?.status;

function cancelRun(orderIds: string[], options: Record<string, number | boolean> = {}, continueOnFail = false) {
	return executeNode(node, {
		parameters: { resource: 'alibabaOrder', operation: 'cancel', orderId: '={{ $json.orderId }}', cancelReason: '不想要了', options },
		items: orderIds.map((orderId) => ({ json: { orderId } })),
		credentials: credentials(),
		continueOnFail,
	});
}

async function failureOf(run: Promise<unknown>): Promise<Error & { description?: string }> {
	const error = await run.then(
		() => {
			throw new Error('expected the run to fail');
		},
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(Error);
	return error as Error & { description?: string };
}

describe('a batch of 1688 cancellations', () => {
	it('sends nothing when one item has a typo, even at Concurrency 5', async () => {
		const valid = unpaidOrderIds().slice(0, 4);
		expect(valid).toHaveLength(4);
		const error = await failureOf(cancelRun(['12ab', ...valid], { concurrency: 5, concurrentChanges: true }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('"Order ID" must be a whole number, got "12ab" (item 0)');
		expect(error.description).toContain('Nothing was sent to PandaPon');
		expect(fake.requests).toHaveLength(0);
		for (const orderId of valid) expect(statusOf(orderId)).toBe('waitbuyerpay');
	});

	it('checks a typo in the last item before sending the first', async () => {
		const valid = unpaidOrderIds().slice(0, 4);
		await failureOf(cancelRun([...valid, '12ab']));
		expect(fake.requests).toHaveLength(0);
	});

	it('sends changes one at a time by default: nothing after the failing item, and names what was applied', async () => {
		const [first, second, third, fourth] = unpaidOrderIds();
		paid(second);
		const error = await failureOf(cancelRun([first, second, third, fourth], { concurrency: 5 }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain(`order ${second} is waitsellersend and can no longer be cancelled`);
		expect(fake.requests).toHaveLength(2);
		expect(statusOf(first)).toBe('cancel');
		expect([third, fourth].map(statusOf)).toEqual(['waitbuyerpay', 'waitbuyerpay']);
		expect(error.description).toContain(
			`- item 0 APPLIED: sent {"webSite":"1688","orderId":${first},"cancelReason":"不想要了"}, PandaPon answered [{"value":true}]`,
		);
		expect(error.description).toContain('Not sent (nothing done): items 2, 3.');
	});

	it('with Concurrent Changes on, lists every item that was already on its way and applied', async () => {
		const ids = unpaidOrderIds().slice(0, 4);
		expect(ids).toHaveLength(4);
		paid(ids[0]);
		const error = await failureOf(cancelRun(ids, { concurrency: 5, concurrentChanges: true }));
		expect(error.message).toContain(`order ${ids[0]} is waitsellersend`);
		expect(fake.requests).toHaveLength(4);
		for (const [index, orderId] of ids.entries()) {
			if (index === 0) continue;
			expect(statusOf(orderId)).toBe('cancel');
			expect(error.description).toContain(`- item ${index} APPLIED: sent {"webSite":"1688","orderId":${orderId},`);
		}
	});

	it('keeps the report readable for long batches: details for 100 applied items, numbers for the rest', async () => {
		// The fake cancels unknown orders without complaint; the last one is paid already.
		const unknown = Array.from({ length: 102 }, (_, index) => String(3000000000000000000n + BigInt(index)));
		const [paidOrder] = unpaidOrderIds();
		paid(paidOrder);
		const error = await failureOf(cancelRun([...unknown, paidOrder]));
		expect(fake.requests).toHaveLength(103);
		expect(error.description?.match(/^- item \d+ APPLIED: /gm)).toHaveLength(100);
		expect(error.description).toContain('- also APPLIED: items 100, 101.');
	});

	it('with Continue On Fail, reports the bad item and still cancels the others', async () => {
		const valid = unpaidOrderIds().slice(0, 2);
		const [items] = await cancelRun(['12ab', ...valid], {}, true);
		expect(items[0].json.error).toBe('"Order ID" must be a whole number, got "12ab" (item 0)');
		expect(items.slice(1).map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		for (const orderId of valid) expect(statusOf(orderId)).toBe('cancel');
	});
});

describe('as an AI agent\'s tool', () => {
	// n8n's engine runs a tool call as one item and hands the agent only the error's message.
	const asTool = (orderId: string) =>
		executeNode(node, {
			parameters: { resource: 'alibabaOrder', operation: 'cancel', orderId, cancelReason: '不想要了' },
			credentials: credentials(),
			rewireOutputLogTo: 'ai_tool',
		});

	it('tells the agent that a cancellation whose answer was lost may have been applied', async () => {
		const [orderId] = unpaidOrderIds();
		fake.injectFault({ type: 'status', status: 502 }, { path: '/alibaba/order/cancel' });
		const [[answer]] = await asTool(orderId);
		expect(String(answer.json.error)).toContain('HTTP 502');
		expect(String(answer.json.error)).toContain('PandaPon may or may not have applied it');
		expect(fake.requests).toHaveLength(1);
	});

	it('tells the agent that bad input sent nothing', async () => {
		const [[answer]] = await asTool('12ab');
		expect(String(answer.json.error)).toContain('"Order ID" must be a whole number, got "12ab" (item 0)');
		expect(fake.requests).toHaveLength(0);
	});
});
