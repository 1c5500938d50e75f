import type { IDataObject } from 'n8n-workflow';

import type { Field } from '../endpoints/types';
import { pick } from '../output';
import { addressParts, textField } from './address';

/** Refund status codes as the white-label copy of the docs lists them (unconfirmed for PandaPon). */
export const TAOBAO_REFUND_STATUSES = [
	{ name: 'Not Applied (0)', value: 0 },
	{ name: 'Applied, Awaiting Seller (10)', value: 10 },
	{ name: 'Agreed, Awaiting Return (20)', value: 20 },
	{ name: 'Returned, Awaiting Seller Receipt (30)', value: 30 },
	{ name: 'Refunded (100)', value: 100 },
	{ name: 'Seller Refused (-10)', value: -10 },
	{ name: 'Closed (-20)', value: -20 },
];

/** Refund types: the upstream Taobao API's enum (REFERENCE section 8); unconfirmed for PandaPon. */
export const TAOBAO_REFUND_TYPES = [
	{ name: 'Refund Only (1)', value: 1 },
	{ name: 'Return and Refund (2)', value: 2 },
];

/** Goods status of a refund: the upstream Taobao API's enum (REFERENCE section 8); unconfirmed for PandaPon. */
export const TAOBAO_GOODS_STATUSES = [
	{ name: 'Not Shipped (1)', value: 1 },
	{ name: 'Shipped (2)', value: 2 },
	{ name: 'Not Received (3)', value: 3 },
	{ name: 'Received (4)', value: 4 },
	{ name: 'Sent Back (5)', value: 5 },
	{ name: 'Seller Confirmed Receipt (6)', value: 6 },
];

export const taobaoRefundStatusField: Field = {
	name: 'refundStatus',
	displayName: 'Refund Status',
	kind: 'options',
	default: 10,
	options: TAOBAO_REFUND_STATUSES,
	description: 'Only refunds in this status (codes from the white-label docs; unconfirmed)',
};

export const refundFeeField: Field = {
	name: 'refundFee',
	displayName: 'Refund Amount',
	kind: 'integer',
	description: 'Amount to refund, as an integer in the unit the API expects (undocumented, likely fen: 1 CNY = 100)',
};

/** A Taobao product ID where PandaPon takes it as a JSON integer (order lines, cart). */
export const taobaoItemIdField: Field = {
	name: 'itemId',
	displayName: 'Item ID',
	kind: 'int64',
	required: true,
	description: 'ID of the product (written as an exact integer literal)',
};

export const taobaoQuantityField: Field = { name: 'quantity', displayName: 'Quantity', kind: 'integer', required: true, default: 1 };

/**
 * A Chinese delivery address as Taobao orders take it: country, province and city are
 * names (e.g. 中国, 浙江省, 杭州市), and the mobile number travels as snake_case `mobile_phone`.
 */
export const TAOBAO_ADDRESS_FIELDS: Field[] = [
	addressParts.name,
	{
		name: 'mobilePhone',
		displayName: 'Mobile Phone',
		kind: 'string',
		wire: 'mobile_phone',
		description: 'Mobile number of the recipient',
		placeholder: 'e.g. 15068763421',
	},
	addressParts.phone,
	textField('country', 'Country', 'Country name as Taobao writes it (not an ISO code)', 'e.g. 中国'),
	textField('state', 'Province', 'Province or state', 'e.g. 浙江省'),
	addressParts.city,
	addressParts.district,
	addressParts.street,
	addressParts.zip,
];

/** The recipient of a Taobao order, sent as a JSON-encoded string (REFERENCE 4.1). */
export const taobaoReceiverField: Field = {
	name: 'receiver',
	displayName: 'Receiver',
	kind: 'group',
	required: true,
	jsonString: true,
	fields: TAOBAO_ADDRESS_FIELDS,
	description: 'Where the goods are delivered (usually your warehouse or forwarder in China)',
};

/** The delivery address of a cart order, sent as a plain JSON object. */
export const taobaoOrderAddressField: Field = {
	name: 'orderAddress',
	displayName: 'Order Address',
	kind: 'group',
	required: true,
	fields: TAOBAO_ADDRESS_FIELDS,
	description: 'Where the goods are delivered (usually your warehouse or forwarder in China)',
};

/** Where a simplified record finds its lines (SKUs, order lines) and what it keeps of each. */
export interface LineSummary {
	/** Candidate keys of the line array, first present wins (response shapes are partly undocumented). */
	from: string[];
	as: string;
	keys: string[];
}

function summarise(line: unknown, keys: string[]): unknown {
	if (line === null || typeof line !== 'object' || Array.isArray(line)) return line;
	const picked = pick(line as IDataObject, keys);
	return Object.keys(picked).length > 0 ? picked : line;
}

/**
 * Keeps the listed keys and a summary of each line. Values (IDs included) are kept exactly
 * as they arrive. A response with none of the expected keys is returned unchanged rather
 * than simplified to nothing.
 */
export function simplifyWithLines(data: IDataObject, keys: string[], lines: LineSummary): IDataObject {
	const simplified = pick(data, keys);
	const source = lines.from.map((key) => data[key]).find(Array.isArray);
	if (source) simplified[lines.as] = source.map((line) => summarise(line, lines.keys)) as IDataObject[];
	return Object.keys(simplified).length > 0 ? simplified : data;
}
