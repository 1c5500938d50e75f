import {
	buildSignedHeaders,
	computeCallbackSignature,
	computeSignature,
	currentTimestamp,
	generateNonce,
	matchCallbackSignature,
	signRequestOptions,
} from '../../nodes/shared/signing';

describe('computeSignature', () => {
	it('matches the reference vector', () => {
		// printf '%s' 'testAccessKey1715669977082Ab3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dFtestAccessSecret' | md5sum
		//   → 811411338cfb36159e2abb7c66783bb9
		expect(
			computeSignature('testAccessKey', '1715669977082', 'Ab3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF', 'testAccessSecret'),
		).toBe('811411338CFB36159E2ABB7C66783BB9');
	});

	it('hashes non-ASCII keys and secrets as UTF-8', () => {
		// printf '%s' 'ak-密钥1715669977Zz9yXw8vUt7sRq6pOn5mLk4jIh3gFe2dCb1Aé-secret-密钥-🐼' | md5sum
		//   → 320516767385f9e4e60b8b87bd31b041
		expect(computeSignature('ak-密钥', '1715669977', 'Zz9yXw8vUt7sRq6pOn5mLk4jIh3gFe2dCb1A', 'é-secret-密钥-🐼')).toBe(
			'320516767385F9E4E60B8B87BD31B041',
		);
	});

	it('depends on every part and their order', () => {
		const base = computeSignature('a', '1', 'n', 's');
		expect(computeSignature('b', '1', 'n', 's')).not.toBe(base);
		expect(computeSignature('a', '2', 'n', 's')).not.toBe(base);
		expect(computeSignature('a', '1', 'm', 's')).not.toBe(base);
		expect(computeSignature('a', '1', 'n', 't')).not.toBe(base);
		expect(computeSignature('1', 'a', 'n', 's')).not.toBe(base);
	});
});

describe('nonce and timestamp', () => {
	it('generates 32 alphanumerics, different every time', () => {
		const nonces = new Set(Array.from({ length: 200 }, generateNonce));
		expect(nonces.size).toBe(200);
		for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9]{32}$/);
	});

	it('writes milliseconds by default and seconds on request', () => {
		expect(currentTimestamp(undefined, 1715669977082)).toBe('1715669977082');
		expect(currentTimestamp('milliseconds', 1715669977082)).toBe('1715669977082');
		expect(currentTimestamp('seconds', 1715669977999)).toBe('1715669977');
	});
});

describe('buildSignedHeaders', () => {
	const credentials = { accessKey: ' testAccessKey ', accessSecret: 'testAccessSecret', userId: '2100007341207' };

	it('produces the five system headers with a matching signature', () => {
		const headers = buildSignedHeaders(credentials, 1715669977082, 'Ab3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF');
		expect(headers).toEqual({
			'access-key': 'testAccessKey',
			timestamp: '1715669977082',
			'nonce-str': 'Ab3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF',
			'user-id': '2100007341207',
			signature: '811411338CFB36159E2ABB7C66783BB9',
		});
	});

	it('never puts the secret in a header', () => {
		const headers = buildSignedHeaders(credentials);
		expect(JSON.stringify(headers)).not.toContain('testAccessSecret');
	});
});

describe('signRequestOptions', () => {
	const credentials = {
		accessKey: 'key',
		accessSecret: 'secret',
		userId: '42',
		baseUrl: 'http://127.0.0.1:9999/',
	};

	it('replaces system headers in any letter case instead of adding a second copy', () => {
		const options = signRequestOptions(credentials, {
			url: '/open/cart/list',
			headers: { Signature: 'stale', 'ACCESS-KEY': 'old', 'X-Other': 'kept' },
		});
		const names = Object.keys(options.headers!).map((name) => name.toLowerCase());
		expect(names.filter((name) => name === 'signature')).toHaveLength(1);
		expect(names.filter((name) => name === 'access-key')).toHaveLength(1);
		expect((options.headers as Record<string, string>)['X-Other']).toBe('kept');
		expect((options.headers as Record<string, string>)['Content-Type']).toBe('application/json');
	});

	it('re-signs with a fresh nonce on every call', () => {
		const options = { url: '/x', headers: {} };
		const first = { ...(signRequestOptions(credentials, options).headers as Record<string, string>) };
		const second = signRequestOptions(credentials, options).headers as Record<string, string>;
		expect(second['nonce-str']).not.toBe(first['nonce-str']);
		expect(second.signature).toBe(computeSignature('key', second.timestamp, second['nonce-str'], 'secret'));
		expect(Object.keys(second)).toHaveLength(Object.keys(first).length);
	});

	it('puts the base URL in front of a relative path, without a trailing slash', () => {
		expect(signRequestOptions(credentials, { url: '/open/cart/list' } as { url: string; baseURL?: string }).baseURL).toBe(
			'http://127.0.0.1:9999',
		);
	});

	it('leaves legacy uri requests (HTTP Request node) at their own address', () => {
		const options = signRequestOptions(credentials, {
			uri: 'https://elsewhere.test/open/cart/list',
			headers: {},
		} as { uri: string; headers: object; baseURL?: string });
		expect(options.baseURL).toBeUndefined();
		expect(options.uri).toBe('https://elsewhere.test/open/cart/list');
		expect((options.headers as Record<string, string>)['access-key']).toBe('key');
	});

	it('keeps a caller-chosen content type', () => {
		const options = signRequestOptions(credentials, { url: '/x', headers: { 'content-type': 'text/plain' } });
		expect(options.headers).toMatchObject({ 'content-type': 'text/plain' });
		expect(options.headers).not.toHaveProperty('Content-Type');
	});
});

describe('callback signatures', () => {
	const body =
		'{"messageType":"1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY","messageBody":{},"messagePlatform":1,"timestamp":"1715669977082"}';
	const keys = { accessKey: 'testAccessKey', accessSecret: 'testAccessSecret' };
	// REFERENCE section 8: printf '%s' "testAccessKey$body" | openssl dgst -sha256 -hmac testAccessSecret
	const overKeyAndBody = '1f570ba453f82021dc50e0f0e80160664591f8da2ae44afd640839d7567a333a';
	// REFERENCE section 3: printf '%s' "$body" | openssl dgst -sha256 -hmac testAccessSecret
	const overBody = '7b1dd1c9c7581a0b02cdd426805f3f2cef58cd92857d7975decfe6280b507b6e';

	it('matches both reference vectors', () => {
		expect(computeCallbackSignature(body, 'testAccessSecret', 'testAccessKey')).toBe(overKeyAndBody);
		expect(computeCallbackSignature(Buffer.from(body), 'testAccessSecret', 'testAccessKey')).toBe(overKeyAndBody);
		expect(computeCallbackSignature(body, 'testAccessSecret')).toBe(overBody);
		expect(computeCallbackSignature(Buffer.from(body), 'testAccessSecret')).toBe(overBody);
	});

	it('keys the HMAC with a UTF-8 secret', () => {
		// printf '%s' '{"a":1}' | openssl dgst -sha256 -hmac 'secret-密钥-🐼'
		expect(computeCallbackSignature('{"a":1}', 'secret-密钥-🐼')).toBe(
			'32ae2695878cb67a204f0ecb84523373287ad1d04b852bbc5e9848ce29a436ef',
		);
	});

	it.each([
		['accessKey + body', overKeyAndBody, 'accessKey+body'],
		['accessKey + body, upper-case hex', overKeyAndBody.toUpperCase(), 'accessKey+body'],
		['accessKey + body, with a scheme prefix', `HMAC-SHA256 ${overKeyAndBody}`, 'accessKey+body'],
		['the body alone', overBody, 'body'],
		['the body alone, upper-case hex', overBody.toUpperCase(), 'body'],
		['the body alone, surrounded by spaces', `  ${overBody}  `, 'body'],
	])('tells which Base a signature over %s matched', (_label, header, base) => {
		expect(matchCallbackSignature(body, header, keys)).toBe(base);
		expect(matchCallbackSignature(Buffer.from(body), header, keys)).toBe(base);
	});

	it('trims the access key as requests do', () => {
		expect(matchCallbackSignature(body, overKeyAndBody, { ...keys, accessKey: ' testAccessKey ' })).toBe('accessKey+body');
	});

	it.each([
		['a missing header', undefined],
		['an empty header', ''],
		['a truncated signature', overBody.slice(0, 63)],
		['a signature with an extra digit', `${overBody}0`],
		['a different signature', overBody.replace(/^7/, '8')],
		['a signature over the key alone', computeCallbackSignature('', 'testAccessSecret', 'testAccessKey')],
		['a signature over the body followed by the key', computeCallbackSignature(`${body}testAccessKey`, 'testAccessSecret')],
		// Header bytes arrive as latin1: 0xE9 is one UTF-16 unit but two UTF-8 bytes.
		['64 bytes 0xE9', '\u00e9'.repeat(64)],
		['a valid signature with é instead of its last digit', `${overBody.slice(0, 63)}\u00e9`],
		['é in the middle of the hex', `${overBody.slice(0, 32)}\u00e9${overBody.slice(33)}`],
		['UTF-8 bytes of é read as latin1', `${overBody.slice(0, 62)}\u00c3\u00a9`],
		['64 non-hex ASCII letters', 'z'.repeat(64)],
		['a NUL byte', `${overBody.slice(0, 63)}\u0000`],
		['emoji', '🐼'.repeat(32)],
	])('rejects %s without throwing', (_label, header) => {
		expect(() => matchCallbackSignature(body, header, keys)).not.toThrow();
		expect(matchCallbackSignature(body, header, keys)).toBeUndefined();
	});

	it('rejects a tampered body, a wrong secret, and the key used as the secret', () => {
		const tampered = body.replace('"messagePlatform":1', '"messagePlatform":0');
		expect(matchCallbackSignature(tampered, overKeyAndBody, keys)).toBeUndefined();
		expect(matchCallbackSignature(tampered, overBody, keys)).toBeUndefined();
		expect(matchCallbackSignature(body, overKeyAndBody, { ...keys, accessSecret: 'otherSecret' })).toBeUndefined();
		expect(matchCallbackSignature(body, overBody, { ...keys, accessSecret: 'otherSecret' })).toBeUndefined();
		expect(matchCallbackSignature(body, computeCallbackSignature(body, 'testAccessKey'), keys)).toBeUndefined();
	});

	it('confirms nothing without a secret', () => {
		const noSecret = { accessKey: 'testAccessKey', accessSecret: '' };
		expect(matchCallbackSignature(body, computeCallbackSignature(body, ''), noSecret)).toBeUndefined();
		expect(matchCallbackSignature(body, computeCallbackSignature(body, '', 'testAccessKey'), noSecret)).toBeUndefined();
	});

	it('a signature made with another access key matches neither Base', () => {
		const otherKey = computeCallbackSignature(body, 'testAccessSecret', 'otherAccessKey');
		expect(matchCallbackSignature(body, otherKey, keys)).toBeUndefined();
	});
});
