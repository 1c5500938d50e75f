import type { Field } from '../endpoints/types';

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
