/**
 * The two workflows opened in n8n's editor by `npm run screenshots` and editor.e2e.test.ts:
 * Manual Trigger -> a PandaPon node on 1688 Order > Create (an operation that changes data,
 * with required fields and Additional Fields), and the PandaPon Trigger -> No Op. Fixed IDs
 * keep the screenshots identical from run to run.
 */
import { n8nId, type N8n } from '../n8n';
import { linearWorkflow, pandaPonNode, type CredentialRef } from './build';
import { callbackTriggerWorkflow } from './triggers';

export const TOUR_NODE_NAME = 'Create 1688 Order';
export const TOUR_NODE_PARAMETERS = { resource: 'alibabaOrder', operation: 'create' };
export const TOUR_NODE_WORKFLOW_ID = 'pandaPonNodeTour';
export const TOUR_TRIGGER_WORKFLOW_ID = 'pandaPonTrigTour';
export const TOUR_WEBHOOK_ID = '5f0c2b1e-8d3a-4c6e-9b7f-2a1d4e6c8b90';

export function editorTourWorkflows(credential: CredentialRef) {
	const node = linearWorkflow({
		id: TOUR_NODE_WORKFLOW_ID,
		name: 'PandaPon node',
		nodes: [pandaPonNode({ name: TOUR_NODE_NAME, credential, parameters: TOUR_NODE_PARAMETERS })],
	});
	const trigger = callbackTriggerWorkflow({ name: 'PandaPon Trigger', credential, webhookId: TOUR_WEBHOOK_ID }).workflow;
	trigger.id = TOUR_TRIGGER_WORKFLOW_ID;
	return { node, trigger };
}

/**
 * Imports a credential and both workflows into `n8n`. The editor shows only the credential's
 * name; its Base URL is a closed local port, so nothing could reach PandaPon through it.
 */
export async function importEditorTour(n8n: N8n, credentialName: string): Promise<void> {
	const credential = {
		id: n8nId('cred'),
		name: credentialName,
		type: 'pandaPonApi',
		data: { accessKey: 'example', accessSecret: 'example', userId: '1', baseUrl: 'http://127.0.0.1:9', timestampUnit: 'milliseconds' },
	};
	await n8n.importCredential(credential);
	const { node, trigger } = editorTourWorkflows({ id: credential.id, name: credential.name });
	await n8n.importWorkflows([node, trigger]);
}
