import {
	NodeOperationError,
	type IDataObject,
	type ILoadOptionsFunctions,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { findPage, UnreadablePageError } from '../shared/pagination';
import { request } from '../shared/transport';
import { endpointByKey } from './endpoints';
import { encodeValue, InputError } from './request';

type LoadOptionsMethod = (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;

function firstPresent(record: IDataObject, keys: string[]): string | undefined {
	const key = keys.find((candidate) => record[candidate] !== undefined && record[candidate] !== null && record[candidate] !== '');
	return key === undefined ? undefined : String(record[key]);
}

/** The list inside an answer: a page, a bare array, or the first array-valued property. */
function recordsIn(data: unknown): unknown[] {
	const page = findPage(data);
	const records = page instanceof UnreadablePageError ? [] : page.records;
	if (records.length > 0 || data === null || typeof data !== 'object') return records;
	return (Object.values(data).find(Array.isArray) as unknown[] | undefined) ?? [];
}

/**
 * Builds dropdown entries from a list whose field names PandaPon does not document: the
 * usual names are tried in turn, and records without a usable value are skipped.
 */
export function toOptions(data: unknown, valueKeys: string[], nameKeys: string[], detailKeys: string[] = []): INodePropertyOptions[] {
	const options: INodePropertyOptions[] = [];
	for (const record of recordsIn(data) as IDataObject[]) {
		if (!record || typeof record !== 'object') continue;
		const value = firstPresent(record, valueKeys);
		if (value === undefined) continue;
		const name = firstPresent(record, nameKeys) ?? value;
		const detail = detailKeys.map((key) => record[key]).filter((part) => part !== undefined && part !== '');
		options.push({ name, value, description: detail.length > 0 ? detail.join(', ') : undefined });
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

async function call(context: ILoadOptionsFunctions, key: string, body?: IDataObject): Promise<unknown> {
	const endpoint = endpointByKey(key);
	return request(context, {
		method: endpoint.method,
		path: endpoint.path,
		body: endpoint.method === 'GET' ? undefined : (body ?? {}),
		idempotent: true,
	});
}

function currentParameter(context: ILoadOptionsFunctions, name: string): unknown {
	const value = context.getCurrentNodeParameter(name);
	if (value !== undefined && value !== '') return value;
	return (context.getCurrentNodeParameter('additionalFields') as IDataObject | undefined)?.[name];
}

async function get1688RefundReasons(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const orderId = currentParameter(this, 'orderId');
	const goodsStatus = currentParameter(this, 'goodsStatus');
	if (!orderId || !goodsStatus) {
		throw new NodeOperationError(this.getNode(), 'Enter the Order ID and Goods Status first', {
			description: '1688 offers different refund reasons depending on the order and whether the goods arrived.',
		});
	}
	let body: IDataObject;
	try {
		body = {
			orderId: encodeValue({ name: 'orderId', displayName: 'Order ID', kind: 'int64' }, orderId, 'body') as IDataObject[string],
			goodsStatus: String(goodsStatus),
		};
		const entries = currentParameter(this, 'orderEntryIds');
		const encodedEntries = encodeValue(
			{ name: 'orderEntryIds', displayName: 'Order Entry IDs', kind: 'idList', itemKind: 'int64' },
			entries,
			'body',
		);
		if (encodedEntries !== undefined) body.orderEntryIds = encodedEntries as IDataObject[string];
	} catch (error) {
		const problem = error as InputError;
		throw new NodeOperationError(this.getNode(), problem.message, { description: problem.description });
	}
	const data = await call(this, 'alibabaAfterSales.listReasons', body);
	return toOptions(data, ['id', 'reasonId', 'applyReasonId', 'value'], ['name', 'reasonDesc', 'reason', 'title'], ['tip', 'tips']);
}

async function get1688LogisticsCompanies(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const data = await call(this, 'alibabaAfterSales.listLogisticsCompanies');
	return toOptions(data, ['companyNo', 'code', 'logisticsCompanyNo', 'logisticsCompanyCode', 'id'], ['companyName', 'name', 'logisticsCompanyName']);
}

async function getSavedAddresses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const data = await call(this, 'address.get');
	return toOptions(data, ['id', 'addressId'], ['name', 'fullName', 'receiverName'], ['province', 'city', 'district', 'address']);
}

export const loadOptions: Record<string, LoadOptionsMethod> = {
	get1688RefundReasons,
	get1688LogisticsCompanies,
	getSavedAddresses,
};
