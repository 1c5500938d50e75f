/**
 * Self-test of the harness with throwaway node types and a tiny local server: proves that
 * each n8n-core context it builds really runs and really reaches the network signed.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialTestFunctions,
	type ICredentialType,
	type ICredentialsDecrypted,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type ILoadOptionsFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { computeSignature } from '../../nodes/shared/signing';
import {
	binaryItem,
	executeNode,
	loadOptions,
	poll,
	registerCredentialType,
	runWebhookMethod,
	runWithExecuteContext,
	testCredential,
	webhook,
	type HarnessCredentials,
} from './index';

interface Seen {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
}

let server: Server;
let seen: Seen[] = [];
let answer: { status: number; body: string } = { status: 200, body: '{"code":200,"data":{"ok":true}}' };
let credentials: HarnessCredentials;

beforeAll(async () => {
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
			res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	credentials = {
		accessKey: 'harness-key',
		accessSecret: 'harness-secret',
		userId: '2100007341207',
		baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
	};
});

afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
	seen = [];
	answer = { status: 200, body: '{"code":200,"data":{"ok":true}}' };
});

function expectSigned(request: Seen | undefined): void {
	expect(request).toBeDefined();
	const headers = request!.headers;
	expect(headers['access-key']).toBe('harness-key');
	expect(headers['user-id']).toBe('2100007341207');
	const expected = computeSignature(
		'harness-key',
		String(headers.timestamp),
		String(headers['nonce-str']),
		'harness-secret',
	);
	expect(headers.signature).toBe(expected);
}

function description(overrides: Partial<INodeTypeDescription>): INodeTypeDescription {
	return {
		displayName: 'Harness Test',
		name: 'harnessTest',
		group: ['transform'],
		version: [1, 2],
		description: 'Node used by the harness self-test',
		defaults: { name: 'Harness Test' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pandaPonApi', required: true }],
		properties: [{ displayName: 'Path', name: 'path', type: 'string', default: '/default/path' }],
		...overrides,
	};
}

const actionNode: INodeType = {
	description: description({}),
	methods: {
		loadOptions: {
			async getThings(this: ILoadOptionsFunctions) {
				const body = await this.helpers.httpRequestWithAuthentication.call(this, 'pandaPonApi', {
					method: 'GET',
					url: String(this.getCurrentNodeParameter('path')),
				});
				return [{ name: JSON.stringify(body), value: 'x' }];
			},
		},
	},
	async execute(this: IExecuteFunctions) {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				if (items[i].json.fail) throw new NodeOperationError(this.getNode(), 'asked to fail', { itemIndex: i });
				const picture = items[i].binary?.picture ? await this.helpers.getBinaryDataBuffer(i, 'picture') : undefined;
				const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'pandaPonApi', {
					method: 'POST',
					url: this.getNodeParameter('path', i) as string,
					body: { picture: picture?.toString('base64') ?? null },
				})) as IDataObject;
				out.push({ json: { response, version: this.getNode().typeVersion }, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [out];
	},
};

describe('executeNode', () => {
	it('runs the node in a real workflow, with defaults, signed requests and binary input', async () => {
		const output = await executeNode(actionNode, {
			parameters: {},
			credentials,
			items: [await binaryItem({ picture: { data: Buffer.from('PNG!'), fileName: 'p.png' } })],
		});
		expect(output[0]).toEqual([
			{ json: { response: { code: 200, data: { ok: true } }, version: 2 }, pairedItem: { item: 0 } },
		]);
		expect(seen).toHaveLength(1);
		expect(seen[0].url).toBe('/default/path');
		expect(JSON.parse(seen[0].body)).toEqual({ picture: Buffer.from('PNG!').toString('base64') });
		expectSigned(seen[0]);
	});

	it('rethrows the original error class when the node fails', async () => {
		answer = { status: 500, body: '{"code":500}' };
		const run = executeNode(actionNode, { parameters: {}, credentials });
		await expect(run).rejects.toBeInstanceOf(NodeApiError);
	});

	it('puts errors into the output when the node is set to continue on fail', async () => {
		const output = await executeNode(actionNode, {
			parameters: {},
			credentials,
			continueOnFail: true,
			items: [{ json: { fail: true } }, { json: {} }],
		});
		expect(output[0].map((item) => item.json.error ?? 'ok')).toEqual(['asked to fail', 'ok']);
	});
});

describe('runWithExecuteContext', () => {
	it('gives a real ExecuteContext whose requests are signed', async () => {
		const body = await runWithExecuteContext({ credentials }, async (context) =>
			context.helpers.httpRequestWithAuthentication.call(context, 'pandaPonApi', { method: 'GET', url: '/x' }),
		);
		expect(body).toEqual({ code: 200, data: { ok: true } });
		expectSigned(seen[0]);
	});
});

describe('loadOptions', () => {
	it('runs a loadOptions method in n8n-core LoadOptionsContext', async () => {
		const options = await loadOptions(actionNode, 'getThings', { parameters: { path: '/things' }, credentials });
		expect(options).toEqual([{ name: '{"code":200,"data":{"ok":true}}', value: 'x' }]);
		expect(seen[0].url).toBe('/things');
		expectSigned(seen[0]);
	});
});

const pollNode: INodeType = {
	description: description({ name: 'harnessPoll', version: 1, inputs: [], polling: true }),
	async poll(this: IPollFunctions) {
		const state = this.getWorkflowStaticData('node');
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'pandaPonApi', {
			method: 'GET',
			url: '/poll',
		})) as IDataObject;
		const previous = Number(state.count ?? 0);
		state.count = previous + 1;
		return previous === 0 ? [[{ json: response }]] : null;
	},
};

describe('poll', () => {
	it('runs poll() through PollTriggerExecutor and returns emitted items and static data', async () => {
		const first = await poll(pollNode, { parameters: {}, credentials });
		expect(first.items).toEqual([[{ json: { code: 200, data: { ok: true } } }]]);
		expect(first.staticData).toEqual({ count: 1 });
		expect(first.staticDataChanged).toBe(true);
		const second = await poll(pollNode, { parameters: {}, credentials, staticData: first.staticData });
		expect(second.items).toBeNull();
		expect(second.staticData).toEqual({ count: 2 });
		expectSigned(seen[1]);
	});

	it('reports poll errors in trigger mode and throws them in manual mode', async () => {
		const broken = { ...credentials, baseUrl: 'http://127.0.0.1:9' };
		const result = await poll(pollNode, { parameters: {}, credentials: broken });
		expect(result.items).toBeNull();
		expect(result.error).toBeInstanceOf(Error);
		await expect(poll(pollNode, { parameters: {}, credentials: broken, mode: 'manual' })).rejects.toThrow();
	});
});

const triggerNode: INodeType = {
	description: description({
		name: 'harnessTrigger',
		version: 1,
		inputs: [],
		webhooks: [{ name: 'default', httpMethod: 'POST', path: 'webhook', responseMode: 'onReceived' }],
	}),
	webhookMethods: {
		default: {
			async checkExists(this: IHookFunctions) {
				return this.getNodeWebhookUrl('default')?.endsWith('/webhook') === true;
			},
			async create() {
				return true;
			},
			async delete() {
				return true;
			},
		},
	},
	async webhook(this: IWebhookFunctions) {
		const req = this.getRequestObject();
		if (req.headers.authorization !== 'let-me-in') {
			this.getResponseObject().status(401).end();
			return { noWebhookResponse: true };
		}
		const seenCount = Number(this.getWorkflowStaticData('node').seen ?? 0) + 1;
		this.getWorkflowStaticData('node').seen = seenCount;
		const raw = (req.rawBody as Buffer).toString('utf8');
		return { workflowData: [[{ json: { raw, parsed: this.getBodyData(), seenCount } }]] };
	},
};

describe('webhook', () => {
	const rawBody = '{"orderId":2019601741959504495}';

	it('gives webhook() the raw body bytes, the parsed body and static data, and answers like n8n', async () => {
		const result = await webhook(triggerNode, {
			parameters: {},
			credentials,
			staticData: { seen: 4 },
			request: { headers: { authorization: 'let-me-in', 'content-type': 'application/json' }, body: rawBody },
		});
		expect(result.status).toBe(200);
		expect(JSON.parse(result.body)).toEqual({ message: 'Workflow was started' });
		const json = result.workflowData?.[0][0].json as IDataObject;
		expect(json.raw).toBe(rawBody);
		// n8n's own parser loses the digits; that is why triggers must read rawBody.
		expect((json.parsed as IDataObject).orderId).not.toBe('2019601741959504495');
		expect(json.seenCount).toBe(5);
		expect(result.staticData).toEqual({ seen: 5 });
	});

	it('lets the node answer 401 itself without starting a run', async () => {
		const result = await webhook(triggerNode, { parameters: {}, request: { body: rawBody } });
		expect(result.status).toBe(401);
		expect(result.workflowData).toBeUndefined();
		expect(result.response).toEqual({ noWebhookResponse: true });
	});

	it('answers 422 like n8n when the JSON body cannot be parsed, without calling the node', async () => {
		const result = await webhook(triggerNode, {
			parameters: {},
			request: { headers: { authorization: 'let-me-in', 'content-type': 'application/json' }, body: '{oops' },
		});
		expect(result.status).toBe(422);
		expect(result.response).toBeUndefined();
	});

	it('runs webhookMethods in a HookContext', async () => {
		await expect(runWebhookMethod(triggerNode, 'checkExists', { parameters: {} })).resolves.toEqual({
			result: true,
			staticData: {},
		});
	});
});

const requestTestedCredential: ICredentialType = {
	name: 'harnessRequestTestedApi',
	displayName: 'Harness Request-Tested API',
	properties: [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{ displayName: 'Token', name: 'token', type: 'string', default: 'default-token' },
	],
	authenticate: async (data, options) => ({
		...options,
		headers: { ...options.headers, authorization: String(data.token) },
	}),
	test: { request: { baseURL: '={{$credentials.baseUrl}}', url: '/probe', method: 'POST', body: { a: 1 } } },
};
registerCredentialType(requestTestedCredential);

const testedByNode: INodeType = {
	description: description({
		name: 'harnessTestedBy',
		credentials: [{ name: 'pandaPonApi', required: true, testedBy: 'probe' }],
	}),
	methods: {
		credentialTest: {
			async probe(this: ICredentialTestFunctions, credential: ICredentialsDecrypted) {
				const text = String(await this.helpers.request({ uri: `${String(credential.data?.baseUrl)}/tested-by`, method: 'GET' }));
				return { status: 'OK', message: `${String(credential.data?.timestampUnit)} ${text}` };
			},
		},
	},
};

describe('testCredential', () => {
	it("runs a node's testedBy function with the credential's defaults applied", async () => {
		const result = await testCredential(credentials, { nodeType: testedByNode });
		expect(result).toEqual({ status: 'OK', message: 'milliseconds {"code":200,"data":{"ok":true}}' });
		expect(seen[0].url).toBe('/tested-by');
	});

	it("runs a credential's test request through RoutingNode and our authenticate", async () => {
		const data = { baseUrl: credentials.baseUrl };
		const ok = await testCredential(data, { credentialType: 'harnessRequestTestedApi' });
		expect(ok).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(seen[0]).toMatchObject({ method: 'POST', url: '/probe', body: '{"a":1}' });
		expect(seen[0].headers.authorization).toBe('default-token');
		answer = { status: 403, body: '{}' };
		const failed = await testCredential(data, { credentialType: 'harnessRequestTestedApi' });
		expect(failed.status).toBe('Error');
		expect(seen).toHaveLength(2);
	});

	it('reports, like n8n, that a credential without test or testedBy cannot be tested', async () => {
		await expect(testCredential(credentials)).resolves.toEqual({
			status: 'Error',
			message: 'No testing function found for this credential.',
		});
	});
});
