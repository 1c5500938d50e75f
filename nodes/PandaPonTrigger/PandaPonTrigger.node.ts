import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { pandaPonApiTest } from '../shared/credentialTest';
import type { CallbackSignatureBase } from '../shared/signing';
import { classifyCallback, matchesFilter, parseMessageTypeList, type CallbackEvent, type CallbackFilter } from './callback';
import { authenticateCallback } from './callbackSecret';
import { fetchCurrentState } from './currentState';
import { acceptDelivery, deliveryOf, MAX_REMEMBERED_SUBJECTS, type DedupeOutcome, type DeliveryLog } from './deduplication';
import { readCallbackBody, type BodyRead, type CallbackRequest } from './requestBody';

/** PandaPon's messages are small order notices; anything this large is not one of them. */
export const MAX_BODY_BYTES = 1024 * 1024;
const HOUR_MS = 3_600_000;

const EVENT_OPTIONS: Array<{ name: string; value: CallbackEvent; description: string }> = [
	{ name: 'Order Price Changed', value: 'priceChanged', description: 'The seller changed the price of an unpaid order' },
	{ name: 'Order Status Changed', value: 'statusChanged', description: 'An order was created, paid, shipped, completed or closed' },
	{ name: 'After-Sales Refund', value: 'refund', description: 'A refund or return was opened or changed' },
	{ name: 'Any Other Message', value: 'other', description: 'Message types PandaPon adds that match none of the above' },
];

/** The canvas subtitle lists the chosen events by their labels, not their internal values. */
const EVENTS_SUBTITLE = `={{ $parameter["events"].map(event => ( ${JSON.stringify(
	Object.fromEntries(EVENT_OPTIONS.map((option) => [option.value, option.name])),
)} )[event] || event).join(", ") }}`;

/** Why a retry may run twice: the log had to forget orders and refunds still inside the window. */
function windowFullText(windowMs: number): string {
	return (
		`More than ${MAX_REMEMBERED_SUBJECTS.toLocaleString('en-US')} orders and refunds had messages within the ${windowMs / HOUR_MS}-hour deduplication window, ` +
		'so the oldest were forgotten and a retry of their last message would start a second execution. A shorter window holds a higher rate.'
	);
}

type Answer = { status: number; body: IDataObject };

function answer(context: IWebhookFunctions, { status, body }: Answer): IWebhookResponseData {
	context.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

const BODY_PROBLEMS: Record<Exclude<BodyRead['kind'], 'read'>, Answer> = {
	tooLarge: { status: 413, body: { error: `Body larger than ${MAX_BODY_BYTES} bytes` } },
	aborted: { status: 400, body: { error: 'The request body ended before it was complete' } },
	undecodable: { status: 400, body: { error: 'The request body does not match its Content-Encoding' } },
};

function readFilter(context: IWebhookFunctions): CallbackFilter {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	return {
		platform: context.getNodeParameter('platform', 'any') as CallbackFilter['platform'],
		events: context.getNodeParameter('events', []) as CallbackEvent[],
		messageTypes: parseMessageTypeList(options.messageTypes),
	};
}

export class PandaPonTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PandaPon Trigger',
		name: 'pandaPonTrigger',
		icon: { light: 'file:../PandaPon/pandapon.svg', dark: 'file:../PandaPon/pandapon.dark.svg' },
		group: ['trigger'],
		// Version 2 changes nothing for the user. n8n evaluates a Webhook-node v1 leftover
		// expression on every request to a typeVersion 1 start node, which costs an
		// expression isolate per callback; from version 2 on it skips that.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: EVENTS_SUBTITLE,
		description: 'Starts a workflow when PandaPon reports an order price change, an order status change or a refund',
		defaults: { name: 'PandaPon Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pandaPonApi', required: true, testedBy: 'pandaPonApiTest' }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
			// PandaPon's console "Verify" probe is undocumented: GET and HEAD must answer 200 too.
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			{ name: 'setup', httpMethod: 'HEAD', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			{
				displayName:
					"Set up: open Webhook URLs above, pick Production URL and copy it. In PandaPon's console open Message Service, paste it, click Verify, then Save. PandaPon has one callback URL per account.",
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Platform',
				name: 'platform',
				type: 'options',
				default: 'any',
				options: [
					{ name: 'Taobao and 1688', value: 'any' },
					{ name: 'Taobao', value: 'taobao' },
					{ name: '1688', value: '1688' },
				],
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				default: ['priceChanged', 'statusChanged', 'refund'],
				options: EVENT_OPTIONS,
				description: 'Which messages start the workflow (recognised by words in PandaPon\'s message type; see the docs)',
			},
			{
				displayName: 'Signature Verification',
				name: 'verification',
				type: 'options',
				default: 'enforce',
				options: [
					{
						name: 'Only Messages Signed by PandaPon',
						value: 'enforce',
						description: 'PandaPon signs every message with your Access Secret; unsigned or forged ones are refused and start nothing',
					},
					{ name: 'Accept Any Message (Testing Only)', value: 'off', description: 'Anyone who knows the URL can start the workflow' },
				],
				description:
					'Whether to check that a message really comes from PandaPon. Each item says in signatureBase which signature form matched (accessKey+body or body).',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Deduplication Window (Hours)',
						name: 'dedupeWindowHours',
						type: 'number',
						default: 6,
						typeOptions: { minValue: 0 },
						description:
							'PandaPon re-sends a message it thinks failed (every 30 minutes, up to 5 times). The same message again within this window starts no new execution, unless another message about the same order or refund came in between. 0 turns this off.',
					},
					{
						displayName: 'Include Current State',
						name: 'includeCurrentState',
						type: 'boolean',
						default: false,
						description:
							'Whether to fetch the order or refund as PandaPon sees it now and add it as currentState (messages can arrive out of order). Costs one API call per message.',
					},
					{
						displayName: 'Only These Message Types',
						name: 'messageTypes',
						type: 'string',
						default: '',
						placeholder: 'e.g. TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
						description: 'Comma-separated exact messageType values. When set, it replaces the Events filter.',
					},
				],
			},
		],
	};

	methods = { credentialTest: { pandaPonApiTest } };

	// PandaPon has no API to register callback URLs: the user pastes the URL in its console.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		if (this.getWebhookName() !== 'default') return answer(this, { status: 200, body: { ok: true } });

		const body = await readCallbackBody(this.getRequestObject() as CallbackRequest, MAX_BODY_BYTES);
		if (body.kind !== 'read') return answer(this, BODY_PROBLEMS[body.kind]);
		const rawBody = body.bytes;
		const receivedAt = new Date();
		const classified = classifyCallback(rawBody.toString('utf8'), receivedAt);
		if (classified.kind === 'probe') return answer(this, { status: 200, body: { ok: true } });
		if (classified.kind === 'malformed') return answer(this, { status: 400, body: { error: classified.reason } });

		const authorization = this.getHeaderData().authorization as string | undefined;
		const enforced = this.getNodeParameter('verification', 'enforce') === 'enforce';
		let signatureBase: CallbackSignatureBase | undefined;
		if (enforced) {
			signatureBase = await authenticateCallback(this, rawBody, authorization);
			if (signatureBase === undefined) return answer(this, { status: 401, body: { error: 'Invalid or missing signature' } });
		}

		const { callback } = classified;
		if (!matchesFilter(callback, readFilter(this))) return answer(this, { status: 200, body: { ok: true, ignored: true } });

		const options = this.getNodeParameter('options', {}) as IDataObject;
		const windowMs = Number(options.dedupeWindowHours ?? 6) * HOUR_MS;
		let dedupe: DedupeOutcome | undefined;
		// Test runs (the editor's "Listen for test event") show every delivery, repeats included.
		if (windowMs > 0 && this.getMode() !== 'manual') {
			// Updated in place: n8n saves static data only when something was written.
			const log = this.getWorkflowStaticData('node') as Partial<DeliveryLog>;
			// Keyed like the static data (n8n keys it by node name).
			const scope = `${this.getWorkflow().id}:${this.getNode().name}`;
			dedupe = acceptDelivery(log, scope, deliveryOf(callback), receivedAt.getTime(), windowMs);
			if (dedupe.droppedInWindow > 0) {
				this.logger.warn(`PandaPon Trigger "${this.getNode().name}": ${windowFullText(windowMs)} (${dedupe.droppedInWindow} dropped just now)`);
			}
			if (dedupe.duplicate) return answer(this, { status: 200, body: { ok: true, duplicate: true } });
		}

		// Acknowledge now: PandaPon gives up after 1000 ms, and n8n's own start-up of the
		// execution (and any current-state lookup) would otherwise count against that.
		answer(this, { status: 200, body: { ok: true } });
		// Unchecked so far with verification off: checked now, only to report it.
		if (!enforced) signatureBase = await authenticateCallback(this, rawBody, authorization).catch(() => undefined);
		const item: IDataObject = { ...callback, signatureBase: signatureBase ?? null } as unknown as IDataObject;
		if (dedupe?.incomplete === true) item.deduplicationWarning = windowFullText(windowMs);
		if (options.includeCurrentState === true) Object.assign(item, await fetchCurrentState(this, callback));
		return { noWebhookResponse: true, workflowData: [[{ json: item }]] };
	}
}
