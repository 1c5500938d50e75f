import { PassThrough } from 'node:stream';
import { createGunzip, gzipSync } from 'node:zlib';

import type { IDataObject } from 'n8n-workflow';

import { MAX_BODY_BYTES, PandaPonTrigger } from '../nodes/PandaPonTrigger/PandaPonTrigger.node';
import { authenticateCallback, forgetLoadedSecrets, SECRET_REUSE_MS } from '../nodes/PandaPonTrigger/callbackSecret';
import { classifyCallback, classifyEvent, platformOf } from '../nodes/PandaPonTrigger/callback';
import { detailRequestFor } from '../nodes/PandaPonTrigger/currentState';
import {
	acceptDelivery,
	decodeEntry,
	deliveryKey,
	deliveryOf,
	encodeEntry,
	MAX_REMEMBERED_SUBJECTS,
	prune,
	pruneInterval,
	recentDeliveries,
	recordDelivery,
	type DeliveryLog,
} from '../nodes/PandaPonTrigger/deduplication';
import { readCallbackBody, type CallbackRequest } from '../nodes/PandaPonTrigger/requestBody';
import { JsonInteger, stringifyLossless } from '../nodes/shared/losslessJson';
import { computeCallbackSignature } from '../nodes/shared/signing';
import { FakePandaPon } from './fake-pandapon';
import { alibabaOrderDetail } from './fake-pandapon/views';
import { webhook, type WebhookOptions } from './harness';
import { HarnessCredentialsHelper } from './harness/credentials';

const trigger = new PandaPonTrigger();
let fake: FakePandaPon;
const credentials = () => ({ ...fake.credentials, baseUrl: fake.url });

const TAOBAO_PRICE =
	'{"messageType":"TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY","messageBody":{"salesOrderId":"1024285237573584051","subOrders":[{"purchase_order_outer_id":2019601741959504495,"quantity":2}]},"messagePlatform":0,"timestamp":"1715669977082"}';
const ALIBABA_ORDER_AS_STRING =
	'{"messageType":"1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY","messageBody":"{\\"orderId\\":2019601741959504495,\\"orderStatus\\":\\"waitsellersend\\"}","messagePlatform":1,"timestamp":"1779263269913"}';

const defaults = { platform: 'any', events: ['priceChanged', 'statusChanged', 'refund'], verification: 'enforce' };

type DeliverOptions = Partial<WebhookOptions> & {
	authorization?: string | null;
	parameters?: IDataObject;
	contentType?: string | null;
	headers?: Record<string, string>;
};

/** As PandaPon most likely signs (REFERENCE section 8): Base = Access Key + raw body. */
const signed = (body: string | Buffer) => computeCallbackSignature(body, fake.credentials.accessSecret, fake.credentials.accessKey);
/** As the project first read section 3: Base = the raw body alone. */
const signedOverBody = (body: string | Buffer) => computeCallbackSignature(body, fake.credentials.accessSecret);

async function deliver(body: string | Buffer, overrides: DeliverOptions = {}) {
	const authorization = overrides.authorization === undefined ? signed(body) : overrides.authorization;
	const contentType = overrides.contentType === undefined ? 'application/json' : overrides.contentType;
	const headers: Record<string, string> = { ...(overrides.headers ?? {}) };
	if (contentType !== null) headers['content-type'] = contentType;
	if (authorization !== null) headers.authorization = authorization;
	return webhook(trigger, {
		typeVersion: overrides.typeVersion,
		parameters: { ...defaults, ...(overrides.parameters ?? {}) },
		credentials: credentials(),
		staticData: overrides.staticData,
		webhookName: overrides.webhookName,
		mode: overrides.mode,
		// A Buffer, so that fetch adds no Content-Type of its own.
		request: { method: 'POST', headers, body: Buffer.from(body), ...(overrides.request ?? {}) },
	});
}

beforeAll(async () => {
	fake = await FakePandaPon.start();
});
afterAll(async () => fake.close());
beforeEach(() => {
	fake.reset();
	recentDeliveries.clear();
	forgetLoadedSecrets();
});

describe('a signed PandaPon message', () => {
	it('starts one execution with the classified message and every ID digit intact', async () => {
		const result = await deliver(TAOBAO_PRICE);
		expect(result.status).toBe(200);
		const [[item]] = result.workflowData!;
		expect(item.json).toMatchObject({
			platform: 'taobao',
			messageType: 'TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
			event: 'priceChanged',
			messagePlatform: 0,
			timestamp: '1715669977082',
			messageBody: { salesOrderId: '1024285237573584051', subOrders: [{ purchase_order_outer_id: '2019601741959504495', quantity: 2 }] },
		});
		expect(Date.parse(String(item.json.receivedAt))).not.toBeNaN();
	});

	it('parses a messageBody sent as a JSON string, keeping big integers exact', async () => {
		const result = await deliver(ALIBABA_ORDER_AS_STRING);
		expect(result.workflowData![0][0].json).toMatchObject({
			platform: '1688',
			event: 'statusChanged',
			messageBody: { orderId: '2019601741959504495', orderStatus: 'waitsellersend' },
		});
	});

	it.each([
		['upper-case hex', (signature: string) => signature.toUpperCase()],
		['a scheme prefix', (signature: string) => `HMAC-SHA256 ${signature}`],
	])('is accepted with %s', async (_label, transform) => {
		const result = await deliver(TAOBAO_PRICE, { authorization: transform(signed(TAOBAO_PRICE)) });
		expect(result.workflowData).toHaveLength(1);
	});
});

describe('which Base PandaPon signs (REFERENCE sections 3 and 8)', () => {
	it.each([
		['Access Key + raw body', signed, 'accessKey+body'],
		['the raw body alone', signedOverBody, 'body'],
	])('a message signed over %s starts one execution that says so', async (_label, sign, base) => {
		const result = await deliver(TAOBAO_PRICE, { authorization: sign(TAOBAO_PRICE) });
		expect(result.status).toBe(200);
		expect(result.workflowData).toHaveLength(1);
		expect(result.workflowData![0][0].json.signatureBase).toBe(base);
	});

	it('with verification off, still reports which Base matched, or null', async () => {
		const off = { parameters: { verification: 'off' } };
		const overBody = await deliver(TAOBAO_PRICE, { ...off, authorization: signedOverBody(TAOBAO_PRICE) });
		const unsigned = await deliver(ALIBABA_ORDER_AS_STRING, { ...off, authorization: null });
		const forged = await deliver(TAOBAO_PRICE.replace('"quantity":2', '"quantity":4'), { ...off, authorization: signed(TAOBAO_PRICE) });
		expect(overBody.workflowData![0][0].json.signatureBase).toBe('body');
		expect(unsigned.workflowData![0][0].json.signatureBase).toBeNull();
		expect(forged.workflowData![0][0].json.signatureBase).toBeNull();
	});

	it('the signature Base is no part of what makes a delivery a repeat', async () => {
		const first = await deliver(TAOBAO_PRICE, { authorization: signed(TAOBAO_PRICE) });
		const again = await deliver(TAOBAO_PRICE, { authorization: signedOverBody(TAOBAO_PRICE), staticData: first.staticData });
		expect(first.workflowData).toHaveLength(1);
		expect(again.workflowData).toBeUndefined();
		expect(again.body).toContain('"duplicate":true');
	});
});

describe('bytes any unauthenticated client can send never make webhook() throw', () => {
	const expectRefused = (result: Awaited<ReturnType<typeof deliver>>, status: number) => {
		expect(result.error).toBeUndefined();
		expect({ status: result.status, started: result.workflowData !== undefined }).toEqual({ status, started: false });
		expect(result.staticDataChanged).toBe(false);
	};
	const validOverBody = () => signed(TAOBAO_PRICE);

	// HTTP header bytes arrive as latin1: each 0xE9 is one UTF-16 unit but two UTF-8 bytes.
	it.each([
		['64 bytes 0xE9', () => '\u00e9'.repeat(64)],
		['a valid signature whose last digit is é', () => `${validOverBody().slice(0, 63)}\u00e9`],
		['a valid signature whose first digit is é', () => `\u00e9${validOverBody().slice(1)}`],
		['the UTF-8 bytes of é in place of two digits', () => `${validOverBody().slice(0, 62)}\u00c3\u00a9`],
		['64 bytes 0xFF', () => '\u00ff'.repeat(64)],
		['a scheme, then 64 bytes 0x80', () => `HMAC ${'\u0080'.repeat(64)}`],
		['64 non-hex letters', () => 'g'.repeat(64)],
	])('an Authorization of %s: 401', async (_label, header) => {
		expectRefused(await deliver(TAOBAO_PRICE, { authorization: header() }), 401);
		expectRefused(await deliver(TAOBAO_PRICE, { authorization: header(), contentType: 'application/octet-stream' }), 401);
	});

	it.each([
		['gzip', 'application/octet-stream'],
		['deflate', 'application/octet-stream'],
		['gzip', null],
		['deflate', null],
	])('a body declared %s that is not compressed (Content-Type %s): 400', async (encoding, contentType) => {
		const result = await deliver(TAOBAO_PRICE, { contentType, headers: { 'content-encoding': encoding } });
		expectRefused(result, 400);
		expect(result.body).toContain('Content-Encoding');
	});

	it('a gzip body cut short: 400', async () => {
		const truncated = gzipSync(TAOBAO_PRICE).subarray(0, 20);
		const result = await deliver(truncated, { contentType: 'application/octet-stream', headers: { 'content-encoding': 'gzip' } });
		expectRefused(result, 400);
	});

	it('a genuine gzip body is inflated and verified over its inflated bytes', async () => {
		const result = await deliver(gzipSync(TAOBAO_PRICE), {
			contentType: 'application/octet-stream',
			headers: { 'content-encoding': 'gzip' },
			authorization: signed(TAOBAO_PRICE),
		});
		expect(result.error).toBeUndefined();
		expect(result.workflowData![0][0].json).toMatchObject({ event: 'priceChanged', signatureBase: 'accessKey+body' });
	});
});

describe('forged or broken deliveries start nothing', () => {
	it.each([
		['a missing signature', { authorization: null }],
		['a signature made with another secret', { authorization: computeCallbackSignature(TAOBAO_PRICE, 'not-the-secret') }],
		['a signature over Access Key + body made with another secret', { authorization: computeCallbackSignature(TAOBAO_PRICE, 'not-the-secret', 'fake-access-key') }],
		['a signature over another Access Key + body', { authorization: computeCallbackSignature(TAOBAO_PRICE, 'fake-secret-密钥-🐼', 'other-access-key') }],
		['the Access Key used as the secret', { authorization: computeCallbackSignature(TAOBAO_PRICE, 'fake-access-key') }],
		['a signature of another body', { authorization: computeCallbackSignature(TAOBAO_PRICE.replace('2019', '2018'), 'x') }],
		['garbage', { authorization: 'Bearer abc' }],
	])('401 for %s', async (_label, overrides) => {
		const result = await deliver(TAOBAO_PRICE, overrides);
		expect(result.status).toBe(401);
		expect(result.workflowData).toBeUndefined();
		expect(result.body).not.toContain(fake.credentials.accessSecret);
	});

	it.each([
		['Access Key + body', signed],
		['body alone', signedOverBody],
	])('401 for a tampered body under the original signature over %s', async (_label, sign) => {
		const result = await deliver(TAOBAO_PRICE.replace('"quantity":2', '"quantity":3'), { authorization: sign(TAOBAO_PRICE) });
		expect(result.status).toBe(401);
		expect(result.workflowData).toBeUndefined();
	});

	it('accepts unsigned messages only when verification is off', async () => {
		const result = await deliver(TAOBAO_PRICE, { authorization: null, parameters: { verification: 'off' } });
		expect(result.status).toBe(200);
		expect(result.workflowData).toHaveLength(1);
	});

	it.each([
		// n8n's own body parser answers 422 for unparseable JSON before the node runs.
		['malformed JSON', '{"messageType":"X",', 422],
		['a JSON array', '[1,2]', 400],
		['a JSON string', '"hello"', 400],
		['an oversized body', `{"messageType":"X","pad":"${'x'.repeat(1024 * 1024)}"}`, 413],
	])('%s is rejected with a 4xx', async (_label, body, status) => {
		const result = await deliver(body);
		expect(result.status).toBe(status);
		expect(result.workflowData).toBeUndefined();
	});
});

describe('the Access Secret behind verification', () => {
	const secretA = 'secret-a';
	const secretB = 'secret-b';
	const ACCESS_KEY = 'key-1';
	/** The two calls authenticateCallback makes on n8n's webhook context, with a counted credential load. */
	function contextWith(secret: () => string | Error, credentialId: string | null = 'cred-1') {
		const loads = { count: 0 };
		const context = {
			getNode: () => ({ credentials: credentialId ? { pandaPonApi: { id: credentialId, name: 'PandaPon' } } : {} }),
			getCredentials: async () => {
				loads.count++;
				const value = secret();
				if (value instanceof Error) throw value;
				return { accessKey: ACCESS_KEY, accessSecret: value };
			},
		};
		return { context: context as unknown as Parameters<typeof authenticateCallback>[0], loads };
	}
	const body = Buffer.from(TAOBAO_PRICE);
	const signedWith = (secret: string) => computeCallbackSignature(body, secret, ACCESS_KEY);

	it('is loaded once for many genuine callbacks within the reuse window', async () => {
		const { context, loads } = contextWith(() => secretA);
		const t0 = 1_000_000;
		for (let i = 0; i < 20; i++) expect(await authenticateCallback(context, body, signedWith(secretA), t0 + i * 100)).toBe('accessKey+body');
		expect(loads.count).toBe(1);
		expect(await authenticateCallback(context, body, signedWith(secretA), t0 + SECRET_REUSE_MS)).toBe('accessKey+body');
		expect(loads.count).toBe(2);
	});

	it('is shared by callbacks that arrive together, before the first load has finished', async () => {
		const { context, loads } = contextWith(() => secretA);
		const results = await Promise.all(Array.from({ length: 10 }, () => authenticateCallback(context, body, signedWith(secretA), 5_000)));
		expect(results).toEqual(Array(10).fill('accessKey+body'));
		expect(loads.count).toBe(1);
	});

	it('is reloaded when it does not match: a new secret counts at once, the old one stops', async () => {
		let current = secretA;
		const { context, loads } = contextWith(() => current);
		expect(await authenticateCallback(context, body, signedWith(secretA), 0)).toBe('accessKey+body');
		current = secretB;
		expect(await authenticateCallback(context, body, signedWith(secretB), 1)).toBe('accessKey+body');
		expect(await authenticateCallback(context, body, signedWith(secretA), 2)).toBeUndefined();
		expect(loads.count).toBe(3);
	});

	it('confirms nothing it did not check: every forged callback is checked against a fresh load', async () => {
		const { context, loads } = contextWith(() => secretA);
		expect(await authenticateCallback(context, body, signedWith(secretA), 0)).toBe('accessKey+body');
		for (let i = 1; i <= 3; i++) expect(await authenticateCallback(context, body, signedWith('forged'), i)).toBeUndefined();
		expect(await authenticateCallback(context, body, undefined, 4)).toBeUndefined();
		expect(loads.count).toBe(5);
	});

	it('keeps secrets apart per credential, and keeps nothing without a credential ID', async () => {
		const a = contextWith(() => secretA, 'cred-a');
		const b = contextWith(() => secretB, 'cred-b');
		expect(await authenticateCallback(a.context, body, signedWith(secretA), 0)).toBe('accessKey+body');
		expect(await authenticateCallback(b.context, body, signedWith(secretA), 1)).toBeUndefined();
		expect(await authenticateCallback(b.context, body, signedWith(secretB), 2)).toBe('accessKey+body');
		const noId = contextWith(() => secretA, null);
		await authenticateCallback(noId.context, body, signedWith(secretA), 3);
		await authenticateCallback(noId.context, body, signedWith(secretA), 4);
		expect(noId.loads.count).toBe(2);
	});

	it('does not keep a failed load: the next callback tries again', async () => {
		let fail = true;
		const { context, loads } = contextWith(() => (fail ? new Error('credential not found') : secretA));
		await expect(authenticateCallback(context, body, signedWith(secretA), 0)).rejects.toThrow('credential not found');
		fail = false;
		expect(await authenticateCallback(context, body, signedWith(secretA), 1)).toBe('accessKey+body');
		expect(loads.count).toBe(2);
	});

	it('through n8n-core: one credential decryption for several deliveries', async () => {
		const decryptions = jest.spyOn(HarnessCredentialsHelper.prototype, 'getDecrypted');
		try {
			for (const refundId of ['r-1', 'r-2', 'r-3']) {
				const message = `{"messageType":"TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND","messageBody":{"refundId":"${refundId}","refundStatus":1},"messagePlatform":0,"timestamp":"1715669977082"}`;
				expect((await deliver(message)).workflowData).toHaveLength(1);
			}
			expect(decryptions).toHaveBeenCalledTimes(1);
		} finally {
			decryptions.mockRestore();
		}
	});
});

describe('node versions and Content-Type', () => {
	it('offers versions 1 and 2, with 2 for new nodes', () => {
		expect(trigger.description.version).toEqual([1, 2]);
		expect(trigger.description.defaultVersion).toBe(2);
	});

	// From typeVersion 2 on n8n leaves these bodies unread in the request stream.
	it.each([
		['no Content-Type', 2, null],
		['application/octet-stream', 2, 'application/octet-stream'],
		['text/plain', 2, 'text/plain; charset=utf-8'],
		['no Content-Type', 1, null],
		['application/json', 1, 'application/json'],
	])('a signed message with %s starts one execution (typeVersion %s)', async (_label, typeVersion, contentType) => {
		const result = await deliver(TAOBAO_PRICE, { contentType, typeVersion });
		expect(result.status).toBe(200);
		expect(result.workflowData![0][0].json).toMatchObject({
			event: 'priceChanged',
			messageBody: { salesOrderId: '1024285237573584051', subOrders: [{ purchase_order_outer_id: '2019601741959504495' }] },
		});
	});

	it('a tampered body without Content-Type is rejected with 401', async () => {
		const result = await deliver(TAOBAO_PRICE.replace('"quantity":2', '"quantity":3'), { contentType: null, authorization: signed(TAOBAO_PRICE) });
		expect(result.status).toBe(401);
		expect(result.workflowData).toBeUndefined();
	});

	it.each([
		['no Content-Type', null],
		['application/octet-stream', 'application/octet-stream'],
	])('an oversized body with %s is rejected with 413 before it is read to the end', async (_label, contentType) => {
		const result = await deliver(`{"messageType":"X","pad":"${'x'.repeat(MAX_BODY_BYTES)}"}`, { contentType });
		expect(result.status).toBe(413);
		expect(result.workflowData).toBeUndefined();
	});

	it('an empty POST without Content-Type is a Verify probe', async () => {
		const result = await deliver('', { contentType: null, authorization: null });
		expect(result.status).toBe(200);
		expect(result.workflowData).toBeUndefined();
	});
});

describe('reading a body n8n left in the stream', () => {
	const streamed = (chunks: Buffer[], headers: Record<string, string> = {}) => {
		const stream = new PassThrough();
		Object.assign(stream, { headers });
		for (const chunk of chunks) stream.write(chunk);
		stream.end();
		return stream as unknown as CallbackRequest;
	};

	it('reads every chunk of a body without Content-Length', async () => {
		const read = await readCallbackBody(streamed([Buffer.from('{"a":'), Buffer.from('1}')]), 100);
		expect(read).toEqual({ kind: 'read', bytes: Buffer.from('{"a":1}') });
	});

	it('gives up at the limit without Content-Length, and on a Content-Length over it without reading', async () => {
		expect(await readCallbackBody(streamed([Buffer.alloc(60), Buffer.alloc(60)]), 100)).toEqual({ kind: 'tooLarge' });
		const declared = streamed([Buffer.alloc(10)], { 'content-length': '101' });
		expect(await readCallbackBody(declared, 100)).toEqual({ kind: 'tooLarge' });
	});

	it('reports a body cut off by the caller', async () => {
		const stream = new PassThrough();
		Object.assign(stream, { headers: {} });
		stream.write('{"a":');
		const read = readCallbackBody(stream as unknown as CallbackRequest, 100);
		stream.destroy();
		expect(await read).toEqual({ kind: 'aborted' });
	});

	/** A request with a Content-Encoding, whose reader inflates as n8n's does (zlib errors escape it). */
	const encoded = (body: Buffer, readRawBody?: () => Promise<void>) => {
		const request = streamed([body], { 'content-encoding': 'gzip' });
		request.readRawBody =
			readRawBody ??
			(async () => {
				const chunks: Buffer[] = [];
				for await (const chunk of (request as unknown as PassThrough).pipe(createGunzip())) chunks.push(chunk as Buffer);
				request.rawBody = Buffer.concat(chunks);
			});
		return request;
	};

	it('reads a compressed body through n8n\'s reader, inflated', async () => {
		expect(await readCallbackBody(encoded(gzipSync('{"a":1}')), 100)).toEqual({ kind: 'read', bytes: Buffer.from('{"a":1}') });
	});

	it('reports what n8n\'s reader throws as the caller\'s fault: not compressed, too large, cut off', async () => {
		expect(await readCallbackBody(encoded(Buffer.from('{"a":1}')), 100)).toEqual({ kind: 'undecodable' });
		const tooLarge = Object.assign(new Error('request entity too large'), { type: 'entity.too.large' });
		expect(await readCallbackBody(encoded(Buffer.alloc(1), () => Promise.reject(tooLarge)), 100)).toEqual({ kind: 'tooLarge' });
		const aborted = Object.assign(new Error('Request body stream was aborted mid-read'), { type: 'request.aborted' });
		expect(await readCallbackBody(encoded(Buffer.alloc(1), () => Promise.reject(aborted)), 100)).toEqual({ kind: 'aborted' });
	});

	it('falls back to a parsed text body when the stream was already consumed', async () => {
		const consumed = streamed([Buffer.from('ignored')]);
		await readCallbackBody(consumed, 100);
		Object.assign(consumed, { body: '{"b":2}' });
		expect(await readCallbackBody(consumed, 100)).toEqual({ kind: 'read', bytes: Buffer.from('{"b":2}') });
	});
});

describe("PandaPon's Verify probe", () => {
	it.each([
		['an empty POST', ''],
		['a POST without messageType', '{"test":true}'],
		['a POST with an empty messageType', '{"messageType":""}'],
	])('%s answers 200 and starts nothing', async (_label, body) => {
		const result = await deliver(body, { authorization: null });
		expect(result.status).toBe(200);
		expect(result.workflowData).toBeUndefined();
	});

	it('GET on the URL answers 200 and starts nothing', async () => {
		const result = await deliver('', { webhookName: 'setup', request: { method: 'GET', headers: {}, body: undefined } });
		expect(result.status).toBe(200);
		expect(result.workflowData).toBeUndefined();
	});
});

describe('retried deliveries', () => {
	it('start one execution; a different message starts another', async () => {
		const first = await deliver(TAOBAO_PRICE);
		expect(first.workflowData).toHaveLength(1);
		const retry = await deliver(TAOBAO_PRICE.replace('"timestamp":"1715669977082"', '"timestamp":"1715671777082"'), { staticData: first.staticData });
		expect(retry.status).toBe(200);
		expect(retry.workflowData).toBeUndefined();
		const other = await deliver(ALIBABA_ORDER_AS_STRING, { staticData: retry.staticData });
		expect(other.workflowData).toHaveLength(1);
	});

	it('are recognised from static data alone, e.g. after a restart', async () => {
		const first = await deliver(TAOBAO_PRICE);
		recentDeliveries.clear();
		const retry = await deliver(TAOBAO_PRICE, { staticData: first.staticData });
		expect(retry.workflowData).toBeUndefined();
	});

	it('start a new execution once the window has passed, or always with a window of 0', async () => {
		const first = await deliver(TAOBAO_PRICE, { parameters: { options: { dedupeWindowHours: 1 } } });
		const { last } = first.staticData as unknown as DeliveryLog;
		for (const [subject, value] of Object.entries(last)) {
			const entry = decodeEntry(value)!;
			last[subject] = encodeEntry(entry.key, entry.at - 2 * 3_600_000);
		}
		recentDeliveries.clear();
		const later = await deliver(TAOBAO_PRICE, { staticData: first.staticData, parameters: { options: { dedupeWindowHours: 1 } } });
		expect(later.workflowData).toHaveLength(1);

		const off = { parameters: { options: { dedupeWindowHours: 0 } } };
		expect((await deliver(TAOBAO_PRICE, off)).workflowData).toHaveLength(1);
		expect((await deliver(TAOBAO_PRICE, off)).workflowData).toHaveLength(1);
	});

	it('all start executions in a manual test run', async () => {
		const first = await deliver(TAOBAO_PRICE, { mode: 'manual' });
		const second = await deliver(TAOBAO_PRICE, { mode: 'manual', staticData: first.staticData });
		expect(second.workflowData).toHaveLength(1);
	});
});

/** A message as PandaPon sends it; `seconds` moves the push timestamp (a retry gets a new one). */
const message = (messageType: string, messagePlatform: number, messageBody: unknown, seconds = 0) =>
	stringifyLossless({ messageType, messageBody, messagePlatform, timestamp: String(1715669977082 + seconds * 1000) });
const taobaoPrice = (salesOrderId: string, fee: number, seconds = 0) =>
	message('TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY', 0, { salesOrderId, subOrders: [{ quantity: 1 }], purchaseOrderPriceDTO: { purchaseTotalFee: fee } }, seconds);
const alibabaPrice = (idOfStr: string, totalAmount: number, seconds = 0) =>
	message('1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY', 1, { baseInfo: { id: new JsonInteger(idOfStr), idOfStr, totalAmount }, productItems: [] }, seconds);
const refundOnlyIds = (messageType: string, seconds = 0) => message(messageType, 0, { refundId: '110002685755', orderId: '1024285237573584051' }, seconds);
const statusOnlyIds = (messageType: string, seconds = 0) => message(messageType, 1, { orderId: new JsonInteger('2019601741959504495') }, seconds);

/** Delivers the bodies one after another, each against the static data the previous one saved; counts executions. */
async function executionsFor(bodies: string[], staticData: IDataObject = {}): Promise<{ executions: number; staticData: IDataObject; started: boolean[] }> {
	const started: boolean[] = [];
	for (const body of bodies) {
		const result = await deliver(body, { staticData });
		expect(result.status).toBe(200);
		started.push(result.workflowData !== undefined);
		staticData = result.staticData;
	}
	return { executions: started.filter(Boolean).length, staticData, started };
}

describe('a repeat is a retry only while no other message for the same order or refund came in between', () => {
	it.each([
		['a Taobao price 4498 → 3998 → 4498 (salesOrderId)', [taobaoPrice('1024285237573584051', 4498), taobaoPrice('1024285237573584051', 3998), taobaoPrice('1024285237573584051', 4498)]],
		['a 1688 price (the order detail, baseInfo.idOfStr)', [alibabaPrice('2019601741959504495', 10000), alibabaPrice('2019601741959504495', 9000), alibabaPrice('2019601741959504495', 10000)]],
		['refund messages that carry only IDs', [refundOnlyIds('TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND'), refundOnlyIds('TAOBAO_ORDER_BUYER_VIEW_ORDER_REFUND_AFTER_SALES'), refundOnlyIds('TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND')]],
		['status messages that carry only IDs', [statusOnlyIds('1688_ORDER_PAY'), statusOnlyIds('1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY'), statusOnlyIds('1688_ORDER_PAY')]],
	])('A → B → A starts three executions: %s', async (_label, bodies) => {
		expect((await executionsFor(bodies)).started).toEqual([true, true, true]);
	});

	it('A then its retries, with new push timestamps, start one execution', async () => {
		const id = '1024285237573584051';
		expect((await executionsFor([taobaoPrice(id, 4498), taobaoPrice(id, 4498, 1800), taobaoPrice(id, 4498, 3600)])).started).toEqual([true, false, false]);
	});

	it('a message for another order or refund in between does not make a retry new: A, B (other subject), A again = 2', async () => {
		const bodies = [
			taobaoPrice('1024285237573584051', 4498),
			taobaoPrice('1024285237573584052', 3998),
			alibabaPrice('1024285237573584051', 3998),
			refundOnlyIds('TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND'),
			taobaoPrice('1024285237573584051', 4498, 1800),
		];
		// The 1688 order and the refund carry the same digits, but they are another platform's order and a refund.
		expect((await executionsFor(bodies)).started).toEqual([true, true, true, true, false]);
	});

	it('A, B, then a retry of B: the retry starts nothing', async () => {
		const id = '2019601741959504495';
		expect((await executionsFor([alibabaPrice(id, 1), alibabaPrice(id, 2), alibabaPrice(id, 2, 1800)])).started).toEqual([true, true, false]);
	});

	it('a message without an order or refund ID is its own subject, as before: a repeat within the window is a retry', async () => {
		const noId = (n: number, seconds = 0) => message('ORDER_CREATE', 1, { orderNo: 'PO202605200001', payStatus: n }, seconds);
		expect((await executionsFor([noId(1), noId(2), noId(1, 1800)])).started).toEqual([true, true, false]);
	});

	it('after a restart (empty register), the order\'s last message is known from static data alone', async () => {
		const id = '1024285237573584051';
		const first = await executionsFor([taobaoPrice(id, 4498), taobaoPrice(id, 3998)]);
		recentDeliveries.clear();
		expect((await executionsFor([taobaoPrice(id, 3998, 1800), taobaoPrice(id, 4498, 1800)], first.staticData)).started).toEqual([false, true]);
	});

	it('reads the dedupe log of earlier versions (every message\'s key → time): retries are still recognised, then the old log is gone', async () => {
		const retried = taobaoPrice('1024285237573584051', 4498);
		const classified = classifyCallback(retried, new Date());
		if (classified.kind !== 'message') throw new Error('not a message');
		const now = Date.now();
		const stored = { seen: { [deliveryKey(classified.callback)]: now - 60_000, ['0'.repeat(32)]: now - 7 * 3_600_000 } };
		const result = await executionsFor([taobaoPrice('1024285237573584051', 4498, 1800), taobaoPrice('1024285237573584051', 3998)], stored);
		expect(result.started).toEqual([false, true]);
		expect(result.staticData.seen).toBeUndefined();
		// The expired entry is not carried over: the migrated retry's entry and the new message's.
		expect(Object.keys((result.staticData as unknown as DeliveryLog).last)).toHaveLength(2);
	});

	it('stores about 30 bytes per order or refund', async () => {
		const { staticData } = await executionsFor([taobaoPrice('1024285237573584051', 4498), alibabaPrice('2019601741959504495', 1)]);
		expect(JSON.stringify((staticData as unknown as DeliveryLog).last).length).toBeLessThanOrEqual(2 + 2 * 30);
	});
});

describe('a full delivery log is never silent', () => {
	const WINDOW = 1e9;
	const delivery = (n: number) => deliveryOf({ messageType: 'ORDER_PAY', messagePlatform: 1, platform: '1688', event: 'statusChanged', messageBody: { orderId: String(n) } });

	it('reports the entries still inside the window that the cap dropped, and remembers when', () => {
		const log: Partial<DeliveryLog> = {};
		let dropped = 0;
		for (let n = 0; n < 120; n++) {
			const outcome = acceptDelivery(log, 'wf:full', delivery(n), 1_000 + n, WINDOW, 100);
			expect(outcome.duplicate).toBe(false);
			dropped += outcome.droppedInWindow;
		}
		// Pruned once per 2 additions at a cap of 100: 20 over the cap, all still inside the window.
		expect(dropped).toBe(20);
		expect(log.fullAt).toBe(1_119);
		expect(acceptDelivery(log, 'wf:full', delivery(119), 1_200, WINDOW, 100)).toEqual({ duplicate: true, droppedInWindow: 0, incomplete: true });
		// A retry of a dropped one runs again: exactly what the warning says.
		expect(acceptDelivery(log, 'wf:full', delivery(0), 1_201, WINDOW, 100).duplicate).toBe(false);
		expect(acceptDelivery(log, 'wf:full', delivery(500), 1_119 + WINDOW, WINDOW, 100).incomplete).toBe(false);
	});

	it('puts a warning on every item for a window after the cap dropped an entry inside it', async () => {
		const full = await deliver(taobaoPrice('1024285237573584051', 1), { staticData: { last: {}, fullAt: Date.now() - 60_000 } });
		expect(full.workflowData![0][0].json.deduplicationWarning).toMatch(/More than 20,000 orders and refunds .* 6-hour deduplication window.* second execution/);
		const earlier = await deliver(taobaoPrice('1024285237573584051', 2), { staticData: { last: {}, fullAt: Date.now() - 7 * 3_600_000 } });
		expect(earlier.workflowData![0][0].json).not.toHaveProperty('deduplicationWarning');
	});
});

describe('filters', () => {
	it('ignore other platforms and events with 200 and no execution', async () => {
		const only1688 = await deliver(TAOBAO_PRICE, { parameters: { platform: '1688' } });
		expect(only1688.status).toBe(200);
		expect(only1688.workflowData).toBeUndefined();
		const onlyRefunds = await deliver(ALIBABA_ORDER_AS_STRING, { parameters: { events: ['refund'] } });
		expect(onlyRefunds.workflowData).toBeUndefined();
	});

	it('use an exact messageType list instead of events when set', async () => {
		const parameters = { events: [], options: { messageTypes: 'X_OTHER, 1688_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY' } };
		expect((await deliver(ALIBABA_ORDER_AS_STRING, { parameters })).workflowData).toHaveLength(1);
		expect((await deliver(TAOBAO_PRICE, { parameters })).workflowData).toBeUndefined();
	});
});

describe('Include Current State', () => {
	it('adds the refund as PandaPon sees it now', async () => {
		const refund = fake.state.taobaoRefunds[0];
		const body = JSON.stringify({ messageType: 'TAOBAO_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND', messageBody: { refundId: refund.refundId }, messagePlatform: 0, timestamp: '1' });
		const result = await deliver(body, { parameters: { options: { includeCurrentState: true } } });
		const item = result.workflowData![0][0].json as IDataObject;
		expect(result.status).toBe(200);
		expect(item.event).toBe('refund');
		expect(JSON.stringify(item.currentState)).toContain(refund.refundId);
		expect(fake.accepted('/open/order/refund/query')[0].query).toEqual({ refundId: refund.refundId });
	});

	it('fetches a 1688 order by its exact ID and reports a failed lookup on the item', async () => {
		const known = await deliver(ALIBABA_ORDER_AS_STRING, { parameters: { options: { includeCurrentState: true } } });
		expect(fake.accepted('/alibaba/order/detail')[0].rawBody).toContain('"orderId":"2019601741959504495"');
		expect((known.workflowData![0][0].json as IDataObject).currentState).toBeTruthy();

		const unknown = await deliver(ALIBABA_ORDER_AS_STRING.replace('2019601741959504495', '1111111111111111111'), {
			parameters: { options: { includeCurrentState: true } },
		});
		const item = unknown.workflowData![0][0].json as IDataObject;
		expect(item.currentState).toBeNull();
		expect(String(item.currentStateError)).toContain('order does not exist');
	});
});

describe('Include Current State finds the ID where the documented messages carry it', () => {
	const requestFor = (messageType: string, messagePlatform: number, messageBody: unknown) => {
		const classified = classifyCallback(stringifyLossless({ messageType, messageBody, messagePlatform, timestamp: '1' }), new Date(0));
		if (classified.kind !== 'message') throw new Error(`not a message: ${classified.kind}`);
		return detailRequestFor(classified.callback);
	};
	const BIG = '2019601741959504495';

	it('a 1688 price message, whose body is the order detail: baseInfo.idOfStr, else baseInfo.id, every digit', () => {
		const PRICE_1688 = '1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY';
		const expected = { key: 'alibabaOrder.get', parameters: { orderId: BIG } };
		expect(requestFor(PRICE_1688, 1, { baseInfo: { id: new JsonInteger(BIG), idOfStr: BIG, status: 'waitbuyerpay' }, productItems: [] })).toEqual(expected);
		expect(requestFor(PRICE_1688, 1, { baseInfo: { id: new JsonInteger(BIG) } })).toEqual(expected);
		expect(requestFor(PRICE_1688, 1, { baseInfo: { idOfStr: BIG } })).toEqual(expected);
	});

	it('a Taobao price message: salesOrderId, else the first line\'s purchase_order_outer_id', () => {
		const PRICE_TAOBAO = 'TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY';
		expect(requestFor(PRICE_TAOBAO, 0, { salesOrderId: '1024285237573584051', subOrders: [{ purchase_order_outer_id: new JsonInteger(BIG) }] })).toEqual({
			key: 'taobaoOrder.get',
			parameters: { orderId: '1024285237573584051' },
		});
		expect(requestFor(PRICE_TAOBAO, 0, { subOrders: [{ purchase_order_outer_id: new JsonInteger(BIG), quantity: 2 }] })).toEqual({
			key: 'taobaoOrder.get',
			parameters: { orderId: BIG },
		});
	});

	it('a 1688 in-sale refund message (orderId, no refundId) looks up the order', () => {
		const body = { orderId: new JsonInteger(BIG), currentStatus: 'waitselleragree', refundAction: 'BUYER_APPLY_REFUND' };
		expect(requestFor('1688_ORDER_BUYER_VIEW_ORDER_BUYER_REFUND_IN_SALES', 1, body)).toEqual({ key: 'alibabaOrder.get', parameters: { orderId: BIG } });
	});

	it('says so when no ID is where one is expected', () => {
		expect(requestFor('1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY', 1, { baseInfo: { id: null, idOfStr: '' }, subOrders: [] })).toEqual({
			reason: 'the message carries no order or refund ID',
		});
		expect(requestFor('1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY', 1, { baseInfo: { id: { nested: 1 } } })).toHaveProperty('reason');
	});

	it('end to end: a 1688 price message in the fake\'s order-detail shape gets that order as currentState', async () => {
		const order = fake.state.alibabaOrders[0];
		const body = stringifyLossless({
			messageType: '1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
			messageBody: alibabaOrderDetail(order),
			messagePlatform: 1,
			timestamp: '1715669977082',
		});
		const result = await deliver(body, { parameters: { options: { includeCurrentState: true } } });
		const item = result.workflowData![0][0].json as IDataObject;
		expect(item.currentStateError).toBeUndefined();
		expect(fake.accepted('/alibaba/order/detail')[0].rawBody).toContain(`"orderId":"${order.orderId}"`);
		expect((item.currentState as { baseInfo: IDataObject }).baseInfo.idOfStr).toBe(order.orderId);
	});
});

describe('classification', () => {
	it.each([
		['TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY', 'priceChanged'],
		['1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY', 'priceChanged'],
		['ORDER_BUYER_VIEW_ORDER_BUYER_REFUND', 'refund'],
		['1688_ORDER_BUYER_VIEW_ORDER_REFUND_AFTER_SALES', 'refund'],
		['TAOBAO_ORDER_BUYER_VIEW_ORDER_STATUS_MODIFY', 'statusChanged'],
		['1688_ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS', 'statusChanged'],
		['ORDER_CREATE', 'statusChanged'],
		['ORDER_PAY_SUCCESS', 'statusChanged'],
		['SOMETHING_NEW', 'other'],
		['TAOBAO_ORDER_BUYER_VIEW_ORDER_MESSAGE', 'other'],
	])('%s → %s', (messageType, event) => {
		expect(classifyEvent(messageType)).toBe(event);
	});

	// 1688's buyer-view topics (REFERENCE section 8), as 1688 names them and with PandaPon's prefix.
	const STATUS_TOPICS = [
		'ORDER_BUYER_VIEW_BUYER_MAKE',
		'ORDER_BUYER_VIEW_ORDER_PAY',
		'ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS',
		'ORDER_BUYER_VIEW_PART_PART_SENDGOODS',
		'ORDER_BUYER_VIEW_ORDER_COMFIRM_RECEIVEGOODS',
		'ORDER_BUYER_VIEW_ORDER_SUCCESS',
		'ORDER_BUYER_VIEW_ORDER_BUYER_CLOSE',
		'ORDER_BUYER_VIEW_ORDER_SELLER_CLOSE',
		'ORDER_BUYER_VIEW_ORDER_BOPS_CLOSE',
		'ORDER_BUYER_VIEW_ORDER_STEP_PAY',
		'ORDER_BATCH_PAY',
	];
	const REFUND_TOPICS = ['ORDER_BUYER_VIEW_ORDER_BUYER_REFUND_IN_SALES', 'ORDER_BUYER_VIEW_ORDER_REFUND_AFTER_SALES'];
	const prefixed = (topics: string[]) => topics.flatMap((topic) => [topic, `1688_${topic}`]);

	it.each(prefixed(STATUS_TOPICS))('%s is a status change', (messageType) => {
		expect(classifyEvent(messageType)).toBe('statusChanged');
	});

	it.each(prefixed(REFUND_TOPICS))('%s is a refund', (messageType) => {
		expect(classifyEvent(messageType)).toBe('refund');
	});

	it('every 1688 buyer-view topic starts an execution with the default Events filter', async () => {
		const started: string[] = [];
		for (const topic of prefixed([...STATUS_TOPICS, ...REFUND_TOPICS])) {
			const body = JSON.stringify({ messageType: topic, messageBody: { orderId: '2019601741959504495', currentStatus: 'x' }, messagePlatform: 1, timestamp: '1' });
			const result = await deliver(body);
			if (result.workflowData !== undefined) started.push(topic);
		}
		expect(started).toEqual(prefixed([...STATUS_TOPICS, ...REFUND_TOPICS]));
	});

	it('takes the platform from messagePlatform, else from the prefix', () => {
		expect(platformOf(0, '1688_X')).toBe('taobao');
		expect(platformOf('1', 'TAOBAO_X')).toBe('1688');
		expect(platformOf(undefined, 'TAOBAO_X')).toBe('taobao');
		expect(platformOf(undefined, '1688_X')).toBe('1688');
		expect(platformOf(undefined, 'ORDER_CREATE')).toBe('unknown');
	});

	it('keeps a messageBody string that is not JSON as it is', () => {
		const classified = classifyCallback('{"messageType":"ORDER_CREATE","messageBody":"plain text"}', new Date(0));
		expect(classified).toMatchObject({ kind: 'message', callback: { messageBody: 'plain text', timestamp: null } });
	});
});

describe('the delivery log', () => {
	it('ignores the push timestamp and keys on content', () => {
		const base = { messageType: 'A', messagePlatform: 0, messageBody: { orderId: '1' } };
		expect(deliveryKey(base)).toBe(deliveryKey({ ...base }));
		expect(deliveryKey(base)).not.toBe(deliveryKey({ ...base, messageBody: { orderId: '2' } }));
		expect(deliveryKey(base)).not.toBe(deliveryKey({ ...base, messagePlatform: 1 }));
	});

	const at = (ms: number) => encodeEntry('kkkkkkkk', ms);

	it('stays within its cap, dropping the oldest first, pruning once per interval', () => {
		const log: DeliveryLog = { last: {} };
		const interval = pruneInterval(1_000);
		expect(interval).toBe(20);
		for (let i = 0; i < 1_200; i++) {
			recordDelivery(log, `s${i}`, 'kkkkkkkk', 1000 + i, 1e9, 1_000);
			expect(Object.keys(log.last).length).toBeLessThan(1_000 + interval);
		}
		// 1,200 additions = 60 intervals: the last one just pruned.
		expect(Object.keys(log.last)).toHaveLength(1_000);
		expect(log.last.s199).toBeUndefined();
		expect(log.last.s200).toBe(at(1200));
		expect(pruneInterval(MAX_REMEMBERED_SUBJECTS)).toBe(100);
	});

	it('drops expired entries from the front and keeps insertion order', () => {
		const log: DeliveryLog = { last: { old1: at(100), old2: at(200), fresh: at(900) } };
		expect(recordDelivery(log, 'new', 'kkkkkkkk', 1_000, 500, 50)).toBe(0);
		expect(Object.keys(log.last)).toEqual(['fresh', 'new']);
		expect(log.fullAt).toBeUndefined();
	});

	it('treats an expired entry behind a live one as absent and moves a subject accepted again to the end', () => {
		const log: DeliveryLog = { last: { live: at(900), late: at(100) } };
		recordDelivery(log, 'late', 'kkkkkkkk', 1_000, 500);
		expect(Object.keys(log.last)).toEqual(['live', 'late']);
		prune(log, 1_400, 500);
		expect(log.last).toEqual({ late: at(1_000) });
	});

	it('leaves the log untouched for a repeat', () => {
		const delivery = deliveryOf({ messageType: 'ORDER_PAY', messagePlatform: 1, platform: '1688', event: 'statusChanged', messageBody: { orderId: '7' } });
		// Frozen: any write would throw.
		const log = Object.freeze({ last: Object.freeze({ [delivery.subject]: encodeEntry(delivery.key, 900), b: at(100) }) });
		expect(acceptDelivery(log, 'wf:frozen', delivery, 1_000, 500).duplicate).toBe(true);
	});

	it('tells n8n to save static data for a new delivery only, not for a repeat', async () => {
		const first = await deliver(TAOBAO_PRICE);
		expect(first.staticDataChanged).toBe(true);
		const retry = await deliver(TAOBAO_PRICE, { staticData: first.staticData });
		expect(retry.workflowData).toBeUndefined();
		expect(retry.staticDataChanged).toBe(false);
	});
});
