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

const ORDER_ID_KEYS = ['orderId', 'purchaseOrderId', 'salesOrderId', 'tradeId'];
const REFUND_ID_KEYS = ['refundId', 'disputeId'];

function idIn(body: unknown, keys: string[]): string | undefined {
	if (body === null || typeof body !== 'object') return undefined;
	const record = body as IDataObject;
	const key = keys.find((candidate) => record[candidate] !== undefined && record[candidate] !== null && record[candidate] !== '');
	if (key === undefined) return undefined;
	const value = record[key];
	return value instanceof JsonInteger ? value.digits : String(value);
}

/** The detail request for a message, or a reason why there is none. */
export function detailRequestFor(callback: PandaPonCallback): { key: string; parameters: IDataObject } | { reason: string } {
	if (callback.platform === 'unknown') return { reason: 'the message does not say which platform it is from' };
	const lookups = LOOKUPS[callback.platform];
	const refundId = callback.event === 'refund' ? idIn(callback.messageBody, REFUND_ID_KEYS) : undefined;
	if (refundId !== undefined) return { key: lookups.refund.key, parameters: lookups.refund.parameters(refundId) };
	const orderId = idIn(callback.messageBody, ORDER_ID_KEYS);
	if (orderId !== undefined) return { key: lookups.order.key, parameters: lookups.order.parameters(orderId) };
	return { reason: 'the message carries no order or refund ID' };
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
