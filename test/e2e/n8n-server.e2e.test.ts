/**
 * `n8n start` (the mode users run) with the package installed: a published workflow's
 * webhook answers, and a node in it signs with pandaPonApi. Also proves that start()/stop()
 * work for the trigger tests to come.
 */
import { FakePandaPon } from '../fake-pandapon/server';
import { fakeCredential, newN8n, ref } from './harness';
import type { N8n } from './n8n';
import { KEYWORD_QUERY_PATH } from './workflows/httpRequestKeywordQuery';
import { webhookThenKeywordQueryWorkflow } from './workflows/webhookThenKeywordQuery';

describe('n8n start: webhook workflow using the pandaPonApi credential', () => {
	let n8n: N8n;
	let fake: FakePandaPon;
	let url = '';
	const path = 'pandapon-e2e-search';

	beforeAll(async () => {
		fake = await FakePandaPon.start();
		n8n = await newN8n('n8n-server');
		const cred = fakeCredential(fake);
		const wf = webhookThenKeywordQueryWorkflow({ path, baseUrl: fake.url, credential: ref(cred) });
		await n8n.importCredential(cred);
		await n8n.importWorkflow(wf);
		await n8n.publishWorkflow(wf.id);
		({ url } = await n8n.start({ webhooks: [{ path }] }));
	});

	afterAll(async () => {
		await n8n?.stop();
		await fake?.close();
	});

	test('POST /webhook/<path> runs the workflow; the signed request is accepted and its answer returned', async () => {
		await n8n.withLogs(async () => {
			const before = fake.requests.length;
			const res = await fetch(`${url}/webhook/${path}`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ keyword: 'bluetooth speaker' }),
			});
			const text = await res.text();
			expect({ status: res.status, text: text.slice(0, 500) }).toMatchObject({ status: 200 });
			expect(JSON.parse(text)).toMatchObject({ code: 200 });

			const sent = fake.requests.slice(before);
			expect(sent.map((r) => r.path)).toEqual([KEYWORD_QUERY_PATH]);
			expect(sent[0].accepted).toBe(true);
			expect(sent[0].body).toMatchObject({ keyword: 'bluetooth speaker' });
		});
	});

	test('stop() ends n8n and its task runner (no process left in its group)', async () => {
		const pid = (n8n as unknown as { server?: { child: { pid: number } } }).server?.child.pid;
		expect(pid).toEqual(expect.any(Number));
		await n8n.stop();
		// SIGKILLed processes may take a moment to be reaped: poll briefly.
		const groupAlive = () => {
			try {
				process.kill(-pid!, 0);
				return true;
			} catch {
				return false;
			}
		};
		for (let i = 0; i < 50 && groupAlive(); i++) await new Promise((r) => setTimeout(r, 100));
		expect(groupAlive()).toBe(false);
	});
});
