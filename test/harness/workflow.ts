import { randomUUID } from 'node:crypto';

import { ExecutionLifecycleHooks, ExternalSecretsProxy } from 'n8n-core';
import {
	NodeHelpers,
	UnexpectedError,
	Workflow,
	deepCopy,
	type IConnections,
	type IDataObject,
	type INode,
	type INodeCredentials,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type OnError,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { ensureEnvironment } from './environment';
import { HarnessCredentialsHelper, PANDAPON_CREDENTIAL_TYPE, type HarnessCredentials } from './credentials';

/** The package name n8n prefixes our node type names with. */
export const PACKAGE_PREFIX = 'n8n-nodes-pandapon';
export const WORKFLOW_ID = 'harnessWorkflow1';
export const N8N_BASE_URL = 'http://localhost:5678';

/** The node-types provider a Workflow needs; knows only the nodes of one harness run. */
export class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	add(name: string, type: INodeType | IVersionedNodeType): void {
		this.types.set(name, type);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types.get(nodeType);
		if (type === undefined) throw new UnexpectedError(`Harness does not know node type "${nodeType}"`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export interface NodeOptions {
	parameters: INodeParameters;
	/** Defaults to the node type's latest version. */
	typeVersion?: number;
	nodeName?: string;
	/** Shortcut for `onError: 'continueRegularOutput'` (what the UI's "Continue" sets). */
	continueOnFail?: boolean;
	onError?: OnError;
	alwaysOutputData?: boolean;
	/** 'ai_tool' runs the node as n8n's engine runs a tool an AI agent called (the agent sees the output). */
	rewireOutputLogTo?: INode['rewireOutputLogTo'];
}

export function latestVersion(nodeType: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

export function nodeTypeName(nodeType: INodeType | IVersionedNodeType): string {
	return `${PACKAGE_PREFIX}.${nodeType.description.name}`;
}

export function buildNode(
	nodeType: INodeType | IVersionedNodeType,
	options: NodeOptions,
	credentials: INodeCredentials | undefined,
): INode {
	const node: INode = {
		id: randomUUID(),
		name: options.nodeName ?? nodeType.description.displayName,
		type: nodeTypeName(nodeType),
		typeVersion: options.typeVersion ?? latestVersion(nodeType),
		position: [400, 0],
		parameters: structuredClone(options.parameters),
		webhookId: randomUUID(),
	};
	if (credentials !== undefined) node.credentials = credentials;
	const onError = options.onError ?? (options.continueOnFail ? 'continueRegularOutput' : undefined);
	if (onError !== undefined) node.onError = onError;
	if (options.alwaysOutputData !== undefined) node.alwaysOutputData = options.alwaysOutputData;
	if (options.rewireOutputLogTo !== undefined) node.rewireOutputLogTo = options.rewireOutputLogTo;
	return node;
}

export interface WorkflowSpec {
	nodes: INode[];
	connections?: IConnections;
	nodeTypes: HarnessNodeTypes;
	staticData?: IDataObject;
	active?: boolean;
}

export function buildWorkflow(spec: WorkflowSpec): Workflow {
	return new Workflow({
		id: WORKFLOW_ID,
		name: 'PandaPon harness workflow',
		nodes: spec.nodes,
		connections: spec.connections ?? {},
		active: spec.active ?? false,
		nodeTypes: spec.nodeTypes,
		staticData: spec.staticData,
		settings: { executionOrder: 'v1' },
	});
}

/** Stores the test's PandaPon credential and returns the helper plus the node's reference. */
export async function prepareCredentials(
	credentials: HarnessCredentials | undefined,
): Promise<{ helper: HarnessCredentialsHelper; nodeCredentials: INodeCredentials | undefined }> {
	ensureEnvironment();
	const helper = new HarnessCredentialsHelper();
	if (credentials === undefined) return { helper, nodeCredentials: undefined };
	const details = await helper.store(PANDAPON_CREDENTIAL_TYPE, { ...credentials });
	return { helper, nodeCredentials: { [PANDAPON_CREDENTIAL_TYPE]: details } };
}

function notInHarness(what: string): never {
	throw new UnexpectedError(`${what} is not available in the test harness`);
}

/**
 * The per-execution services n8n's CLI would provide. URLs are those of a default local
 * n8n; nothing listens there, they only have to be valid for n8n-core's URL handling.
 */
export function buildAdditionalData(
	credentialsHelper: HarnessCredentialsHelper,
	extra: { mode?: WorkflowExecuteMode; nodes?: INode[]; connections?: IConnections } = {},
): IWorkflowExecuteAdditionalData {
	const executionId = randomUUID();
	const hooks = new ExecutionLifecycleHooks(extra.mode ?? 'manual', executionId, {
		id: WORKFLOW_ID,
		name: 'PandaPon harness workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: extra.nodes ?? [],
		connections: extra.connections ?? {},
	});
	return {
		credentialsHelper,
		hooks,
		externalSecretsProxy: new ExternalSecretsProxy(),
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${N8N_BASE_URL}/rest`,
		instanceBaseUrl: `${N8N_BASE_URL}/`,
		formBaseUrl: `${N8N_BASE_URL}/form`,
		formWaitingBaseUrl: `${N8N_BASE_URL}/form-waiting`,
		formTestBaseUrl: `${N8N_BASE_URL}/form-test`,
		webhookBaseUrl: `${N8N_BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${N8N_BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${N8N_BASE_URL}/webhook-test`,
		mcpBaseUrl: `${N8N_BASE_URL}/mcp`,
		mcpTestBaseUrl: `${N8N_BASE_URL}/mcp-test`,
		variables: {},
		workflowId: WORKFLOW_ID,
		logAiEvent: () => undefined,
		executeWorkflow: async () => notInHarness('Executing a sub-workflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: async () => notInHarness('The task runner'),
	};
}

export interface TriggerWorkflow {
	node: INode;
	workflow: Workflow;
	additionalData: IWorkflowExecuteAdditionalData;
}

/**
 * A trigger alone in a workflow, as n8n runs it: its credential stored, its static data
 * seeded the way n8n keeps it (`node:<name>`), and the per-execution services for `mode`.
 */
export async function triggerWorkflow(
	nodeType: INodeType | IVersionedNodeType,
	options: NodeOptions & { credentials?: HarnessCredentials; staticData?: IDataObject },
	run: { mode: WorkflowExecuteMode; active: boolean },
): Promise<TriggerWorkflow> {
	const { helper, nodeCredentials } = await prepareCredentials(options.credentials);
	const node = buildNode(nodeType, options, nodeCredentials);
	const nodeTypes = new HarnessNodeTypes();
	nodeTypes.add(node.type, nodeType);
	const staticData = options.staticData === undefined ? {} : { [staticDataKey(node)]: deepCopy(options.staticData) };
	const workflow = buildWorkflow({ nodes: [node], nodeTypes, staticData, active: run.active });
	const additionalData = buildAdditionalData(helper, { mode: run.mode, nodes: [node] });
	return { node, workflow, additionalData };
}

function staticDataKey(node: INode): string {
	return `node:${node.name}`;
}

/** The node's static data as n8n would save it, and whether n8n would save it at all. */
export function nodeStaticData(workflow: Workflow, node: INode): { staticData: IDataObject; staticDataChanged: boolean } {
	const all = workflow.staticData as IDataObject & { __dataChanged?: boolean };
	return { staticData: deepCopy((all[staticDataKey(node)] ?? {}) as IDataObject), staticDataChanged: all.__dataChanged === true };
}
