/**
 * The PandaPon credential: its `authenticate` function on its own, then inside n8n-core's
 * real request helpers against the fake PandaPon server.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { DEFAULT_BASE_URL, PandaPonApi } from '../credentials/PandaPonApi.credentials';
import { PandaPon } from '../nodes/PandaPon/PandaPon.node';
import { computeSignature } from '../nodes/shared/signing';
import { FakePandaPon, type RecordedRequest } from './fake-pandapon';
import { runWithExecuteContext, testCredential, type HarnessCredentials } from './harness';

const SYSTEM_HEADERS = ['access-key', 'timestamp', 'nonce-str', 'user-id', 'signature'];
const credential = new PandaPonApi();

const plainCredentials = {
	accessKey: 'test-access-key',
	accessSecret: 'test-secret-不要分享',
	userId: '2100007341207',
	baseUrl: 'http://127.0.0.1:9/',
	timestampUnit: 'milliseconds',
};

function headersOf(options: IHttpRequestOptions): Record<string, string> {
	return options.headers as Record<string, string>;
}

function lowerCaseCounts(headers: object): Map<string, number> {
	const counts = new Map<string, number>();
	for (const name of Object.keys(headers)) counts.set(name.toLowerCase(), (counts.get(name.toLowerCase()) ?? 0) + 1);
	return counts;
}

function expectValidSignature(headers: Record<string, string>, accessKey: string, accessSecret: string): void {
	expect(headers.signature).toBe(computeSignature(accessKey, headers.timestamp, headers['nonce-str'], accessSecret));
}

describe('PandaPonApi.authenticate on its own', () => {
	it('sets the five system headers, signed over the values it sent', async () => {
		const signed = await credential.authenticate(plainCredentials, { method: 'POST', url: '/open/cart/list' });
		const headers = headersOf(signed);
		for (const name of SYSTEM_HEADERS) expect(headers[name]).toEqual(expect.any(String));
		expect(headers['access-key']).toBe('test-access-key');
		expect(headers['user-id']).toBe('2100007341207');
		expect(headers.timestamp).toMatch(/^\d{13}$/);
		expect(headers['nonce-str']).toMatch(/^[A-Za-z0-9]{32}$/);
		expect(headers.signature).toMatch(/^[0-9A-F]{32}$/);
		expectValidSignature(headers, 'test-access-key', 'test-secret-不要分享');
		expect(JSON.stringify(signed)).not.toContain('test-secret-不要分享');
	});

	it('overwrites on a second call: one header per name, in any case, with a fresh nonce and timestamp', async () => {
		const options: IHttpRequestOptions = {
			url: '/open/cart/list',
			headers: { 'Access-Key': 'stale', SIGNATURE: 'stale', 'Nonce-Str': 'stale', 'X-Trace': 'kept' },
		};
		const first = { ...headersOf(await credential.authenticate(plainCredentials, options)) };
		await new Promise((resolve) => setTimeout(resolve, 5));
		const second = headersOf(await credential.authenticate(plainCredentials, options));
		for (const [name, count] of lowerCaseCounts(second)) expect([name, count]).toEqual([name, 1]);
		expect(Object.keys(second)).toHaveLength(Object.keys(first).length);
		expect(second['X-Trace']).toBe('kept');
		expect(second['nonce-str']).not.toBe(first['nonce-str']);
		expect(Number(second.timestamp)).toBeGreaterThan(Number(first.timestamp));
		expectValidSignature(second, 'test-access-key', 'test-secret-不要分享');
	});

	it('writes a 10-digit timestamp when the unit is seconds', async () => {
		const signed = await credential.authenticate({ ...plainCredentials, timestampUnit: 'seconds' }, { url: '/x' });
		const headers = headersOf(signed);
		expect(headers.timestamp).toMatch(/^\d{10}$/);
		expect(Math.abs(Number(headers.timestamp) - Date.now() / 1000)).toBeLessThan(5);
		expectValidSignature(headers, 'test-access-key', 'test-secret-不要分享');
	});

	it('signs legacy {uri, headers} options (HTTP Request node) without touching uri', async () => {
		const legacy = { uri: 'https://proxy.example/alibaba/order/detail?x=1', method: 'POST', headers: {} };
		const signed = await credential.authenticate(plainCredentials, legacy as unknown as IHttpRequestOptions);
		expect((signed as unknown as { uri: string }).uri).toBe('https://proxy.example/alibaba/order/detail?x=1');
		expect(signed.baseURL).toBeUndefined();
		expect(signed.url).toBeUndefined();
		expectValidSignature(headersOf(signed), 'test-access-key', 'test-secret-不要分享');
	});

	it('puts the base URL (without trailing slash) in front of a relative url only', async () => {
		expect((await credential.authenticate(plainCredentials, { url: '/open/cart/list' })).baseURL).toBe('http://127.0.0.1:9');
		const absolute = await credential.authenticate(plainCredentials, { url: 'https://elsewhere.example/x' });
		expect(absolute.baseURL).toBeUndefined();
		const chosen = await credential.authenticate(plainCredentials, { url: '/x', baseURL: 'https://chosen.example' });
		expect(chosen.baseURL).toBe('https://chosen.example');
	});

	it('declares the secret as a password field and defaults to the production base URL', () => {
		const secret = credential.properties.find((property) => property.name === 'accessSecret');
		expect(secret?.typeOptions?.password).toBe(true);
		expect(credential.properties.find((property) => property.name === 'baseUrl')?.default).toBe(DEFAULT_BASE_URL);
		expect(credential.properties.find((property) => property.name === 'timestampUnit')?.default).toBe('milliseconds');
	});
});

describe('PandaPonApi inside n8n-core, against the fake PandaPon', () => {
	let fake: FakePandaPon;
	let secondsFake: FakePandaPon;
	let credentials: HarnessCredentials;

	beforeAll(async () => {
		fake = await FakePandaPon.start();
		secondsFake = await FakePandaPon.start({ timestampUnit: 'seconds' });
		credentials = { ...fake.credentials, baseUrl: fake.url };
	});

	afterAll(async () => {
		await fake.close();
		await secondsFake.close();
	});

	beforeEach(() => {
		fake.reset();
		secondsFake.reset();
	});

	function only(requests: RecordedRequest[]): RecordedRequest {
		expect(requests).toHaveLength(1);
		return requests[0];
	}

	it('signs httpRequestWithAuthentication requests so that the fake accepts them', async () => {
		await runWithExecuteContext({ credentials }, async (context) =>
			context.helpers.httpRequestWithAuthentication.call(context, 'pandaPonApi', {
				method: 'POST',
				url: '/alibaba/product/keywords/query',
				body: { keyword: 'cup', beginPage: 1, pageSize: 1 },
			}),
		);
		const request = only(fake.requests);
		expect(request.rejection).toBeUndefined();
		expect(request.accepted).toBe(true);
		expectValidSignature(request.headers, fake.credentials.accessKey, fake.credentials.accessSecret);
		expect(request.headers['user-id']).toBe(fake.credentials.userId);
	});

	it('signs the legacy requestWithAuthentication path the HTTP Request node uses', async () => {
		const body = await runWithExecuteContext({ credentials }, async (context) =>
			context.helpers.requestWithAuthentication.call(context, 'pandaPonApi', {
				uri: `${fake.url}/alibaba/product/keywords/query`,
				method: 'POST',
				body: { keyword: 'cup', beginPage: 1, pageSize: 2 },
				json: true,
			}),
		);
		expect((body as IDataObject).code).toBe(200);
		expect(only(fake.accepted('/alibaba/product/keywords/query')).accepted).toBe(true);
	});

	it('re-signs every request: n8n-core calls authenticate before each one', async () => {
		await runWithExecuteContext({ credentials }, async (context) => {
			for (let i = 0; i < 3; i++) {
				await context.helpers.httpRequestWithAuthentication.call(context, 'pandaPonApi', {
					method: 'GET',
					url: '/open/cart/list',
				});
			}
		});
		expect(fake.accepted()).toHaveLength(3);
		expect(new Set(fake.requests.map((request) => request.headers['nonce-str'])).size).toBe(3);
	});

	it('is accepted with the seconds unit by a server that expects seconds', async () => {
		const secondsCredentials = { ...secondsFake.credentials, baseUrl: secondsFake.url, timestampUnit: 'seconds' as const };
		await runWithExecuteContext({ credentials: secondsCredentials }, async (context) =>
			context.helpers.httpRequestWithAuthentication.call(context, 'pandaPonApi', { method: 'GET', url: '/open/cart/list' }),
		);
		const request = only(secondsFake.accepted());
		expect(request.headers.timestamp).toMatch(/^\d{10}$/);
	});

	describe('credential test (the node’s testedBy function, as n8n runs it)', () => {
		const nodeType = new PandaPon();

		it('passes with the right keys, through a request the fake accepted', async () => {
			const result = await testCredential(credentials, { nodeType });
			expect(result.status).toBe('OK');
			expect(only(fake.accepted()).path).toBe('/alibaba/product/keywords/query');
		});

		it('fails with a wrong secret, explaining what to check, without echoing the secret', async () => {
			const result = await testCredential({ ...credentials, accessSecret: 'wrong-secret-xyz' }, { nodeType });
			expect(result.status).toBe('Error');
			expect(result.message).toContain('signature verification failed');
			expect(result.message).toMatch(/Access Secret/);
			expect(result.message).not.toContain('wrong-secret-xyz');
			expect(result.message).not.toContain(fake.credentials.accessSecret);
		});

		it('fails with the wrong timestamp unit and suggests switching it', async () => {
			const result = await testCredential(
				{ ...secondsFake.credentials, baseUrl: secondsFake.url, timestampUnit: 'milliseconds' },
				{ nodeType },
			);
			expect(result.status).toBe('Error');
			expect(result.message).toContain('set Timestamp Unit to Seconds in this credential');
			// It found that out itself: the configured unit was rejected, the other one accepted.
			expect(secondsFake.requests.map((request) => request.accepted)).toEqual([false, true]);
			expect(only(secondsFake.accepted()).headers.timestamp).toMatch(/^\d{10}$/);
		});

		it('names Milliseconds when only milliseconds are accepted and the credential says seconds', async () => {
			const result = await testCredential({ ...credentials, timestampUnit: 'seconds' }, { nodeType });
			expect(result.status).toBe('Error');
			expect(result.message).toContain('set Timestamp Unit to Milliseconds in this credential');
			expect(only(fake.accepted()).headers.timestamp).toMatch(/^\d{13}$/);
		});

		it('does not blame the unit when neither unit is accepted', async () => {
			const result = await testCredential({ ...credentials, accessSecret: 'wrong-secret-xyz' }, { nodeType });
			expect(fake.requests.map((request) => request.headers.timestamp.length)).toEqual([13, 10]);
			expect(result.message).not.toContain('accepts these keys only');
			expect(result.message).toContain('signature verification failed');
		});

		it('fails clearly when the Base URL does not answer', async () => {
			const result = await testCredential({ ...credentials, baseUrl: 'http://127.0.0.1:9' }, { nodeType });
			expect(result.status).toBe('Error');
			expect(result.message).toContain('Check the Base URL');
		});
	});
});
