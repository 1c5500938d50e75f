import { ExecuteContext, WorkflowExecute } from 'n8n-core';
import {
	NodeConnectionTypes,
	NodeHelpers,
	createRunExecutionData,
	deepCopy,
	type CloseFunction,
	type IConnections,
	type IExecuteData,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type ITaskDataConnections,
	type IVersionedNodeType,
	type NodeOutput,
} from 'n8n-workflow';

import type { HarnessCredentials } from './credentials';
import {
	HarnessNodeTypes,
	buildAdditionalData,
	buildNode,
	buildWorkflow,
	nodeTypeName,
	prepareCredentials,
	type NodeOptions,
} from './workflow';

export interface ExecuteNodeOptions extends NodeOptions {
	/** Input items; binary properties hold base64 `data` in memory, as n8n keeps small files. */
	items?: INodeExecutionData[];
	/** Omit to run without a credential on the node. */
	credentials?: HarnessCredentials;
}

const INPUT_NODE_NAME = 'Harness Input';

/**
 * Stands in for the upstream node (a Manual Trigger, a Set node…): it simply outputs the
 * test's items, so the node under test receives them through a real connection.
 */
function inputNodeType(items: INodeExecutionData[]): INodeType {
	return {
		description: {
			displayName: INPUT_NODE_NAME,
			name: 'harnessInput',
			group: ['input'],
			version: 1,
			description: 'Feeds the test items into the workflow',
			defaults: { name: INPUT_NODE_NAME },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute() {
			return [deepCopy(items)];
		},
	};
}

/**
 * n8n's execution engine keeps only a plain-object copy of a node's error. Wrapping
 * `execute` lets the harness rethrow the original (a NodeApiError stays a NodeApiError).
 */
function capturingErrors(nodeType: INodeType, sink: { error?: unknown }): INodeType {
	const original = nodeType.execute;
	if (original === undefined) return nodeType;
	const wrapped = Object.create(nodeType) as INodeType;
	wrapped.execute = async function (this: IExecuteFunctions, ...args: unknown[]): Promise<NodeOutput> {
		try {
			return await (original as (...a: unknown[]) => Promise<NodeOutput>).apply(this, args);
		} catch (error) {
			sink.error = error;
			throw error;
		}
	};
	return wrapped;
}

/**
 * Runs one node the way n8n runs a workflow: a real Workflow with an input node connected
 * to the node under test, executed by n8n-core's WorkflowExecute in manual mode. Returns the
 * node's outputs; throws the node's original error when the run fails.
 */
export async function executeNode(
	nodeType: INodeType | IVersionedNodeType,
	options: ExecuteNodeOptions,
): Promise<INodeExecutionData[][]> {
	const { helper, nodeCredentials } = await prepareCredentials(options.credentials);
	const node = buildNode(nodeType, options, nodeCredentials);
	const sink: { error?: unknown } = {};
	const nodeTypes = new HarnessNodeTypes();
	nodeTypes.add(nodeTypeName(nodeType), capturingErrors(NodeHelpers.getVersionedNodeType(nodeType, node.typeVersion), sink));
	const input = inputNode();
	nodeTypes.add(input.type, inputNodeType(options.items ?? [{ json: {} }]));
	const connections: IConnections = {
		[input.name]: { main: [[{ node: node.name, type: NodeConnectionTypes.Main, index: 0 }]] },
	};
	const workflow = buildWorkflow({ nodes: [input, node], connections, nodeTypes });
	const additionalData = buildAdditionalData(helper, { nodes: [input, node], connections });
	const run = await new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode: input });
	const failure = run.data.resultData.error;
	// Run as a tool, a failure becomes the {error} output the agent reads; the run goes on.
	if (failure !== undefined && node.rewireOutputLogTo === undefined) throw sink.error ?? Object.assign(new Error(failure.message), failure);
	const output = run.data.resultData.runData[node.name]?.[0]?.data?.[node.rewireOutputLogTo ?? 'main'] ?? [];
	return output.map((items) => items ?? []);
}

function inputNode(): INode {
	return {
		id: 'harness-input',
		name: INPUT_NODE_NAME,
		type: 'harness.input',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

export interface ExecuteContextOptions {
	credentials?: HarnessCredentials;
	/** The node whose context it is; default a bare node type that declares `pandaPonApi`. */
	nodeType?: INodeType | IVersionedNodeType;
	parameters?: NodeOptions['parameters'];
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	/** Becomes `getExecutionCancelSignal()`; abort it to cancel waits and requests. */
	abortSignal?: AbortSignal;
}

/** A node type with nothing but the credential, for calling transport code directly. */
export const PROBE_NODE_TYPE: INodeType = {
	description: {
		displayName: 'PandaPon Probe',
		name: 'pandaPonProbe',
		group: ['transform'],
		version: 1,
		description: 'Gives tests an execution context that may use the PandaPon credential',
		defaults: { name: 'PandaPon Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pandaPonApi', required: true }],
		properties: [],
	},
};

/**
 * Builds n8n-core's real ExecuteContext for one node and hands it to `fn`, so tests can
 * call transport functions (`request(ctx, …)`) with n8n's own HTTP helpers.
 */
export async function runWithExecuteContext<T>(
	options: ExecuteContextOptions,
	fn: (context: IExecuteFunctions) => Promise<T>,
): Promise<T> {
	const nodeType = options.nodeType ?? PROBE_NODE_TYPE;
	const { helper, nodeCredentials } = await prepareCredentials(options.credentials);
	const node = buildNode(nodeType, { parameters: options.parameters ?? {}, continueOnFail: options.continueOnFail }, nodeCredentials);
	const nodeTypes = new HarnessNodeTypes();
	nodeTypes.add(node.type, nodeType);
	const workflow = buildWorkflow({ nodes: [node], nodeTypes });
	const additionalData = buildAdditionalData(helper, { nodes: [node] });
	const inputData: ITaskDataConnections = { main: [deepCopy(options.items ?? [{ json: {} }])] };
	const executeData: IExecuteData = { node, data: inputData, source: null };
	const closeFunctions: CloseFunction[] = [];
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'manual',
		createRunExecutionData(),
		0,
		inputData.main[0] ?? [],
		inputData,
		executeData,
		closeFunctions,
		options.abortSignal,
	);
	try {
		return await fn(context);
	} finally {
		await Promise.allSettled(closeFunctions.map(async (close) => await close()));
	}
}
