/**
 * The pandaPon action node itself inside a real n8n: it is known to n8n, signs through
 * httpRequestWithAuthentication, and turns PandaPon's envelope into one item per product.
 */
import { FakePandaPon } from '../fake-pandapon/server';
import { n8nWithWorkflow } from './harness';
import type { N8n } from './n8n';
import { KEYWORD_QUERY_PATH } from './workflows/httpRequestKeywordQuery';
import { PANDAPON_SEARCH_NODE, pandaPonKeywordSearchWorkflow } from './workflows/pandaPonKeywordSearch';

describe('pandaPon node in a real n8n', () => {
	let n8n: N8n;
	let fake: FakePandaPon;
	let workflowId = '';

	beforeAll(async () => {
		fake = await FakePandaPon.start();
		({ n8n, workflowId } = await n8nWithWorkflow('pandapon-node', fake, (credential) =>
			pandaPonKeywordSearchWorkflow({ credential, keyword: 'phone case', limit: 3 }),
		));
	});

	afterAll(async () => {
		await n8n?.stop();
		await fake?.close();
	});

	test('n8n knows n8n-nodes-pandapon.pandaPon', async () => {
		expect(await n8n.assertPackageLoaded()).toContain('n8n-nodes-pandapon.pandaPon');
	});

	test('1688 Product › Search: signed request accepted, one item per product', async () => {
		await n8n.withLogs(async () => {
			const before = fake.requests.length;
			const run = await n8n.executeWorkflow(workflowId);
			expect(run.error).toBeUndefined();
			expect(run.status).toBe('success');

			const sent = fake.requests.slice(before);
			expect(sent.length).toBeGreaterThanOrEqual(1);
			expect(sent.every((r) => r.path === KEYWORD_QUERY_PATH && r.accepted)).toBe(true);
			expect(sent[0].body).toMatchObject({ keyword: 'phone case' });

			const items = run.output(PANDAPON_SEARCH_NODE);
			expect(items).toHaveLength(3);
			for (const item of items) expect(item).toHaveProperty('offerId');
		});
	});
});
