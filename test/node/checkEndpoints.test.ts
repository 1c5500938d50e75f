import { CHECK_ENDPOINTS, ACCOUNT } from '../../nodes/PandaPon/accountResource';
import { checkedEndpoints, runEndpointCheck, toMarkdown, type CheckRow, type Send } from '../../nodes/PandaPon/checkEndpoints';
import { PandaPon } from '../../nodes/PandaPon/PandaPon.node';
import { RESOURCES } from '../../nodes/PandaPon/endpoints';
import type { Endpoint } from '../../nodes/PandaPon/endpoints/types';
import { credentialsFromEnv, fetchSender, main } from '../../scripts/check-endpoints';
import { BusinessError, FakePandaPon, type FakePandaPonOptions } from '../fake-pandapon';
import { executeNode } from '../harness';

const allEndpoints = RESOURCES.flatMap((resource) => resource.endpoints);
const reads = allEndpoints.filter((endpoint) => !endpoint.changesData);
const byKey = (key: string) => allEndpoints.find((endpoint) => endpoint.key === key)!;
const rowOf = (rows: CheckRow[], endpoint: Endpoint) => rows.find((row) => row.key === endpoint.key)!;

/** Marker values a record might hold (names, phones): they must never reach the output. */
const PERSONAL = { receiverName: 'Zhang-Marker-Wei', mobile: '13800138000-marker', street: 'Marker Road 88' };

const fakes: FakePandaPon[] = [];
async function startFake(options: FakePandaPonOptions = {}): Promise<FakePandaPon> {
	const fake = await FakePandaPon.start(options);
	fakes.push(fake);
	return fake;
}
afterAll(async () => Promise.all(fakes.map((fake) => fake.close())));

function scriptSender(fake: FakePandaPon, overrides: { accessSecret?: string; timestampUnit?: 'milliseconds' | 'seconds' } = {}): Send {
	return fetchSender({ ...fake.credentials, baseUrl: fake.url, timestampUnit: 'milliseconds', ...overrides });
}

describe('which endpoints the check calls', () => {
	it('is every read endpoint of the tables and nothing that changes data', () => {
		const checked = checkedEndpoints().map(({ endpoint }) => endpoint);
		expect(checked.filter((endpoint) => endpoint.changesData)).toEqual([]);
		expect(checked.map((endpoint) => endpoint.key).sort()).toEqual(reads.map((endpoint) => endpoint.key).sort());
	});

	it('sends to read paths only, one request at a time, against the whole fake', async () => {
		const fake = await startFake();
		const send = scriptSender(fake);
		let inFlight = 0;
		let mostInFlight = 0;
		const counting: Send = async (request) => {
			mostInFlight = Math.max(mostInFlight, ++inFlight);
			try {
				return await send(request);
			} finally {
				inFlight--;
			}
		};
		const { rows } = await runEndpointCheck(counting);
		expect(mostInFlight).toBe(1);
		expect(fake.requests).toHaveLength(reads.length);
		const changing = new Set(allEndpoints.filter((endpoint) => endpoint.changesData).map((endpoint) => `${endpoint.method} ${endpoint.path}`));
		expect(fake.requests.filter((request) => changing.has(`${request.method} ${request.path}`))).toEqual([]);
		expect(rows.filter((row) => row.verdict !== 'exists').map((row) => `${row.key}: ${row.verdict} ${row.code ?? ''} ${row.message ?? ''}`)).toEqual([]);
	});
});

describe('verdicts against a fake that differs from our guesses', () => {
	it('reports removed paths as not found, and summarises inferred paths as confirmed or refuted', async () => {
		const removed = [byKey('taobaoCart.list'), byKey('alibabaGoods.getCategory')];
		const fake = await startFake({ withoutRoutes: removed.map(({ method, path }) => ({ method, path })) });
		const { rows, summary } = await runEndpointCheck(scriptSender(fake));
		for (const endpoint of removed) expect(rowOf(rows, endpoint)).toMatchObject({ verdict: 'path not found', guess: false, code: 'HTTP 404' });
		expect(summary.counts['path not found']).toBe(removed.length);
		expect(summary.refuted).toEqual(removed.map((endpoint) => expect.stringContaining(`${endpoint.method} ${endpoint.path} `)));
		const inferredThatExist = reads.filter((endpoint) => endpoint.confidence === 'inferred' && !removed.includes(endpoint));
		expect(summary.confirmed).toEqual(expect.arrayContaining(inferredThatExist.map((endpoint) => expect.stringContaining(`${endpoint.method} ${endpoint.path} `))));
		expect(summary.confirmed.some((line) => line.includes('documented-v1'))).toBe(false);
	});

	it('tells a business not-found for the dummy ID, other business errors and HTTP errors apart', async () => {
		const fake = await startFake();
		const detail = reads.find((endpoint) => endpoint.fields.some((field) => field.required && field.kind === 'id'))!;
		const other = reads.find((endpoint) => endpoint.list && endpoint !== detail)!;
		const broken = reads.find((endpoint) => !endpoint.list && endpoint !== detail && endpoint.fields.every((field) => !field.required))!;
		fake.on(detail.method, detail.path, () => {
			throw new BusinessError(4004, 'order does not exist: 1');
		});
		fake.on(other.method, other.path, () => {
			throw new BusinessError(5001, 'system busy | try later');
		});
		fake.injectFault({ type: 'status', status: 500, body: 'oops' }, { path: broken.path });
		const report = await runEndpointCheck(scriptSender(fake));
		expect(rowOf(report.rows, detail)).toMatchObject({ verdict: 'exists', guess: true, code: '4004', message: 'order does not exist: 1' });
		expect(rowOf(report.rows, other)).toMatchObject({ verdict: 'other error', guess: true, code: '5001', message: 'system busy | try later' });
		expect(rowOf(report.rows, broken)).toMatchObject({ verdict: 'other error', guess: false, code: 'HTTP 500' });
		expect(toMarkdown(report)).toContain('other error (guess) (5001: system busy \\| try later)');
	});

	it('reports list shapes by keys and count, and says when the node would find no records', async () => {
		const fake = await startFake();
		const [underData, bareArray, unknownKey, ambiguous] = reads.filter((endpoint) => endpoint.list);
		fake.on(underData.method, underData.path, () => ({ totalRecords: 2, currentPage: 1, data: [PERSONAL, PERSONAL] }));
		fake.on(bareArray.method, bareArray.path, () => [PERSONAL]);
		fake.on(unknownKey.method, unknownKey.path, () => ({ pageInfo: { n: 1 }, goodsVOs: [PERSONAL] }));
		fake.on(ambiguous.method, ambiguous.path, () => ({ goodsVOs: [PERSONAL], shopVOs: [PERSONAL] }));
		const { rows } = await runEndpointCheck(scriptSender(fake));
		expect(rowOf(rows, underData)).toMatchObject({ verdict: 'exists', dataKeys: ['totalRecords', 'currentPage', 'data'], recordCount: 2, recordKeys: Object.keys(PERSONAL) });
		expect(rowOf(rows, bareArray)).toMatchObject({ verdict: 'exists', recordCount: 1 });
		expect(rowOf(rows, bareArray).dataKeys).toBeUndefined();
		// One array under an unknown key: the node finds it by shape. Two: it cannot tell which holds the records.
		expect(rowOf(rows, unknownKey)).toMatchObject({ dataKeys: ['pageInfo', 'goodsVOs'], recordCount: 1, note: 'accepted' });
		expect(rowOf(rows, ambiguous)).toMatchObject({ dataKeys: ['goodsVOs', 'shopVOs'], recordCount: 0, note: 'accepted, but the node cannot find the records in this shape' });
	});

	it('shows a map keyed by IDs without the IDs', async () => {
		const fake = await startFake();
		const detail = reads.find((endpoint) => !endpoint.list)!;
		fake.on(detail.method, detail.path, () => ({ '7351234567890123456': PERSONAL, '7351234567890123457': PERSONAL, currency: 'CNY' }));
		const { rows } = await runEndpointCheck(scriptSender(fake));
		expect(rowOf(rows, detail).dataKeys).toEqual(['<id>', 'currency']);
	});

	it('reports a wrong secret as a signature rejection and a wrong unit as a timestamp rejection, marked as guesses', async () => {
		const fake = await startFake({ timestampUnit: 'seconds' });
		const wrongSecret = await runEndpointCheck(scriptSender(fake, { accessSecret: 'wrong', timestampUnit: 'seconds' }));
		expect(new Set(wrongSecret.rows.map((row) => `${row.verdict} ${row.guess}`))).toEqual(new Set(['signature rejected true']));
		expect(wrongSecret.summary.advice).toContain('rejected the credential on every request');
		const wrongUnit = await runEndpointCheck(scriptSender(fake));
		expect(new Set(wrongUnit.rows.map((row) => row.verdict))).toEqual(new Set(['timestamp rejected']));
		expect(wrongUnit.summary.confirmed).toEqual([]);
	});
});

describe('what the check never shows', () => {
	it('keeps the secret, signatures, the credential echoed by PandaPon and record values out of the script output', async () => {
		const fake = await startFake();
		const [list] = reads.filter((endpoint) => endpoint.list);
		const detail = reads.find((endpoint) => !endpoint.list)!;
		fake.on(list.method, list.path, () => ({ data: [PERSONAL] }));
		fake.on(detail.method, detail.path, () => {
			throw new BusinessError(4010, `user ${fake.credentials.userId} with key ${fake.credentials.accessKey} (${fake.credentials.accessSecret}) is not allowed`);
		});
		let output = '';
		const env = {
			PANDAPON_ACCESS_KEY: fake.credentials.accessKey,
			PANDAPON_ACCESS_SECRET: fake.credentials.accessSecret,
			PANDAPON_USER_ID: fake.credentials.userId,
			PANDAPON_BASE_URL: fake.url,
		};
		expect(await main(env, (text) => (output += text))).toBe(0);
		expect(output).toContain(`| ${list.method} ${list.path} |`);
		expect(output).toContain('receiverName, mobile, street');
		const signatures = fake.requests.map((request) => request.headers.signature);
		const forbidden = [fake.credentials.accessSecret, fake.credentials.accessKey, fake.credentials.userId, ...signatures, ...Object.values(PERSONAL)];
		for (const value of forbidden) expect(output).not.toContain(value);
	});

	it('explains which variables are missing, and sends nothing', async () => {
		let output = '';
		expect(await main({ PANDAPON_ACCESS_KEY: 'k' }, (text) => (output += text))).toBe(2);
		expect(output).toContain('PANDAPON_ACCESS_SECRET, PANDAPON_USER_ID');
		expect(() => credentialsFromEnv({ PANDAPON_ACCESS_KEY: 'k', PANDAPON_ACCESS_SECRET: 's', PANDAPON_USER_ID: 'u', PANDAPON_TIMESTAMP_UNIT: 'minutes' })).toThrow(/milliseconds" or "seconds/);
	});
});

describe('Account › Check Endpoints in the node', () => {
	const node = new PandaPon();
	const parameters = { resource: ACCOUNT, operation: CHECK_ENDPOINTS };

	it('outputs one item per read endpoint and a summary, through the shared transport, without record values or the secret', async () => {
		const fake = await startFake();
		const [list] = reads.filter((endpoint) => endpoint.list);
		fake.on(list.method, list.path, () => ({ data: [PERSONAL] }));
		const [items] = await executeNode(node, { parameters, credentials: { ...fake.credentials, baseUrl: fake.url } });
		expect(items).toHaveLength(reads.length + 1);
		expect(items.map((item) => item.pairedItem)).toEqual(items.map(() => ({ item: 0 })));
		expect(items.slice(0, -1).map((item) => item.json.verdict)).toEqual(reads.map(() => 'exists'));
		expect(items.at(-1)!.json).toMatchObject({ summary: 'endpoint check', checked: reads.length });
		expect(fake.accepted()).toHaveLength(reads.length);
		const text = JSON.stringify(items);
		for (const value of [fake.credentials.accessSecret, ...Object.values(PERSONAL), ...fake.requests.map((request) => request.headers.signature)]) {
			expect(text).not.toContain(value);
		}
	});

	it('reports an unreachable PandaPon per endpoint instead of failing', async () => {
		const [items] = await executeNode(node, { parameters, credentials: { accessKey: 'unreachable-key', accessSecret: 'unreachable-secret', userId: '2100007341207', baseUrl: 'http://127.0.0.1:9' } });
		expect(items).toHaveLength(reads.length + 1);
		expect(new Set(items.slice(0, -1).map((item) => `${String(item.json.verdict)}: ${String(item.json.message)}`))).toEqual(new Set(['other error: the connection was refused']));
	});

	it('refuses a second input item before sending anything', async () => {
		const fake = await startFake();
		const run = executeNode(node, { parameters, credentials: { ...fake.credentials, baseUrl: fake.url }, items: [{ json: {} }, { json: {} }] });
		await expect(run).rejects.toThrow(/runs once per execution/);
		expect(fake.requests).toHaveLength(0);
	});
});
