import { CredentialTestContext, ExecuteContext, RoutingNode } from 'n8n-core';
import {
	NodeConnectionTypes,
	NodeHelpers,
	createRunExecutionData,
	type ICredentialDataDecryptedObject,
	type ICredentialTestRequest,
	type ICredentialsDecrypted,
	type IExecuteData,
	type INode,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type IVersionedNodeType,
	type ITaskDataConnections,
} from 'n8n-workflow';

import { PANDAPON_CREDENTIAL_TYPE, type HarnessCredentials } from './credentials';
import { HarnessNodeTypes, buildAdditionalData, buildWorkflow, prepareCredentials } from './workflow';

export interface CredentialTestOptions {
	/** A node whose `credentials[].testedBy` names a `methods.credentialTest` function. */
	nodeType?: INodeType | IVersionedNodeType;
	credentialType?: string;
}

/**
 * n8n's "Test" button for a credential, as CredentialsTester (packages/cli) runs it: a
 * `testedBy` function of the node if there is one, else the credential's `test` request
 * through n8n-core's RoutingNode in a temporary workflow. Any non-2xx answer fails.
 */
export async function testCredential(
	credentials: HarnessCredentials | ICredentialDataDecryptedObject,
	options: CredentialTestOptions = {},
): Promise<INodeCredentialTestResult> {
	const type = options.credentialType ?? PANDAPON_CREDENTIAL_TYPE;
	const { helper } = await prepareCredentials(undefined);
	const decrypted: ICredentialsDecrypted = {
		id: 'harness-credential-test',
		name: `${type} (harness)`,
		type,
		data: helper.applyDefaults(type, { ...credentials } as ICredentialDataDecryptedObject),
	};
	const testFunction = options.nodeType ? testedByFunction(options.nodeType, type) : undefined;
	if (testFunction !== undefined) return await testFunction.call(new CredentialTestContext(), decrypted);
	const testRequest = helper.getType(type).test;
	if (testRequest === undefined) return { status: 'Error', message: 'No testing function found for this credential.' };
	return await runTestRequest(helper, decrypted, testRequest);
}

type TestFunction = NonNullable<NonNullable<INodeType['methods']>['credentialTest']>[string];

function testedByFunction(nodeType: INodeType | IVersionedNodeType, credentialType: string): TestFunction | undefined {
	const resolved = NodeHelpers.getVersionedNodeType(nodeType);
	const entry = resolved.description.credentials?.find((credential) => credential.name === credentialType);
	if (typeof entry?.testedBy !== 'string') return undefined;
	return resolved.methods?.credentialTest?.[entry.testedBy];
}

async function runTestRequest(
	helper: Awaited<ReturnType<typeof prepareCredentials>>['helper'],
	decrypted: ICredentialsDecrypted,
	testRequest: ICredentialTestRequest,
): Promise<INodeCredentialTestResult> {
	const nodeType = testNodeType(decrypted.type, testRequest);
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [decrypted.type]: { id: decrypted.id, name: decrypted.name } },
	};
	const nodeTypes = new HarnessNodeTypes();
	nodeTypes.add(node.type, nodeType);
	const workflow = buildWorkflow({ nodes: [node], nodeTypes });
	const additionalData = buildAdditionalData(helper, { mode: 'internal', nodes: [node] });
	const inputData: ITaskDataConnections = { main: [[{ json: {} }]] };
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		inputData,
		executeData,
		[],
	);
	let response: INodeExecutionData[][] | undefined;
	try {
		response = await new RoutingNode(context, nodeType, decrypted).runNode();
	} catch (error) {
		return failureOf(error, testRequest);
	}
	return bodyRuleFailure(response, testRequest) ?? { status: 'OK', message: 'Connection successful!' };
}

/** `responseSuccessBody` rules fail the test when the body holds the given value. */
function bodyRuleFailure(
	response: INodeExecutionData[][] | undefined,
	testRequest: ICredentialTestRequest,
): INodeCredentialTestResult | undefined {
	const body = response?.[0]?.[0]?.json;
	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && get(body, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return undefined;
}

function get(value: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((current, key) => (current as Record<string, unknown> | undefined)?.[key], value);
}

/** CredentialsTester's temporary node: a No Op whose one property routes the test request. */
function testNodeType(credentialType: string, testRequest: ICredentialTestRequest): INodeType {
	return {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'n8n-nodes-base.noOp',
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' },
			],
		},
	};
}

/** The messages CredentialsTester derives from a failed test request. */
function failureOf(error: unknown, testRequest: ICredentialTestRequest): INodeCredentialTestResult {
	const cause = (error as { cause?: { response?: { status?: number; statusText?: string }; code?: string } }).cause;
	const status = cause?.response?.status;
	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseCode' && status === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	if (status !== undefined && (status < 199 || status > 299)) {
		return { status: 'Error', message: cause?.response?.statusText || `Received HTTP status code: ${status}` };
	}
	if (cause?.code) return { status: 'Error', message: cause.code };
	return { status: 'Error', message: (error as Error).message };
}
