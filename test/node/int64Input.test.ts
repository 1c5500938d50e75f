/**
 * Integer IDs are written into request bodies as bare literals, so "02019601741959504495"
 * would make the body invalid JSON. Every place that writes one refuses a leading zero with
 * an error naming the field; nothing is normalised behind the user's back.
 */
import { NodeOperationError } from 'n8n-workflow';

import { PandaPon } from '../../nodes/PandaPon/PandaPon.node';
import { endpointByKey } from '../../nodes/PandaPon/endpoints';
import { requestFromValues } from '../../nodes/PandaPon/request';
import { stringifyLossless } from '../../nodes/shared/losslessJson';
import { FakePandaPon } from '../fake-pandapon';
import { executeNode } from '../harness';

const PADDED_ORDER_ID = '02019601741959504495';

describe('an int64 with a leading zero', () => {
	it.each([
		['a field', 'alibabaOrder.cancel', { orderId: PADDED_ORDER_ID, cancelReason: 'x' }, '"Order ID" must not start with 0, got "02019601741959504495"'],
		['an element of an ID list', 'alibabaOrder.confirmReceipt', { orderId: '2019601741959504495', orderEntryIds: '123, 0456' }, '"Order Line IDs" must not start with 0, got "0456"'],
		[
			'a sub-field of a JSON-in-a-string group',
			'taobaoCart.add',
			{ itemId: '1', skuId: '2', mpId: '3', mpSkuId: '4', quantity: 1, properties: { values: [{ propId: '01627207', valueId: '28324' }] } },
			'"Property ID" must not start with 0, got "01627207"',
		],
	])('is refused in %s, naming the field', (_where, key, values, message) => {
		expect(() => requestFromValues(endpointByKey(key), values)).toThrow(message);
	});

	it('zero itself and negative numbers stay valid', () => {
		const request = requestFromValues(endpointByKey('alibabaOrder.confirmReceipt'), { orderId: '2019601741959504495', orderEntryIds: '0, -5' });
		expect(stringifyLossless(request.body)).toContain('"orderEntryIds":[0,-5]');
	});
});

describe('through the node', () => {
	let fake: FakePandaPon;
	beforeAll(async () => {
		fake = await FakePandaPon.start({});
	});
	afterAll(() => fake.close());
	beforeEach(() => fake.reset());
	const credentials = () => ({ ...fake.credentials, baseUrl: fake.url });

	it('1688 Order › Cancel stops with the field named and sends nothing', async () => {
		const parameters = { resource: 'alibabaOrder', operation: 'cancel', orderId: PADDED_ORDER_ID, cancelReason: '不想要了' };
		const error = await executeNode(new PandaPon(), { parameters, credentials: credentials() }).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toBe(`"Order ID" must not start with 0, got "${PADDED_ORDER_ID}" (item 0)`);
		expect(fake.requests).toHaveLength(0);
	});

	it('a Custom API Call body with such a number is refused as invalid JSON', async () => {
		const parameters = {
			resource: 'customApiCall',
			operation: 'call',
			method: 'POST',
			path: '/alibaba/order/cancel',
			body: `{"webSite":"1688","orderId":${PADDED_ORDER_ID},"cancelReason":"x"}`,
		};
		const error = await executeNode(new PandaPon(), { parameters, credentials: credentials() }).catch((caught: unknown) => caught);
		expect((error as Error).message).toBe('"Body (JSON)" is not valid JSON (item 0)');
		expect(fake.requests).toHaveLength(0);
	});
});
