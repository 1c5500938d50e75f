import type { IDataObject } from 'n8n-workflow';

import { parseLossless } from '../shared/losslessJson';

export type Platform = 'taobao' | '1688' | 'unknown';
export type CallbackEvent = 'priceChanged' | 'statusChanged' | 'refund' | 'other';

export interface PandaPonCallback {
	platform: Platform;
	messageType: string;
	event: CallbackEvent;
	messageBody: unknown;
	messagePlatform: unknown;
	timestamp: string | null;
	receivedAt: string;
}

/** What a POST turned out to be, before any workflow is started. */
export type Classified =
	| { kind: 'message'; callback: PandaPonCallback }
	| { kind: 'probe' }
	| { kind: 'malformed'; reason: string };

/**
 * Words of a messageType (split at `_`) that mean an order changed state: the white-label
 * names (ORDER_CREATE, ORDER_PAY_SUCCESS), 1688's buyer-view topics (REFERENCE section 8:
 * BUYER_MAKE, ORDER_PAY, ORDER_STEP_PAY, ORDER_BATCH_PAY, ANNOUNCE_SENDGOODS,
 * PART_PART_SENDGOODS, ORDER_COMFIRM_RECEIVEGOODS (sic), ORDER_SUCCESS, ORDER_*_CLOSE) and
 * the guessed …_STATUS_MODIFY.
 */
const STATUS_WORDS = new Set([
	'STATUS',
	'CREATE',
	'MAKE',
	'CANCEL',
	'PAY',
	'SENDGOODS',
	'CONFIRM',
	'COMFIRM',
	'RECEIVE',
	'RECEIVEGOODS',
	'SUCCESS',
	'CLOSE',
	// Plausible past-tense spellings of the same changes.
	'PAID',
	'SHIPPED',
	'RECEIVED',
	'CLOSED',
	'CANCELLED',
	'CANCELED',
]);

/**
 * Only the price-change names are documented; status and refund names are not, so
 * messages are classified by rule instead of a fixed list (REFERENCE sections 3 and 8).
 * Refund comes before status: 1688's ORDER_BUYER_REFUND_IN_SALES is a refund, not a sale.
 */
export function classifyEvent(messageType: string): CallbackEvent {
	const type = messageType.toUpperCase();
	if (type.endsWith('PRICE_MODIFY')) return 'priceChanged';
	if (type.includes('REFUND') || type.includes('AFTER_SALES') || type.includes('AFTERSALES')) return 'refund';
	if (type.split('_').some((word) => STATUS_WORDS.has(word))) return 'statusChanged';
	return 'other';
}

export function platformOf(messagePlatform: unknown, messageType: string): Platform {
	if (messagePlatform === 0 || messagePlatform === '0') return 'taobao';
	if (messagePlatform === 1 || messagePlatform === '1') return '1688';
	if (/^TAOBAO_/i.test(messageType)) return 'taobao';
	if (/^1688_/.test(messageType)) return '1688';
	return 'unknown';
}

/** messageBody arrives as an object or as a JSON-encoded string; strings that are not JSON stay as they are. */
export function normaliseBody(messageBody: unknown): unknown {
	if (typeof messageBody !== 'string') return messageBody ?? null;
	try {
		return parseLossless(messageBody);
	} catch {
		return messageBody;
	}
}

/** Parses a raw callback body. Empty bodies and JSON without a messageType are probes. */
export function classifyCallback(rawBody: string, receivedAt: Date): Classified {
	if (rawBody.trim() === '') return { kind: 'probe' };
	let parsed: unknown;
	try {
		parsed = parseLossless(rawBody);
	} catch (error) {
		return { kind: 'malformed', reason: `The body is not valid JSON: ${(error as Error).message}` };
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		return { kind: 'malformed', reason: 'The body must be a JSON object' };
	}
	const envelope = parsed as IDataObject;
	if (typeof envelope.messageType !== 'string' || envelope.messageType.trim() === '') return { kind: 'probe' };
	const messageType = envelope.messageType.trim();
	return {
		kind: 'message',
		callback: {
			platform: platformOf(envelope.messagePlatform, messageType),
			messageType,
			event: classifyEvent(messageType),
			messageBody: normaliseBody(envelope.messageBody),
			messagePlatform: envelope.messagePlatform ?? null,
			timestamp: envelope.timestamp === undefined || envelope.timestamp === null ? null : String(envelope.timestamp),
			receivedAt: receivedAt.toISOString(),
		},
	};
}

export interface CallbackFilter {
	platform: 'any' | 'taobao' | '1688';
	events: CallbackEvent[];
	messageTypes: string[];
}

export function matchesFilter(callback: PandaPonCallback, filter: CallbackFilter): boolean {
	if (filter.platform !== 'any' && callback.platform !== filter.platform) return false;
	if (filter.messageTypes.length > 0) return filter.messageTypes.includes(callback.messageType);
	return filter.events.includes(callback.event);
}

export function parseMessageTypeList(value: unknown): string[] {
	return String(value ?? '')
		.split(/[\s,]+/)
		.map((type) => type.trim())
		.filter((type) => type !== '');
}
