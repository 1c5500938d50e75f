/**
 * Where the ID and the status sit in the records of each list, and how a record becomes an
 * output item. Pure. The refund list is documented (REFERENCE.md 5.3: `refundOrder.refundId`,
 * `refundOrder.refundStatus`); the order lists are not (5.2, 5.7), so each event tries a few
 * likely places, and Options → ID Field / Status Field override them.
 */

import type { IDataObject } from 'n8n-workflow';

import { simplifyTaobaoRefund } from '../PandaPon/endpoints/taobaoRefund';
import { TAOBAO_REFUND_STATUSES } from '../PandaPon/fields/taobao';
import { codeOf, idText, isObject, labelOf } from '../PandaPon/output';

import type { ScannedRecord, StatusChange, StatusValue } from './state';

export const EVENTS = {
	newTaobaoRefund: 'newTaobaoRefund',
	taobaoRefundStatusChanged: 'taobaoRefundStatusChanged',
	taobaoOrderStatusChanged: 'taobaoOrderStatusChanged',
	alibabaOrderStatusChanged: 'alibabaOrderStatusChanged',
} as const;

export type PollEvent = (typeof EVENTS)[keyof typeof EVENTS];

export const STATUS_EVENTS: readonly PollEvent[] = [
	EVENTS.taobaoRefundStatusChanged,
	EVENTS.taobaoOrderStatusChanged,
	EVENTS.alibabaOrderStatusChanged,
];

export interface RecordShape {
	/** Dot paths tried in turn for the record's ID. */
	id: string[];
	/** Dot paths tried in turn for the record's status. */
	status: string[];
}

const REFUND_SHAPE: RecordShape = {
	id: ['refundOrder.refundId', 'refundId'],
	status: ['refundOrder.refundStatus', 'refundStatus'],
};

const REFUND_EVENTS: readonly PollEvent[] = [EVENTS.newTaobaoRefund, EVENTS.taobaoRefundStatusChanged];

export const RECORD_SHAPES: Record<PollEvent, RecordShape> = {
	newTaobaoRefund: REFUND_SHAPE,
	taobaoRefundStatusChanged: REFUND_SHAPE,
	// White-label copy: orderId / orderStatus; purchaseOrderId as a second guess.
	taobaoOrderStatusChanged: { id: ['orderId', 'purchaseOrderId'], status: ['orderStatus', 'status'] },
	// The 1688 order detail keeps both under baseInfo (REFERENCE.md 5.7); list rows may be flat.
	alibabaOrderStatusChanged: {
		id: ['orderId', 'baseInfo.idOfStr', 'baseInfo.id'],
		status: ['status', 'baseInfo.status', 'orderStatus'],
	},
};

/** The shape with the user's overrides (empty override = the defaults). */
export function shapeFor(event: PollEvent, idField?: string, statusField?: string): RecordShape {
	const defaults = RECORD_SHAPES[event];
	return {
		id: idField?.trim() ? [idField.trim()] : defaults.id,
		status: statusField?.trim() ? [statusField.trim()] : defaults.status,
	};
}

export function readPath(record: unknown, path: string): unknown {
	let current: unknown = record;
	for (const key of path.split('.')) {
		if (!isObject(current)) return undefined;
		current = current[key];
	}
	return current;
}

function firstPresent(record: unknown, paths: string[]): { path: string; value: unknown } | undefined {
	for (const path of paths) {
		const value = readPath(record, path);
		if (value !== undefined && value !== null && value !== '') return { path, value };
	}
	return undefined;
}

export { idText };

function statusOf(value: unknown): StatusValue {
	if (value === undefined || value === null) return null;
	if (['string', 'number', 'boolean'].includes(typeof value)) return value as StatusValue;
	return JSON.stringify(value);
}

export type ReadProblem =
	| { kind: 'notAnObject'; index: number }
	| { kind: 'noId'; index: number; paths: string[] }
	| { kind: 'noStatus'; paths: string[] };

/** A scanned record with the record itself and where its ID was found. */
export interface ReadRecord extends ScannedRecord {
	idPath: string;
	record: IDataObject;
}

export interface ReadResult {
	scanned: ReadRecord[];
	problem?: ReadProblem;
}

/**
 * Reads ID and status out of every record. A record without an ID stops the poll (the
 * trigger cannot tell it apart from the others, and skipping it would hide events). For
 * status events, a scan in which no record has a status at any of the paths stops it too:
 * the status is somewhere else, and every change would go unnoticed.
 */
export function readRecords(records: unknown[], shape: RecordShape, needsStatus: boolean): ReadResult {
	const scanned: ReadRecord[] = [];
	let anyStatus = false;
	for (const [index, record] of records.entries()) {
		if (!isObject(record)) return { scanned, problem: { kind: 'notAnObject', index } };
		const found = firstPresent(record, shape.id);
		const id = found && idText(found.value);
		if (!found || id === undefined) return { scanned, problem: { kind: 'noId', index, paths: shape.id } };
		const status = firstPresent(record, shape.status);
		if (status) anyStatus = true;
		scanned.push({ id, idPath: found.path, status: statusOf(status?.value), record });
	}
	if (needsStatus && scanned.length > 0 && !anyStatus) {
		return { scanned, problem: { kind: 'noStatus', paths: shape.status } };
	}
	return { scanned };
}

/** A copy of `record` whose value at `path` is `value`, copying only the objects on the way. */
function withValueAt(record: IDataObject, path: string, value: string): IDataObject {
	const [head, ...rest] = path.split('.');
	if (rest.length === 0) return { ...record, [head]: value };
	const child = record[head];
	return isObject(child) ? { ...record, [head]: withValueAt(child, rest.join('.'), value) } : record;
}

/**
 * The record with its ID as a string; a refund as one flat record, as Taobao Refund › Get
 * Many with Simplify gives it (labels, yuan, ISO dates). Other records as PandaPon sent them.
 */
function recordOutput(scanned: ReadRecord, event: PollEvent): IDataObject {
	const exact = withValueAt(scanned.record, scanned.idPath, scanned.id);
	return REFUND_EVENTS.includes(event) ? simplifyTaobaoRefund(exact) : exact;
}

export function newRecordItem(scanned: ReadRecord, event: PollEvent): IDataObject {
	return { ...recordOutput(scanned, event), event };
}

/** Refund status codes arrive as text in the list ("100"): items carry them as numbers, with labels. */
export function statusChangeItem(change: StatusChange<ReadRecord>, event: PollEvent): IDataObject {
	const previousStatus = codeOf(change.previousStatus) as StatusValue;
	const status = codeOf(change.record.status) as StatusValue;
	const labels = REFUND_EVENTS.includes(event)
		? { previousStatusLabel: labelOf(TAOBAO_REFUND_STATUSES, previousStatus) ?? null, statusLabel: labelOf(TAOBAO_REFUND_STATUSES, status) ?? null }
		: {};
	return { ...recordOutput(change.record, event), event, previousStatus, status, ...labels };
}

/** True when `status` passes the "Only These Statuses" filter (empty = every status). */
export function statusWanted(status: StatusValue, wanted: Array<string | number>): boolean {
	return wanted.length === 0 || wanted.some((value) => status !== null && String(value) === String(status));
}
