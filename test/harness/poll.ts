import { Container } from '@n8n/di';
import { PollContext, PollTriggerExecutor } from 'n8n-core';
import {
	NodeHelpers,
	deepCopy,
	type IDataObject,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IVersionedNodeType,
	type Workflow,
} from 'n8n-workflow';

import type { HarnessCredentials } from './credentials';
import { HarnessNodeTypes, buildAdditionalData, buildNode, buildWorkflow, prepareCredentials } from './workflow';

export interface PollOptions {
	parameters: INodeParameters;
	credentials?: HarnessCredentials;
	/** What `getWorkflowStaticData('node')` starts with (what the previous poll left). */
	staticData?: IDataObject;
	/**
	 * 'trigger' (default): an active workflow's scheduled poll, run by n8n-core's
	 * PollTriggerExecutor; errors are reported, not thrown. 'manual': the editor's
	 * "Fetch Test Event"; errors are thrown.
	 */
	mode?: 'trigger' | 'manual';
	typeVersion?: number;
	nodeName?: string;
}

export interface PollResult {
	/** What the poll emitted; null when it found nothing new. */
	items: INodeExecutionData[][] | null;
	/** The node's static data afterwards, as n8n would save it. */
	staticData: IDataObject;
	/** Whether n8n would save the static data (it changed). */
	staticDataChanged: boolean;
	/** Trigger mode only: the error the poll reported through `__emitError`. */
	error?: Error;
}

/** Runs `poll()` of a polling trigger in n8n-core's real PollContext. */
export async function poll(nodeType: INodeType | IVersionedNodeType, options: PollOptions): Promise<PollResult> {
	const { helper, nodeCredentials } = await prepareCredentials(options.credentials);
	const node = buildNode(nodeType, options, nodeCredentials);
	const nodeTypes = new HarnessNodeTypes();
	nodeTypes.add(node.type, nodeType);
	const staticKey = `node:${node.name}`;
	const staticData = options.staticData === undefined ? {} : { [staticKey]: deepCopy(options.staticData) };
	const mode = options.mode ?? 'trigger';
	const workflow = buildWorkflow({ nodes: [node], nodeTypes, staticData, active: mode === 'trigger' });
	const additionalData = buildAdditionalData(helper, { mode, nodes: [node] });
	const outcome: { items: INodeExecutionData[][] | null; error?: Error } = { items: null };

	if (mode === 'manual') {
		const context = new PollContext(workflow, node, additionalData, 'manual', 'manual');
		const resolved = NodeHelpers.getVersionedNodeType(nodeType, node.typeVersion);
		outcome.items = (await resolved.poll?.call(context)) ?? null;
	} else {
		const context = new PollContext(
			workflow,
			node,
			additionalData,
			'trigger',
			'activate',
			(data) => (outcome.items = data),
			(error) => (outcome.error = error),
		);
		const run = Container.get(PollTriggerExecutor).create(workflow, node, context, () => true);
		await run(false);
	}
	return { ...outcome, ...staticDataOf(workflow, staticKey) };
}

function staticDataOf(workflow: Workflow, key: string): Pick<PollResult, 'staticData' | 'staticDataChanged'> {
	const all = workflow.staticData as IDataObject & { __dataChanged?: boolean };
	const nodeData = (all[key] ?? {}) as IDataObject;
	return { staticData: deepCopy(nodeData), staticDataChanged: all.__dataChanged === true };
}
