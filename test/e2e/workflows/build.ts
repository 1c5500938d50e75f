/**
 * Small builders for n8n workflow JSON. A workflow for a new operation is one file that
 * calls `linearWorkflow` with one or more node specs (see httpRequestKeywordQuery.ts and
 * pandaPonNode below).
 */
import { n8nId, PACKAGE_NAME, type WorkflowJson } from '../n8n';

export interface CredentialRef {
	id: string;
	name: string;
}

/** A node in a straight chain; name, type, typeVersion and parameters as in n8n's workflow JSON. */
export interface NodeSpec {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, CredentialRef>;
	/** e.g. 'continueRegularOutput' to get an error item instead of a failed execution. */
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	[key: string]: unknown;
}

export const MANUAL_TRIGGER_NAME = 'Start';

/** Manual Trigger -> nodes[0] -> nodes[1] -> ... (what `n8n execute` starts from). */
export function linearWorkflow(opts: { id?: string; name: string; nodes: NodeSpec[]; trigger?: NodeSpec }): WorkflowJson {
	const trigger: NodeSpec = opts.trigger ?? {
		name: MANUAL_TRIGGER_NAME,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		parameters: {},
	};
	const chain = [trigger, ...opts.nodes];
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < chain.length; i++) {
		connections[chain[i].name] = { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] };
	}
	return {
		id: opts.id ?? n8nId('wf'),
		name: opts.name,
		nodes: chain.map((node, i) => ({
			id: `${i}-${node.name}`.replace(/[^A-Za-z0-9-]/g, '-'),
			position: [i * 240, 0],
			...node,
		})),
		connections,
	};
}

/** A node of this package: `pandaPonNode({ name, resource, operation, ... })` with our credential. */
export function pandaPonNode(opts: {
	name?: string;
	credential: CredentialRef;
	typeVersion?: number;
	parameters: Record<string, unknown>;
	onError?: NodeSpec['onError'];
}): NodeSpec {
	return {
		name: opts.name ?? 'PandaPon',
		type: `${PACKAGE_NAME}.pandaPon`,
		typeVersion: opts.typeVersion ?? 1,
		parameters: opts.parameters,
		credentials: { pandaPonApi: opts.credential },
		...(opts.onError ? { onError: opts.onError } : {}),
	};
}

/** n8n's HTTP Request node using our credential as "predefined credential type". */
export function httpRequestWithPandaPonCredential(opts: {
	name?: string;
	credential: CredentialRef;
	method: 'GET' | 'POST';
	url: string;
	jsonBody?: unknown;
	query?: Record<string, string>;
	onError?: NodeSpec['onError'];
}): NodeSpec {
	const parameters: Record<string, unknown> = {
		method: opts.method,
		url: opts.url,
		authentication: 'predefinedCredentialType',
		nodeCredentialType: 'pandaPonApi',
		options: {},
	};
	if (opts.query) {
		parameters.sendQuery = true;
		parameters.queryParameters = {
			parameters: Object.entries(opts.query).map(([name, value]) => ({ name, value })),
		};
	}
	if (opts.jsonBody !== undefined) {
		parameters.sendBody = true;
		parameters.specifyBody = 'json';
		parameters.jsonBody = typeof opts.jsonBody === 'string' ? opts.jsonBody : JSON.stringify(opts.jsonBody);
	}
	return {
		name: opts.name ?? 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters,
		credentials: { pandaPonApi: opts.credential },
		...(opts.onError ? { onError: opts.onError } : {}),
	};
}

/**
 * n8n's own Webhook node as a workflow trigger (for `n8n start` tests): production URL
 * `<n8n url>/webhook/<path>` once the workflow is published and n8n (re)started.
 */
export function webhookTrigger(opts: {
	path: string;
	name?: string;
	/** 'lastNode' answers the POST with the last node's first item; 'onReceived' answers at once. */
	responseMode?: 'onReceived' | 'lastNode';
}): NodeSpec {
	return {
		name: opts.name ?? 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: `e2e-${opts.path}`,
		parameters: {
			httpMethod: 'POST',
			path: opts.path,
			responseMode: opts.responseMode ?? 'lastNode',
			options: {},
		},
	};
}

/**
 * Manual Trigger -> several chains side by side: the trigger feeds the first node of each
 * chain, and each chain runs its nodes one after another. With executionOrder v1 n8n runs
 * the chains top to bottom (chain 0 first), each to its end before the next starts.
 */
export function branchedWorkflow(opts: { id?: string; name: string; chains: NodeSpec[][]; trigger?: NodeSpec }): WorkflowJson {
	const trigger: NodeSpec = opts.trigger ?? {
		name: MANUAL_TRIGGER_NAME,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		parameters: {},
	};
	const connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }> = {};
	const link = (from: string, to: string) => {
		connections[from] ??= { main: [[]] };
		connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	};
	const nodes: Array<Record<string, unknown>> = [{ id: '0-trigger', position: [0, 0], ...trigger }];
	opts.chains.forEach((chain, row) => {
		chain.forEach((node, column) => {
			nodes.push({ id: `${row + 1}-${column}-${node.name}`.replace(/[^A-Za-z0-9-]/g, '-'), position: [(column + 1) * 240, row * 200], ...node });
			link(column === 0 ? trigger.name : chain[column - 1].name, node.name);
		});
	});
	const names = nodes.map((node) => node.name);
	const duplicate = names.find((name, index) => names.indexOf(name) !== index);
	if (duplicate) throw new Error(`workflow "${opts.name}" has two nodes named "${String(duplicate)}"`);
	return { id: opts.id ?? n8nId('wf'), name: opts.name, nodes, connections };
}
