/**
 * A real n8n 2.41 loads the packed package and its HTTP Request node signs requests with
 * our `pandaPonApi` credential ("predefined credential type"); the fake PandaPon checks
 * the signature exactly.
 */
import { FakePandaPon } from '../fake-pandapon/server';
import { fakeCredential, newN8n, ref } from './harness';
import type { N8n } from './n8n';
import { HTTP_NODE_NAME, KEYWORD_QUERY_PATH, httpRequestKeywordQueryWorkflow } from './workflows/httpRequestKeywordQuery';

const SYSTEM_HEADERS = ['access-key', 'timestamp', 'nonce-str', 'user-id', 'signature'];

describe('pandaPonApi credential in a real n8n (HTTP Request node, predefined credential type)', () => {
	let n8n: N8n;
	let fake: FakePandaPon;
	const good = { cred: undefined as unknown as ReturnType<typeof fakeCredential>, workflowId: '' };
	const bad = { cred: undefined as unknown as ReturnType<typeof fakeCredential>, workflowId: '' };

	beforeAll(async () => {
		fake = await FakePandaPon.start();
		n8n = await newN8n('credential-http-request');
		good.cred = fakeCredential(fake, { name: 'PandaPon (fake, right secret)' });
		bad.cred = fakeCredential(fake, { name: 'PandaPon (fake, wrong secret)', overrides: { accessSecret: 'not-the-secret' } });
		const goodWf = httpRequestKeywordQueryWorkflow({ baseUrl: fake.url, credential: ref(good.cred), keyword: 'phone case' });
		const badWf = httpRequestKeywordQueryWorkflow({ baseUrl: fake.url, credential: ref(bad.cred), keyword: 'phone case' });
		good.workflowId = goodWf.id;
		bad.workflowId = badWf.id;
		await n8n.importCredentials([good.cred, bad.cred]);
		await n8n.importWorkflows([goodWf, badWf]);
	});

	afterAll(async () => {
		await n8n?.stop();
		await fake?.close();
	});

	test('n8n loads the package (every declared node type is known, no loader errors)', async () => {
		await n8n.withLogs(async () => {
			const ours = await n8n.assertPackageLoaded();
			// Informational: which of our node types n8n reports (empty until nodes are declared).
			expect(Array.isArray(ours)).toBe(true);
		});
	});

	test('a signed request goes out with all five system headers and the fake accepts it', async () => {
		await n8n.withLogs(async () => {
			const before = fake.requests.length;
			const run = await n8n.executeWorkflow(good.workflowId);
			expect(run.error).toBeUndefined();
			expect(run.status).toBe('success');

			const sent = fake.requests.slice(before).filter((r) => r.path === KEYWORD_QUERY_PATH);
			expect(sent).toHaveLength(1);
			const [req] = sent;
			expect(req.method).toBe('POST');
			for (const name of SYSTEM_HEADERS) expect(req.headers[name]).toEqual(expect.any(String));
			expect(req.headers['access-key']).toBe(fake.credentials.accessKey);
			expect(req.headers['user-id']).toBe(fake.credentials.userId);
			expect(req.headers['timestamp']).toMatch(/^\d{13}$/);
			expect(req.headers['nonce-str']).toMatch(/^[A-Za-z0-9]{32}$/);
			expect(req.headers['signature']).toMatch(/^[0-9A-F]{32}$/);
			expect(req.rejection).toBeUndefined();
			expect(req.accepted).toBe(true);
			expect(req.body).toMatchObject({ keyword: 'phone case', beginPage: 1 });

			// The workflow's output is the fake's answer, unchanged.
			const items = run.output(HTTP_NODE_NAME);
			expect(items).toHaveLength(1);
			expect(items[0]).toMatchObject({ code: 200 });
			expect(items[0].data).toBeTruthy();
			expect(fake.accepted(KEYWORD_QUERY_PATH).length).toBeGreaterThanOrEqual(1);
		});
	});

	test('with a wrong secret the fake rejects the signature and the output shows its business code', async () => {
		await n8n.withLogs(async () => {
			const before = fake.requests.length;
			const run = await n8n.executeWorkflow(bad.workflowId);

			const sent = fake.requests.slice(before).filter((r) => r.path === KEYWORD_QUERY_PATH);
			expect(sent).toHaveLength(1);
			// Signed (all headers present) but with the wrong secret.
			for (const name of SYSTEM_HEADERS) expect(sent[0].headers[name]).toEqual(expect.any(String));
			expect(sent[0].accepted).toBe(false);
			expect(sent[0].rejection).toEqual({ code: 401, msg: 'signature verification failed' });

			// PandaPon answers business errors with HTTP 200, so the HTTP Request node passes
			// the envelope through: the error code is in the output.
			expect(run.status).toBe('success');
			expect(run.output(HTTP_NODE_NAME)).toEqual([expect.objectContaining({ code: 401, msg: 'signature verification failed' })]);
		});
	});
});
