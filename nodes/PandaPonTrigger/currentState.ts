import type { IDataObject } from 'n8n-workflow';

import { endpointByKey } from '../PandaPon/endpoints';
import { JsonInteger } from '../shared/losslessJson';
import { request, type PandaPonContext } from '../shared/transport';
import { requestFromValues } from '../PandaPon/request';
import type { PandaPonCallback } from './callback';

interface DetailLookup {
	key: string;
	/** Builds the parameters from the message's ID. */
	parameters: (id: string) => IDataObject;
}

/** Where PandaPon keeps the current state of what a message is about. */
const LOOKUPS: Record<'taobao' | '1688', { order: DetailLookup; refund: DetailLookup }> = {
	taobao: {
		order: { key: 'taobaoOrder.get', parameters: (orderId) => ({ orderId }) },
		refund: { key: 'taobaoAfterSales.get', parameters: (refundId) => ({ refundId }) },
	},
	'1688': {
		order: { key: 'alibabaOrder.get', parameters: (orderId) => ({ orderId }) },
		refund: { key: 'alibabaAfterSales.get', parameters: (refundId) => ({ refundId }) },
	},
};

type IdPath = Array<string | number>;

/**
 * Where messages carry an order ID, first found wins: flat IDs (white-label and 1688 in-sale
 * refund messages; `salesOrderId` of the Taobao price message), the 1688 price message whose
 * body is the order detail (`baseInfo`, the string form first), and the Taobao price
 * message's snake_case lines.
 */
const ORDER_ID_PATHS: IdPath[] = [
	['orderId'],
	['purchaseOrderId'],
	['salesOrderId'],
	['tradeId'],
	['baseInfo', 'idOfStr'],
	['baseInfo', 'id'],
	['subOrders', 0, 'purchase_order_outer_id'],
];
const REFUND_ID_PATHS: IdPath[] = [['refundId'], ['disputeId']];

function valueAt(body: unknown, path: IdPath): unknown {
	let value = body;
	for (const step of path) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string | number, unknown>)[step];
	}
	return value;
}

/** The first ID found, as exact text; objects, lists and empty values are not IDs. */
function idIn(body: unknown, paths: IdPath[]): string | undefined {
	for (const path of paths) {
		const value = valueAt(body, path);
		if (value instanceof JsonInteger) return value.digits;
		if ((typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value))) return String(value);
	}
	return undefined;
}

/** The order or refund a message is about. */
export interface MessageSubject {
	kind: 'order' | 'refund';
	id: string;
}

/** A refund message is about its refund (its order when it names none); any other message about its order. */
export function messageSubject(callback: Pick<PandaPonCallback, 'event' | 'messageBody'>): MessageSubject | undefined {
	const refundId = callback.event === 'refund' ? idIn(callback.messageBody, REFUND_ID_PATHS) : undefined;
	if (refundId !== undefined) return { kind: 'refund', id: refundId };
	const orderId = idIn(callback.messageBody, ORDER_ID_PATHS);
	return orderId === undefined ? undefined : { kind: 'order', id: orderId };
}

/** The detail request for a message, or a reason why there is none. */
export function detailRequestFor(callback: PandaPonCallback): { key: string; parameters: IDataObject } | { reason: string } {
	if (callback.platform === 'unknown') return { reason: 'the message does not say which platform it is from' };
	const subject = messageSubject(callback);
	if (subject === undefined) return { reason: 'the message carries no order or refund ID' };
	const lookup = LOOKUPS[callback.platform][subject.kind];
	return { key: lookup.key, parameters: lookup.parameters(subject.id) };
}

/**
 * Messages can arrive out of order, so users may ask for the state as PandaPon sees it now.
 * A failed lookup is reported on the item instead of failing the execution.
 */
export async function fetchCurrentState(context: PandaPonContext, callback: PandaPonCallback): Promise<IDataObject> {
	const lookup = detailRequestFor(callback);
	if ('reason' in lookup) return { currentState: null, currentStateError: `No current state: ${lookup.reason}` };
	try {
		const data = await request(context, requestFromValues(endpointByKey(lookup.key), lookup.parameters));
		return { currentState: (data ?? null) as IDataObject };
	} catch (error) {
		return { currentState: null, currentStateError: (error as Error).message };
	}
}
