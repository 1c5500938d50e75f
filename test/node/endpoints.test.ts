import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { ACCOUNT, CHECK_ENDPOINTS } from '../../nodes/PandaPon/accountResource';
import { PandaPon } from '../../nodes/PandaPon/PandaPon.node';
import { findEndpoint, RESOURCES } from '../../nodes/PandaPon/endpoints';
import type { Endpoint, Resource } from '../../nodes/PandaPon/endpoints/types';
import { JsonInteger, parseLossless } from '../../nodes/shared/losslessJson';
import { FakePandaPon } from '../fake-pandapon';
import { executeNode } from '../harness';
import documented from '../fixtures/pandapon-endpoints.json';
import { BIG_ID, sampleOperation } from './sampleInput';

const cases: Array<[string, Resource, Endpoint]> = RESOURCES.flatMap((resource) =>
	resource.endpoints.map((endpoint): [string, Resource, Endpoint] => [
		`${resource.value}.${endpoint.operation} (${endpoint.key})`,
		resource,
		endpoint,
	]),
);

/** A payload in the shape the endpoint answers with, carrying a 19-digit raw integer. */
function payloadFor(endpoint: Endpoint): unknown {
	const record = (n: number) => ({ id: new JsonInteger(`${BIG_ID.slice(0, -1)}${n}`), label: `record ${n}` });
	if (endpoint.list?.style === 'beginPage') {
		return { totalRecords: 2, totalPage: 1, pageSize: 20, currentPage: 1, data: [record(1), record(2)] };
	}
	if (endpoint.list) return { total: 2, records: [record(1), record(2)] };
	return { orderId: new JsonInteger(BIG_ID), answeredBy: endpoint.key };
}

function expectedOutput(endpoint: Endpoint): IDataObject[] {
	if (endpoint.list) {
		return [1, 2].map((n) => ({ id: `${BIG_ID.slice(0, -1)}${n}`, label: `record ${n}` }));
	}
	return [{ orderId: BIG_ID, answeredBy: endpoint.key }];
}

describe('every operation of the PandaPon node', () => {
	let fake: FakePandaPon;
	const node = new PandaPon();

	beforeAll(async () => {
		fake = await FakePandaPon.start();
	});
	afterAll(async () => fake.close());
	beforeEach(() => fake.reset());

	it.each(cases)('%s sends what its table entry says and returns data as items', async (_name, resource, endpoint) => {
		const { parameters, expected } = sampleOperation(resource.value, endpoint);
		if (endpoint.simplify) parameters.simplify = false;
		fake.on(endpoint.method, endpoint.path, () => payloadFor(endpoint));

		const [items] = await executeNode(node, {
			parameters,
			credentials: { ...fake.credentials, baseUrl: fake.url },
		});

		const received = fake.accepted();
		expect(received).toHaveLength(1);
		const [sent] = received;
		expect(sent.method).toBe(expected.method);
		expect(sent.path).toBe(expected.path);

		const query = { ...sent.query } as IDataObject;
		const body = (sent.rawBody === '' ? {} : parseLossless(sent.rawBody, { bigIntegers: 'literal' })) as IDataObject;
		if (endpoint.list) {
			const paging = endpoint.method === 'GET' ? query : body;
			expect(Number(paging.pageSize)).toBeGreaterThan(0);
			expect(Number(paging.pageSize)).toBeLessThanOrEqual(endpoint.list.maxPageSize ?? Infinity);
			delete paging.pageSize;
		}
		expect(query).toEqual(expected.query);
		expect(body).toEqual(endpoint.method === 'GET' ? {} : expected.body);

		expect(items.map((item) => item.json)).toEqual(expectedOutput(endpoint));
		expect(items.map((item) => item.pairedItem)).toEqual(items.map(() => ({ item: 0 })));
	});
});

describe('the endpoint tables', () => {
	const httpEndpoints = (documented as Array<{ key: string; method?: string; path?: string }>).filter(
		(entry) => entry.method === 'GET' || entry.method === 'POST',
	);
	const tableEntries = RESOURCES.flatMap((resource) => resource.endpoints);

	it('cover every documented HTTP endpoint exactly once, with its method and path', () => {
		const tableByKey = new Map(tableEntries.map((endpoint) => [endpoint.key, endpoint]));
		const missing = httpEndpoints.filter((entry) => !tableByKey.has(entry.key)).map((entry) => entry.key);
		expect(missing).toEqual([]);
		for (const entry of httpEndpoints) {
			expect(`${entry.key} ${tableByKey.get(entry.key)?.method} ${tableByKey.get(entry.key)?.path}`).toBe(
				`${entry.key} ${entry.method} ${entry.path}`,
			);
		}
	});

	it('hold no entry the docs do not have, and no key twice', () => {
		const documentedKeys = new Set(httpEndpoints.map((entry) => entry.key));
		expect(tableEntries.filter((endpoint) => !documentedKeys.has(endpoint.key)).map((e) => e.key)).toEqual([]);
		const keys = tableEntries.map((endpoint) => endpoint.key);
		expect(new Set(keys).size).toBe(keys.length);
	});

	it('match the UI: every operation shown has an entry, and every entry is shown', () => {
		const properties = new PandaPon().description.properties as INodeProperties[];
		const shown: string[] = [];
		for (const property of properties.filter((candidate) => candidate.name === 'operation')) {
			const resources = (property.displayOptions?.show?.resource ?? []) as string[];
			for (const resource of resources) {
				for (const option of property.options as Array<{ value: string }>) shown.push(`${resource}.${option.value}`);
			}
		}
		const outsideTables = new Set(['customApiCall.call', `${ACCOUNT}.${CHECK_ENDPOINTS}`]);
		const withoutEntry = shown.filter((id) => !outsideTables.has(id) && !findEndpoint(...(id.split('.') as [string, string])));
		expect(withoutEntry).toEqual([]);
		const entries = RESOURCES.flatMap((resource) => resource.endpoints.map((endpoint) => `${resource.value}.${endpoint.operation}`));
		expect(entries.filter((id) => !shown.includes(id))).toEqual([]);
		expect(new Set(entries).size).toBe(entries.length);
	});

	it('show an "e.g." placeholder on every required text field', () => {
		const textKinds = ['string', 'id', 'int64', 'idList'];
		const missing = RESOURCES.flatMap((resource) =>
			resource.endpoints.flatMap((endpoint) =>
				endpoint.fields
					.filter((field) => field.required && textKinds.includes(field.kind) && !field.placeholder?.startsWith('e.g.'))
					.map((field) => `${resource.value}.${endpoint.operation}.${field.name}`),
			),
		);
		expect(missing).toEqual([]);
	});

	it('mark every create, pay, cancel, submit, delete, add, update or booking as changing data', () => {
		const verb = /create|pay|cancel|submit|delete|add|update|confirm|upload|booking|modify|edit/i;
		const suspicious = tableEntries.filter((endpoint) => verb.test(endpoint.key.split('.')[1]) && !endpoint.changesData);
		expect(suspicious.map((endpoint) => endpoint.key)).toEqual([]);
	});
});
