/**
 * Every resource group of the pandaPon node as a workflow in a real n8n, against the fake
 * PandaPon (workflows/resourceGroups.ts). One n8n instance, one credential and all
 * workflows imported at once; each workflow then runs with `n8n execute` on a freshly reset
 * fake. Per workflow: no node error, each node's item count, key fields (19-digit IDs as
 * strings), pairedItem in input order, and exactly the requests expected, in step order,
 * each accepted by the fake — one per write, never retried — with exact bodies where the
 * step says so. A last workflow proves continue-on-fail (error items, pairedItem).
 */
import { RESOURCES } from '../../nodes/PandaPon/endpoints';
import { parseLossless } from '../../nodes/shared/losslessJson';
import { FakePandaPon } from '../fake-pandapon/server';
import type { RecordedRequest } from '../fake-pandapon/types';
import { fakeCredential, newN8n } from './harness';
import { n8nId, type ExecutionResult, type N8n } from './n8n';
import { resourceGroupCases, type Count, type ResourceGroupCase } from './workflows/resourceGroups';

const credential = { id: n8nId('cred'), name: 'PandaPon (fake server)' };
const cases = resourceGroupCases(credential);

interface OutputItem {
	json: Record<string, unknown>;
	pairedItem?: { item?: number } | Array<{ item?: number }> | number;
}

function at(value: unknown, path: string): unknown {
	let current = value;
	for (const key of path.split('.')) {
		if (current === null || current === undefined) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

const resolve = (count: Count | undefined, fake: FakePandaPon, fallback: number) =>
	count === undefined ? fallback : typeof count === 'function' ? count(fake) : count;

const show = (value: unknown) => JSON.stringify(value)?.slice(0, 300);

function pairedIndex(item: OutputItem): number | undefined {
	const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
	return typeof paired === 'number' ? paired : paired?.item;
}

/** Collects what differs from the expectation instead of failing at the first difference. */
function mismatch(what: string, actual: unknown, expected: unknown): string | undefined {
	try {
		expect(actual).toEqual(expected);
		return undefined;
	} catch {
		return `${what}: got ${show(actual)}, expected ${show(expected)}`;
	}
}

function checkOutputs(run: ExecutionResult, groupCase: ResourceGroupCase, fake: FakePandaPon): string[] {
	const problems: string[] = [];
	if (run.status !== 'success' || run.error) {
		problems.push(`execution ${run.status}: ${run.error?.message ?? ''} ${run.error?.description ?? ''} (node ${run.error?.node?.name ?? '?'})`);
	}
	for (const step of groupCase.steps) {
		const node = `"${step.node}" (${step.resource}.${step.operation})`;
		const nodeRun = run.runData[step.node]?.[0];
		if (!nodeRun) {
			problems.push(`${node} did not run`);
			continue;
		}
		if (nodeRun.error) problems.push(`${node} failed: ${nodeRun.error.message} — ${nodeRun.error.description ?? ''}`);
		if (nodeRun.executionStatus && nodeRun.executionStatus !== 'success') problems.push(`${node} status ${nodeRun.executionStatus}`);
		const items = (nodeRun.data?.main?.[0] ?? []) as OutputItem[];
		const want = resolve(step.expect.items, fake, 0);
		if (items.length !== want) problems.push(`${node} put out ${items.length} item(s), expected ${want}: ${show(items.map((i) => i.json))}`);

		const errorItems = step.expect.errorItems ?? {};
		items.forEach((item, index) => {
			const expectedError = errorItems[index];
			const error = item.json.error;
			if (expectedError !== undefined) {
				if (typeof error !== 'string' || !error.includes(expectedError)) {
					problems.push(`${node} item ${index}: expected an error item containing ${show(expectedError)}, got ${show(item.json)}`);
				}
				return;
			}
			if (error !== undefined) problems.push(`${node} item ${index} is an unexpected error item: ${show(item.json)}`);
			for (const path of step.expect.bigIds ?? []) {
				const value = at(item.json, path);
				if (typeof value !== 'string' || !/^\d{19}$/.test(value)) problems.push(`${node} item ${index}: ${path} should be a 19-digit string, got ${show(value)}`);
			}
			for (const path of step.expect.has ?? []) {
				if (at(item.json, path) === undefined) problems.push(`${node} item ${index}: ${path} missing in ${show(item.json)}`);
			}
			for (const path of step.expect.absent ?? []) {
				if (at(item.json, path) !== undefined) problems.push(`${node} item ${index}: ${path} should be absent (simplified)`);
			}
		});
		for (const [which, item] of [
			['first', items[0]],
			['last', items[items.length - 1]],
		] as const) {
			for (const [path, value] of Object.entries(step.expect[which] ?? {})) {
				const problem = mismatch(`${node} ${which} item ${path}`, at(item?.json, path), value);
				if (problem) problems.push(problem);
			}
		}

		// pairedItem: every output item points at its input item, in input order.
		const paired = items.map(pairedIndex);
		if (paired.some((index) => typeof index !== 'number')) problems.push(`${node}: an item lacks pairedItem: ${show(items.map((i) => i.pairedItem))}`);
		if (paired.some((index, i) => i > 0 && (index as number) < (paired[i - 1] as number))) problems.push(`${node}: pairedItem out of input order: ${show(paired)}`);
		if (step.expect.pairedItems) {
			const problem = mismatch(`${node} pairedItem`, paired, step.expect.pairedItems);
			if (problem) problems.push(problem);
		}
	}
	return problems;
}

function templateRegex(template: string): RegExp {
	const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
	return new RegExp(`^${escaped}$`);
}

const requestLine = (request: RecordedRequest) => `${request.method} ${request.path}${request.accepted ? '' : ` (REJECTED ${request.rejection?.code} ${request.rejection?.msg})`}`;

function checkRequests(groupCase: ResourceGroupCase, fake: FakePandaPon): string[] {
	const problems: string[] = [];
	const requests = fake.requests;
	for (const request of requests.filter((r) => !r.accepted)) problems.push(`request not accepted: ${requestLine(request)}`);

	// Per endpoint first (clear even if the order were off), then step by step in execution order.
	const count = (list: string[]) => list.reduce<Record<string, number>>((acc, key) => ({ ...acc, [key]: (acc[key] ?? 0) + 1 }), {});
	const expectedByEndpoint: Record<string, number> = {};
	for (const step of groupCase.steps) {
		const key = `${step.method} ${step.pathTemplate}`;
		expectedByEndpoint[key] = (expectedByEndpoint[key] ?? 0) + resolve(step.expect.requests, fake, 1);
	}
	const templates = groupCase.steps.map((step) => ({ key: `${step.method} ${step.pathTemplate}`, method: step.method, regex: templateRegex(step.pathTemplate) }));
	const actualByEndpoint = count(
		requests.map((r) => templates.find((t) => t.method === r.method && t.regex.test(r.path))?.key ?? `UNEXPECTED ${r.method} ${r.path}`),
	);
	for (const key of new Set([...Object.keys(expectedByEndpoint), ...Object.keys(actualByEndpoint)])) {
		const [got, wanted] = [actualByEndpoint[key] ?? 0, expectedByEndpoint[key] ?? 0];
		if (got !== wanted) problems.push(`${key}: ${got} request(s), expected ${wanted}`);
	}

	let cursor = 0;
	for (const step of groupCase.steps) {
		const node = `"${step.node}"`;
		const n = resolve(step.expect.requests, fake, 1);
		const sent = requests.slice(cursor, cursor + n);
		cursor += n;
		if (sent.length < n) {
			problems.push(`${node} should have sent ${n} request(s), only ${sent.length} left`);
			continue;
		}
		for (const request of sent) {
			if (request.method !== step.method || !templateRegex(step.pathTemplate).test(request.path)) {
				problems.push(`${node}: expected ${step.method} ${step.pathTemplate}, got ${requestLine(request)}`);
				continue;
			}
			if (step.expect.path !== undefined && request.path !== step.expect.path) problems.push(`${node}: path ${request.path}, expected ${step.expect.path}`);
			if (step.expect.query !== undefined) {
				const p = mismatch(`${node} query`, { ...request.query }, step.expect.query);
				if (p) problems.push(p);
			}
			if (step.expect.body !== undefined) {
				const body = request.rawBody === '' ? undefined : parseLossless(request.rawBody, { bigIntegers: 'literal' });
				const p = mismatch(`${node} body (raw ${request.rawBody.slice(0, 400)})`, body, step.expect.body);
				if (p) problems.push(p);
			}
		}
	}
	if (cursor < requests.length) problems.push(`unexpected extra request(s): ${requests.slice(cursor).map(requestLine).join(', ')}`);
	return problems;
}

/** What the writes of each workflow should have changed in the fake. */
const stateChecks: Record<string, (fake: FakePandaPon, run: ExecutionResult) => void> = {
	'Taobao Order': (fake, run) => {
		const createdId = run.output('Create Order')[0].orderId;
		const created = fake.state.taobaoOrders.find((order) => order.orderId === createdId);
		expect(created).toMatchObject({ orderStatus: 10, warehouseName: '义乌仓', purchaseAmount: 2580 });
		expect(fake.state.taobaoOrders[0].orderStatus).toBe(4); // cancelled
	},
	'Taobao Refund': (fake, run) => {
		const createdId = run.output('Create Refund')[0].refundId;
		const refund = fake.state.taobaoRefunds.find((candidate) => candidate.refundId === createdId);
		expect(refund).toMatchObject({ refundStatus: -20, mailNo: 'sample logisticsNo', refundFee: 7, reasonId: 7 });
		expect(refund?.messages).toHaveLength(1);
	},
	'Taobao Cart': (fake) => {
		expect(fake.state.taobaoCart.map((item) => [item.id, item.quantity])).toEqual([[100, 3]]);
	},
	'1688 Order': (fake, run) => {
		const single = String(run.output('Create 1688 Order')[0].orderId);
		const multi = run.output('Create Multi-Seller').map((item) => (item.baseInfo as { idOfStr: string }).idOfStr);
		const status = (id: string) => fake.state.alibabaOrders.find((order) => order.orderId === id)?.status;
		expect([single, ...multi].map(status)).toEqual(['cancel', 'waitsellersend', 'waitsellersend']);
		expect(fake.state.alibabaOrders[2].status).toBe('confirm_goods');
	},
	'1688 Refund': (fake, run) => {
		const createdId = run.output('Create 1688 Refund')[0].refundId;
		expect(fake.state.alibabaRefunds.find((refund) => refund.refundId === createdId)).toMatchObject({
			freightBill: 'sample freightBill',
			applyPayment: 7,
			applyCarriage: 7,
		});
	},
	'1688 Cart': (fake) => {
		expect(fake.state.alibabaCart.map((item) => item.id).sort((a, b) => a - b)).toEqual([78, 100]);
	},
	Address: (fake) => {
		expect(fake.state.addresses.map((address) => address.name)).toEqual(['sample name', 'zhang', 'zhang san']);
	},
};

describe('a workflow per resource group in a real n8n', () => {
	let n8n: N8n;
	let fake: FakePandaPon;

	beforeAll(async () => {
		fake = await FakePandaPon.start();
		n8n = await newN8n('resource-groups');
		await n8n.importCredential(fakeCredential(fake, credential));
		await n8n.importWorkflows(cases.map((groupCase) => groupCase.workflow));
	});

	afterAll(async () => {
		await n8n?.stop();
		await fake?.close();
	});

	test('the workflows exercise every operation of every resource', () => {
		const exercised = new Set(cases.flatMap((groupCase) => groupCase.steps.map((step) => `${step.resource}.${step.operation}`)));
		const all = RESOURCES.flatMap((resource) => resource.endpoints.map((endpoint) => `${resource.value}.${endpoint.operation}`));
		expect(all.filter((operation) => !exercised.has(operation))).toEqual([]);
		expect(exercised.has('customApiCall.call')).toBe(true);
	});

	test.each(cases.map((groupCase): [string, ResourceGroupCase] => [groupCase.group, groupCase]))('%s', async (_name, groupCase) => {
		await n8n.withLogs(async () => {
			fake.reset();
			const run = await n8n.executeWorkflow(groupCase.workflow.id);
			const problems = [...checkOutputs(run, groupCase, fake), ...checkRequests(groupCase, fake)];
			expect(problems).toEqual([]);
			stateChecks[groupCase.group]?.(fake, run);
		});
	});
});
