/**
 * Account › Check Endpoints inside a real n8n: every read endpoint once, nothing that changes
 * data, one item per endpoint plus a summary, and a removed route reported as not found.
 */
import { RESOURCES } from '../../nodes/PandaPon/endpoints';
import { FakePandaPon } from '../fake-pandapon/server';
import { n8nWithWorkflow } from './harness';
import type { N8n } from './n8n';
import { CHECK_ENDPOINTS_NODE, checkEndpointsWorkflow } from './workflows/checkEndpoints';

const endpoints = RESOURCES.flatMap((resource) => resource.endpoints);
const reads = endpoints.filter((endpoint) => !endpoint.changesData);
const removed = reads.find((endpoint) => endpoint.key === 'taobaoCart.list')!;

describe('Check Endpoints in a real n8n', () => {
	let n8n: N8n;
	let fake: FakePandaPon;
	let workflowId = '';

	beforeAll(async () => {
		fake = await FakePandaPon.start({ withoutRoutes: [{ method: removed.method, path: removed.path }] });
		({ n8n, workflowId } = await n8nWithWorkflow('check-endpoints', fake, (credential) => checkEndpointsWorkflow({ credential })));
	});

	afterAll(async () => {
		await n8n?.stop();
		await fake?.close();
	});

	test('reports every read endpoint, calls nothing that changes data, and shows no secret', async () => {
		await n8n.withLogs(async () => {
			const run = await n8n.executeWorkflow(workflowId);
			expect(run.error).toBeUndefined();
			const items = run.output(CHECK_ENDPOINTS_NODE);
			expect(items).toHaveLength(reads.length + 1);
			const verdicts = new Map(items.slice(0, -1).map((item) => [item.key, item.verdict]));
			for (const endpoint of reads) expect([endpoint.key, verdicts.get(endpoint.key)]).toEqual([endpoint.key, endpoint === removed ? 'path not found' : 'exists']);
			expect(items.at(-1)).toMatchObject({ summary: 'endpoint check', refuted: [expect.stringContaining(removed.path)] });

			const changing = new Set(endpoints.filter((endpoint) => endpoint.changesData).map((endpoint) => `${endpoint.method} ${endpoint.path}`));
			expect(fake.requests).toHaveLength(reads.length);
			expect(fake.requests.filter((request) => changing.has(`${request.method} ${request.path}`))).toEqual([]);
			expect(JSON.stringify(items)).not.toContain(fake.credentials.accessSecret);
		});
	});
});
