/**
 * Taobao Refund › Get Many and Get against the documented refund answers (REFERENCE.md 5.3):
 * paged `refundOrderAggregates`, Simplify, and lists that never come back silently empty or
 * doubled.
 */
import { NodeOperationError, type IDataObject, type INodeExecutionData, type INodeParameters } from 'n8n-workflow';

import { PandaPon } from '../../nodes/PandaPon/PandaPon.node';
import { parseLossless, stringifyLossless } from '../../nodes/shared/losslessJson';
import { retryPolicy } from '../../nodes/shared/transport';
import { FakePandaPon, newestFirst } from '../fake-pandapon';
import { taobaoRefundListAggregate } from '../fake-pandapon/views';
import { executeNode } from '../harness';

const REFUNDS = 237;
const REFUND_LIST = '/open/order/refund/queryList';
const node = new PandaPon();
let fake: FakePandaPon;
const credentials = () => ({ ...fake.credentials, baseUrl: fake.url });
const savedDelay = retryPolicy.baseDelayMs;

beforeAll(async () => {
	retryPolicy.baseDelayMs = 5;
	fake = await FakePandaPon.start({ seed: { refunds: REFUNDS } });
});
afterAll(async () => {
	retryPolicy.baseDelayMs = savedDelay;
	await fake.close();
});
beforeEach(() => fake.reset());

const json = (items: INodeExecutionData[]) => items.map((item) => item.json);
const getMany = { resource: 'taobaoRefund', operation: 'getAll', returnAll: true };

async function run(parameters: INodeParameters, typeVersion?: number): Promise<IDataObject[]> {
	const [items] = await executeNode(node, { parameters, credentials: credentials(), typeVersion });
	return json(items);
}

async function failure(parameters: INodeParameters): Promise<NodeOperationError> {
	const error = await executeNode(node, { parameters, credentials: credentials() }).catch((caught: unknown) => caught);
	expect(error).toBeInstanceOf(NodeOperationError);
	return error as NodeOperationError;
}

describe('Get Many with Simplify (the default of new nodes)', () => {
	it('returns every refund exactly once as one flat item, every ID exact text', async () => {
		const records = await run(getMany);
		expect(records).toHaveLength(REFUNDS);
		const byId = new Map(fake.state.taobaoRefunds.map((refund) => [refund.refundId, refund]));
		expect(new Set(records.map((record) => record.refundId))).toEqual(new Set(byId.keys()));
		for (const record of records) {
			const refund = byId.get(record.refundId as string)!;
			expect(record).toMatchObject({
				refundStatus: refund.refundStatus,
				refundFee: refund.refundFee,
				refundFeeYuan: refund.refundFee / 100,
				purchaseOrderId: refund.purchaseOrderId,
				purchaseOrderLineId: refund.purchaseOrderLineId,
				salesOrderId: refund.salesOrderId,
				itemTitle: refund.itemTitle,
				quantity: refund.quantity,
				reason: refund.reasonDesc,
				createdAt: new Date(refund.gmtCreate).toISOString(),
			});
			for (const id of ['refundId', 'purchaseOrderId', 'purchaseOrderLineId', 'salesOrderId', 'supplierId']) {
				expect(typeof record[id]).toBe('string');
			}
			expect(typeof record.refundStatusLabel).toBe('string');
			expect(['Refund Only', 'Return and Refund']).toContain(record.refundTypeLabel);
			expect(record.timeoutAt).toMatch(/^\d{4}-\d\d-\d\dT/);
		}
		expect(records.some((record) => /^\d{19}$/.test(record.purchaseOrderId as string))).toBe(true);
		expect(fake.accepted(REFUND_LIST)).toHaveLength(Math.ceil(REFUNDS / 50));
	});

	it('labels every documented refund status code', async () => {
		const records = await run(getMany);
		const labels = new Map(records.map((record) => [record.refundStatus, record.refundStatusLabel]));
		expect(Object.fromEntries(labels)).toEqual({
			10: 'Applied, Awaiting Seller',
			20: 'Agreed, Awaiting Return',
			30: 'Returned, Awaiting Seller Receipt',
			100: 'Refunded',
			[-10]: 'Seller Refused',
			[-20]: 'Closed',
		});
	});

	it('keeps a record that lacks the expected blocks as it came, never emptier', async () => {
		const odd = { refundId: '110002687818', refundStatus: '100', refundFee: 392 };
		fake.on('POST', REFUND_LIST, () => ({ total: 1, refundOrderAggregates: [odd] }));
		expect(await run(getMany)).toEqual([odd]);
	});
});

describe('Get Many without Simplify', () => {
	const documentedAggregates = () =>
		newestFirst(fake.state.taobaoRefunds, (refund) => refund.refundId).map(
			(refund) => parseLossless(stringifyLossless(taobaoRefundListAggregate(refund))) as IDataObject,
		);

	it('gives the documented aggregates unchanged', async () => {
		expect(await run({ ...getMany, simplify: false })).toEqual(documentedAggregates());
	});

	it('is what version 1 nodes give by default, so saved workflows keep their output', async () => {
		expect(await run(getMany, 1)).toEqual(documentedAggregates());
	});

	it('can be switched on in version 1 nodes', async () => {
		const records = await run({ ...getMany, simplify: true }, 1);
		expect(records.map((record) => record.refundId)).toEqual(documentedAggregates().map((aggregate) => (aggregate.refundOrder as IDataObject).refundId));
	});
});

describe('Get', () => {
	it('simplifies the documented detail (integer status) to the same flat item', async () => {
		const refund = fake.state.taobaoRefunds.find((candidate) => candidate.refundStatus === 100)!;
		const [record] = await run({ resource: 'taobaoRefund', operation: 'get', refundId: refund.refundId });
		const [listed] = await run({ resource: 'taobaoRefund', operation: 'getAll', additionalFields: { refundId: refund.refundId }, limit: 1 });
		expect(record).toMatchObject({ refundId: refund.refundId, refundStatus: 100, refundStatusLabel: 'Refunded' });
		const { logistics: _detailLogistics, ...detail } = record;
		// The detail (v2 shape) has no subUserId; logistics differ by design (null in the list).
		const { logistics: _listLogistics, subUserId: _subUserId, ...fromList } = listed;
		expect(detail).toEqual(fromList);
	});

	it('returns the documented answer with Simplify off', async () => {
		const refund = fake.state.taobaoRefunds[0];
		const [record] = await run({ resource: 'taobaoRefund', operation: 'get', refundId: refund.refundId, simplify: false });
		expect(Object.keys(record)).toEqual(['distributorId', 'currency', 'refundOrderAggregate']);
	});
});

describe('lists that never come back silently empty or doubled', () => {
	it('fails, naming the keys it saw and pointing to Custom API Call, when it cannot find the records', async () => {
		fake.on('POST', REFUND_LIST, () => ({ total: 28, pageNo: 1, refundList: { first: { refundId: '1' } } }));
		const error = await failure(getMany);
		expect(error.message).toContain('its keys: total, pageNo, refundList');
		expect(error.description).toContain('Custom API Call');
	});

	it('fails when the first page is empty although the total says there are records', async () => {
		fake.on('POST', REFUND_LIST, () => ({ total: 28, refundOrderAggregates: [] }));
		expect((await failure(getMany)).message).toContain('total is 28');
	});

	it('fails when PandaPon ignores the page number instead of repeating records', async () => {
		const page = fake.state.taobaoRefunds.slice(0, 50).map(taobaoRefundListAggregate);
		fake.on('POST', REFUND_LIST, () => ({ total: REFUNDS, refundOrderAggregates: page }));
		const error = await failure(getMany);
		expect(error.message).toContain('Page 2 repeats the previous page');
		expect(error.description).toContain('Custom API Call');
		expect(fake.accepted(REFUND_LIST)).toHaveLength(2);
	});

	it('outputs a record once when the list shifts between pages', async () => {
		const all = newestFirst(fake.state.taobaoRefunds, (refund) => refund.refundId).slice(0, 6).map(taobaoRefundListAggregate);
		// Page 2 starts with the last record of page 1, as when a new refund is inserted on top meanwhile.
		const pages = [all.slice(0, 3), all.slice(2, 5), all.slice(5)];
		fake.on('POST', REFUND_LIST, (sent) => {
			const { pageNo } = sent.body as { pageNo: number };
			return { total: 6, refundOrderAggregates: pages[pageNo - 1] ?? [] };
		});
		const ids = (await run(getMany)).map((record) => record.refundId);
		expect(ids).toEqual(all.map((aggregate) => aggregate.refundOrder.refundId));
	});
});
