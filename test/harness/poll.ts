import { Container } from '@n8n/di';
import { PollContext, PollTriggerExecutor } from 'n8n-core';
import {
	NodeHelpers,
	type IDataObject,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IVersionedNodeType,
} from 'n8n-workflow';

import type { HarnessCredentials } from './credentials';
import { nodeStaticData, triggerWorkflow } from './workflow';

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
	const mode = options.mode ?? 'trigger';
	const { node, workflow, additionalData } = await triggerWorkflow(nodeType, options, { mode, active: mode === 'trigger' });
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
	return { ...outcome, ...nodeStaticData(workflow, node) };
}
