import type { IDataObject } from 'n8n-workflow';

import { PandaPon } from '../../nodes/PandaPon/PandaPon.node';
import { CUSTOM_API_CALL } from '../../nodes/PandaPon/customApiCall';
import { RESOURCES } from '../../nodes/PandaPon/endpoints';
import { DOCS_LINKS } from '../../nodes/PandaPon/endpoints/docsLinks';
import type { Endpoint, Resource } from '../../nodes/PandaPon/endpoints/types';
import { FakePandaPon } from '../fake-pandapon';
import documented from '../fixtures/pandapon-endpoints.json';
import { executeNode } from '../harness';
import { BIG_ID, sampleOperation } from './sampleInput';

const changing: Array<[string, Resource, Endpoint]> = RESOURCES.flatMap((resource) =>
	resource.endpoints
		.filter((endpoint) => endpoint.changesData)
		.map((endpoint): [string, Resource, Endpoint] => [`${resource.value}.${endpoint.operation}`, resource, endpoint]),
);

describe('Dry Run', () => {
	let fake: FakePandaPon;
	const node = new PandaPon();
	const credentials = () => ({ ...fake.credentials, baseUrl: fake.url });

	beforeAll(async () => {
		fake = await FakePandaPon.start();
	});
	afterAll(async () => fake.close());
	beforeEach(() => fake.reset());

	it('is offered on every operation that changes data, and on no read', () => {
		const offered = new Set(
			node.description.properties
				.filter((property) => property.name === 'dryRun')
				.flatMap((property) => (property.displayOptions?.show?.resource ?? []).flatMap((resource) =>
					(property.displayOptions?.show?.operation ?? []).map((operation) => `${String(resource)}.${String(operation)}`),
				)),
		);
		const expected = RESOURCES.flatMap((resource) => resource.endpoints.filter((e) => e.changesData).map((e) => `${resource.value}.${e.operation}`));
		expect([...offered].sort()).toEqual(expected.sort());
	});

	it.each(changing)('%s: sends nothing, and shows the body a real run sends byte for byte', async (_name, resource, endpoint) => {
		const { parameters } = sampleOperation(resource.value, endpoint);
		fake.on(endpoint.method, endpoint.path, () => ({ ok: true }));

		const [dry] = await executeNode(node, { parameters: { ...parameters, dryRun: true }, credentials: credentials() });
		expect(fake.requests).toHaveLength(0);
		expect(dry).toHaveLength(1);
		const shown = dry[0].json;
		expect(dry[0].pairedItem).toEqual({ item: 0 });
		expect(shown).toMatchObject({ dryRun: true, operation: endpoint.key, method: endpoint.method, confidence: endpoint.confidence });
		expect(shown.docs).toBe(DOCS_LINKS[endpoint.key]);
		const headers = shown.headers as IDataObject;
		expect(Object.keys(headers).map((name) => name.toLowerCase())).not.toContain('signature');
		expect(headers['access-key']).toBe(fake.credentials.accessKey);
		expect(JSON.stringify(shown)).not.toContain(fake.credentials.accessSecret);

		await executeNode(node, { parameters, credentials: credentials() });
		const [sent] = fake.accepted();
		expect(sent.method).toBe(endpoint.method);
		const shownUrl = new URL(String(shown.url));
		expect(shownUrl.origin + shownUrl.pathname).toBe(`${fake.url}${sent.path}`);
		expect(Object.fromEntries(shownUrl.searchParams)).toEqual(sent.query);
		if (endpoint.method === 'GET') {
			expect(shown.bodyText).toBeUndefined();
		} else {
			expect(shown.bodyText).toBe(sent.rawBody);
		}
	});

	it('fails on input exactly where the real run fails, still sending nothing', async () => {
		const cancel = RESOURCES.find((r) => r.value === 'alibabaOrder')!.endpoints.find((e) => e.operation === 'cancel')!;
		const { parameters } = sampleOperation('alibabaOrder', cancel);
		const bad = { ...parameters, orderId: '12ab', dryRun: true };
		await expect(executeNode(node, { parameters: bad, credentials: credentials() })).rejects.toThrow(/Order ID/);
		expect(fake.requests).toHaveLength(0);
	});

	it('keeps 19-digit integers exact in the body text and as text in the parsed body', async () => {
		const [dry] = await executeNode(node, {
			parameters: { resource: CUSTOM_API_CALL, operation: 'call', method: 'POST', path: '/alibaba/order/cancel', body: `{"orderId":${BIG_ID}}`, dryRun: true },
			credentials: credentials(),
		});
		expect(fake.requests).toHaveLength(0);
		expect(dry[0].json.bodyText).toBe(`{"orderId":${BIG_ID}}`);
		expect((dry[0].json.body as IDataObject).orderId).toBe(BIG_ID);
		expect(dry[0].json.operation).toBe('customApiCall');
	});

	it('is ignored on a GET Custom API Call, which only reads', async () => {
		fake.on('GET', '/open/order/refund/query', () => ({ read: true }));
		const [items] = await executeNode(node, {
			parameters: { resource: CUSTOM_API_CALL, operation: 'call', method: 'GET', path: '/open/order/refund/query', dryRun: true },
			credentials: credentials(),
		});
		expect(fake.accepted()).toHaveLength(1);
		expect(items[0].json).toEqual({ read: true });
	});
});

describe('docs links', () => {
	it('are the first source of each endpoint in the reference', () => {
		const expected: Record<string, string> = {};
		for (const entry of documented as Array<{ key: string; method?: string; source?: string[] }>) {
			if ((entry.method === 'GET' || entry.method === 'POST') && entry.source?.length) expected[entry.key] = entry.source[0];
		}
		expect(DOCS_LINKS).toEqual(expected);
		for (const endpoint of RESOURCES.flatMap((resource) => resource.endpoints)) expect(DOCS_LINKS[endpoint.key]).toMatch(/^https:\/\//);
	});
});
