import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { mapConcurrently } from '../shared/mapConcurrently';
import { paginate } from '../shared/pagination';
import { request } from '../shared/transport';
import { CUSTOM_API_CALL, runCustomApiCall } from './customApiCall';
import { DEFAULT_CONCURRENCY, PARAM } from './description';
import { findEndpoint } from './endpoints';
import type { Endpoint } from './endpoints/types';
import { toRecords } from './output';
import { buildRequest, InputError, toNodeOperationError } from './request';

async function runEndpoint(context: IExecuteFunctions, endpoint: Endpoint, itemIndex: number): Promise<IDataObject[]> {
	const pandaPonRequest = await buildRequest(context, endpoint, itemIndex);
	if (endpoint.list) {
		const returnAll = context.getNodeParameter(PARAM.returnAll, itemIndex, false) as boolean;
		const limit = returnAll ? undefined : (context.getNodeParameter(PARAM.limit, itemIndex, 50) as number);
		const pageSize = Math.min(limit ?? Infinity, endpoint.list.maxPageSize ?? Infinity, endpoint.list.defaultPageSize);
		const records = await paginate(context, pandaPonRequest, { style: endpoint.list.style, pageSize, limit });
		return toRecords({ splitArray: true, simplify: endpoint.simplify }, records, simplifyWanted(context, endpoint, itemIndex));
	}
	const data = await request(context, pandaPonRequest);
	return toRecords(endpoint, data, simplifyWanted(context, endpoint, itemIndex));
}

/** Simplify is on by default, except in nodes older than the version that gave the endpoint its Simplify. */
function simplifyWanted(context: IExecuteFunctions, endpoint: Endpoint, itemIndex: number): boolean {
	if (!endpoint.simplify) return false;
	const olderNode = endpoint.simplifySince !== undefined && context.getNode().typeVersion < endpoint.simplifySince;
	return context.getNodeParameter(PARAM.simplify, itemIndex, !olderNode) as boolean;
}

async function runItem(context: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const resource = context.getNodeParameter(PARAM.resource, itemIndex) as string;
	const operation = context.getNodeParameter(PARAM.operation, itemIndex) as string;
	if (resource === CUSTOM_API_CALL) return toRecords({}, await runCustomApiCall(context, itemIndex), false);
	const endpoint = findEndpoint(resource, operation);
	if (!endpoint) {
		throw new NodeOperationError(context.getNode(), `Unknown operation "${operation}" for resource "${resource}"`, {
			itemIndex,
			description: 'Open the node and pick the resource and operation again.',
		});
	}
	return runEndpoint(context, endpoint, itemIndex);
}

/** n8n's own errors keep their class (and httpCode); anything else is wrapped for the item. */
function asNodeError(context: IExecuteFunctions, caught: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (caught instanceof InputError) return toNodeOperationError(context, caught, itemIndex);
	if (caught instanceof NodeApiError || caught instanceof NodeOperationError) return caught;
	return new NodeOperationError(context.getNode(), caught as Error, { itemIndex });
}

function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	const description = (error as { description?: unknown }).description;
	return {
		json: { error: error.message, ...(typeof description === 'string' ? { description } : {}) },
		pairedItem: { item: itemIndex },
	};
}

/** Runs every input item through its operation, `concurrency` at a time, in input order. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const concurrency = this.getNodeParameter(`${PARAM.options}.concurrency`, 0, DEFAULT_CONCURRENCY) as number;
	const perItem = await mapConcurrently(items.length, concurrency, async (itemIndex) => {
		try {
			const records = await runItem(this, itemIndex);
			return records.map((json): INodeExecutionData => ({ json, pairedItem: { item: itemIndex } }));
		} catch (caught) {
			const error = asNodeError(this, caught, itemIndex);
			if (this.continueOnFail()) return [errorItem(error, itemIndex)];
			throw error;
		}
	});
	return [perItem.flat()];
}
