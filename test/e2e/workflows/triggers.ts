/**
 * Workflows started by this package's triggers, for `n8n start` tests:
 *
 * - PandaPon Trigger (callbacks) -> No Op. Production URL `/webhook/<webhookId>/webhook`
 *   once the workflow is published and n8n (re)started.
 * - PandaPon Polling Trigger -> No Op, polled on a few fixed seconds of every minute
 *   (see pollEverySeconds).
 */
import { randomUUID } from 'crypto';

import { PACKAGE_NAME } from '../n8n';
import { linearWorkflow, type CredentialRef, type NodeSpec } from './build';

export const CALLBACK_TRIGGER_NAME = 'PandaPon Trigger';
export const POLLING_TRIGGER_NAME = 'PandaPon Polling Trigger';
export const AFTER_TRIGGER_NAME = 'Received';

/** The webhook path every PandaPon Trigger node declares (POST default, GET/HEAD setup). */
export const CALLBACK_WEBHOOK_PATH = 'webhook';

/** What follows `/webhook/` in the production URL of a PandaPon Trigger with this webhookId. */
export const callbackWebhookPath = (webhookId: string) => `${webhookId}/${CALLBACK_WEBHOOK_PATH}`;

function noOp(name = AFTER_TRIGGER_NAME): NodeSpec {
	return { name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };
}

export interface CallbackTriggerParameters {
	platform?: 'any' | 'taobao' | '1688';
	events?: Array<'priceChanged' | 'statusChanged' | 'refund' | 'other'>;
	verification?: 'enforce' | 'off';
	options?: { dedupeWindowHours?: number; includeCurrentState?: boolean; messageTypes?: string };
}

/** PandaPon Trigger -> No Op; `webhookId` is returned so the test knows the URL. */
export function callbackTriggerWorkflow(opts: {
	name: string;
	credential: CredentialRef;
	webhookId?: string;
	parameters?: CallbackTriggerParameters;
	/** 2 (what new nodes get) unless a test covers workflows saved with version 1. */
	typeVersion?: 1 | 2;
}) {
	const webhookId = opts.webhookId ?? randomUUID();
	const parameters: CallbackTriggerParameters = {
		platform: 'any',
		events: ['priceChanged', 'statusChanged', 'refund'],
		verification: 'enforce',
		options: {},
		...(opts.parameters ?? {}),
	};
	const workflow = linearWorkflow({
		name: opts.name,
		trigger: {
			name: CALLBACK_TRIGGER_NAME,
			type: `${PACKAGE_NAME}.pandaPonTrigger`,
			typeVersion: opts.typeVersion ?? 2,
			webhookId,
			parameters: parameters as Record<string, unknown>,
			credentials: { pandaPonApi: opts.credential },
		},
		nodes: [noOp()],
	});
	return { workflow, webhookId, path: callbackWebhookPath(webhookId) };
}

/**
 * n8n 2.41 rejects a poll time that fires more than once a minute ("The polling interval
 * is too short"): a 6-field cron must have one fixed second. Several such entries are each
 * minute-granular, so "every minute at second 5, 20, 35 and 50" polls every 15 s.
 */
export function pollEverySeconds(seconds: number[]) {
	return { item: seconds.map((s) => ({ mode: 'custom', cronExpression: `${s} * * * * *` })) };
}

export type PollEvent = 'newTaobaoRefund' | 'taobaoRefundStatusChanged' | 'taobaoOrderStatusChanged' | 'alibabaOrderStatusChanged';

/** PandaPon Polling Trigger -> No Op. */
export function pollingTriggerWorkflow(opts: {
	name: string;
	credential: CredentialRef;
	event: PollEvent;
	pollSeconds: number[];
	statuses?: Array<string | number>;
	options?: Record<string, unknown>;
}) {
	const parameters: Record<string, unknown> = {
		pollTimes: pollEverySeconds(opts.pollSeconds),
		event: opts.event,
		options: opts.options ?? {},
	};
	if (opts.statuses) parameters.statuses = opts.statuses;
	return linearWorkflow({
		name: opts.name,
		trigger: {
			name: POLLING_TRIGGER_NAME,
			type: `${PACKAGE_NAME}.pandaPonPollingTrigger`,
			typeVersion: 1,
			parameters,
			credentials: { pandaPonApi: opts.credential },
		},
		nodes: [noOp()],
	});
}
