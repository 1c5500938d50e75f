/**
 * Runs the package's nodes inside n8n-core's real execution contexts (no mocked helpers):
 * requests go through n8n's httpRequestWithAuthentication, our credential's `authenticate`
 * and real HTTP.
 */
export { ensureEnvironment } from './environment';
export {
	HarnessCredentialsHelper,
	PANDAPON_CREDENTIAL_TYPE,
	registerCredentialType,
	type HarnessCredentials,
} from './credentials';
export {
	executeNode,
	runWithExecuteContext,
	PROBE_NODE_TYPE,
	type ExecuteNodeOptions,
	type ExecuteContextOptions,
} from './execute';
export { loadOptions, listSearch, type LoadOptionsOptions } from './loadOptions';
export { poll, type PollOptions, type PollResult } from './poll';
export {
	webhook,
	runWebhookMethod,
	type WebhookOptions,
	type WebhookRequest,
	type WebhookResult,
	type WebhookMethod,
	type WebhookMethodOptions,
} from './webhook';
export { testCredential, type CredentialTestOptions } from './credentialTest';
export { binaryItem, type BinaryFile } from './binary';
export { N8N_BASE_URL, WORKFLOW_ID, type NodeOptions } from './workflow';
