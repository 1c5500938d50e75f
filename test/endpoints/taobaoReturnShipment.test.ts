/**
 * Taobao return shipments on the upstream paths and field names (REFERENCE section 8), and
 * the labelled refund type and goods status codes (issue 10.7).
 */
import type { IDataObject, INodeParameters, INodePropertyOptions } from 'n8n-workflow';

import { findEndpoint } from '../../nodes/PandaPon/endpoints';
import { PandaPon } from '../../nodes/PandaPon/PandaPon.node';
import { FakePandaPon } from '../fake-pandapon';
import { executeNode } from '../harness';

const node = new PandaPon();
let fake: FakePandaPon;

beforeAll(async () => {
	fake = await FakePandaPon.start();
});
afterAll(async () => fake.close());
beforeEach(() => fake.reset());

async function run(parameters: INodeParameters): Promise<IDataObject[]> {
	const [output] = await executeNode(node, { parameters, credentials: { ...fake.credentials, baseUrl: fake.url } });
	return output.map((item) => item.json);
}

it('Submit Return Shipment sends logisticsNo to /open/order/refund/submit/logistics', async () => {
	const refund = fake.state.taobaoRefunds[0];
	await run({
		resource: 'taobaoRefund',
		operation: 'submitReturnShipment',
		refundId: refund.refundId,
		logisticsCompanyCode: 'SF',
		logisticsNo: 'SF1234567890123',
		additionalFields: { buyerPhone: '15068763421' },
	});
	const [sent] = fake.accepted('/open/order/refund/submit/logistics');
	expect(sent.method).toBe('POST');
	expect(JSON.parse(sent.rawBody)).toEqual({ refundId: refund.refundId, logisticsCompanyCode: 'SF', logisticsNo: 'SF1234567890123', buyerPhone: '15068763421' });
});

it('Preview Return Shipment asks GET /open/order/refund/render/logistics', async () => {
	const refund = fake.state.taobaoRefunds[0];
	await run({ resource: 'taobaoRefund', operation: 'previewReturnShipment', refundId: refund.refundId });
	const [sent] = fake.accepted('/open/order/refund/render/logistics');
	expect({ method: sent.method, query: { ...sent.query } }).toEqual({ method: 'GET', query: { refundId: refund.refundId } });
});

it('says in the description why the paths are what they are', () => {
	for (const operation of ['previewReturnShipment', 'submitReturnShipment']) {
		expect(findEndpoint('taobaoRefund', operation)?.notes).toMatch(/upstream Taobao API.*REFERENCE section 8/);
	}
});

describe('refund type and goods status', () => {
	const optionsOf = (operation: string, name: string): INodePropertyOptions[] => {
		const property = node.description.properties.find(
			(candidate) => candidate.name === name && candidate.displayOptions?.show?.operation?.includes(operation) && candidate.displayOptions?.show?.resource?.includes('taobaoRefund'),
		);
		return (property?.options ?? []) as INodePropertyOptions[];
	};

	it.each(['preview', 'create'])('%s offers the upstream codes with labels', (operation) => {
		expect(optionsOf(operation, 'refundType').map((option) => [option.value, option.name])).toEqual([
			[1, 'Refund Only (1)'],
			[2, 'Return and Refund (2)'],
		]);
		expect(optionsOf(operation, 'goodsStatus').map((option) => option.value)).toEqual([1, 2, 3, 4, 5, 6]);
	});

	it('a chosen label and a code from an expression both go out as integers', async () => {
		const subOrderId = fake.state.taobaoOrders[0].lines[0].subPurchaseOrderId;
		await run({ resource: 'taobaoRefund', operation: 'preview', subOrderId, refundType: 2, goodsStatus: '4' });
		const [sent] = fake.accepted('/open/order/refund/render');
		expect(sent.rawBody).toBe(`{"subOrderId":"${subOrderId}","refundType":2,"goodsStatus":4}`);
	});
});
