import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { AdaptiveConcurrency } from '../shared/adaptiveConcurrency';
import { settleConcurrently, type Outcome, type Pace } from '../shared/settleConcurrently';
import { paginate } from '../shared/pagination';
import { stringifyLossless } from '../shared/losslessJson';
import { observeLoad, request, type PandaPonRequest } from '../shared/transport';
import { ACCOUNT, checkEndpointsPlan } from './accountResource';
import { buildCustomRequest, CUSTOM_API_CALL } from './customApiCall';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_SECONDS, PARAM } from './description';
import { findEndpoint } from './endpoints';
import { DOCS_LINKS } from './endpoints/docsLinks';
import { dryRunRecord, isDryRun, type DryRunSubject } from './dryRun';
import type { Endpoint } from './endpoints/types';
import { toRecords } from './output';
import { buildRequest, InputError, toNodeOperationError } from './request';

async function runEndpoint(
	context: IExecuteFunctions,
	endpoint: Endpoint,
	itemIndex: number,
	pandaPonRequest: PandaPonRequest,
): Promise<IDataObject[]> {
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

/** One item's work, checked and built before anything is sent. */
interface ItemPlan {
	pandaPonRequest: PandaPonRequest;
	/** A Dry Run only shows the request: nothing reaches PandaPon. */
	dryRun: boolean;
	send: () => Promise<IDataObject[]>;
}

function dryRunPlan(context: IExecuteFunctions, pandaPonRequest: PandaPonRequest, subject: DryRunSubject): ItemPlan {
	return { pandaPonRequest, dryRun: true, send: async () => [await dryRunRecord(context, pandaPonRequest, subject)] };
}

function readTimeoutMs(context: IExecuteFunctions, itemIndex: number): number {
	const seconds = Number(context.getNodeParameter(`${PARAM.options}.timeout`, itemIndex, DEFAULT_TIMEOUT_SECONDS));
	if (!(seconds > 0)) {
		throw new InputError(`"Timeout (Seconds)" must be a positive number, got "${String(seconds)}"`, 'Enter how many seconds to wait for PandaPon, e.g. 30.');
	}
	return seconds * 1000;
}

async function planItem(context: IExecuteFunctions, itemIndex: number): Promise<ItemPlan> {
	const resource = context.getNodeParameter(PARAM.resource, itemIndex) as string;
	const operation = context.getNodeParameter(PARAM.operation, itemIndex) as string;
	const timeoutMs = readTimeoutMs(context, itemIndex);
	if (resource === ACCOUNT) return { ...checkEndpointsPlan(context, itemIndex, timeoutMs), dryRun: false };
	if (resource === CUSTOM_API_CALL) {
		const pandaPonRequest = { ...buildCustomRequest(context, itemIndex), timeoutMs };
		if (pandaPonRequest.method !== 'GET' && isDryRun(context, itemIndex)) {
			return dryRunPlan(context, pandaPonRequest, { operation: CUSTOM_API_CALL, confidence: 'custom' });
		}
		return { pandaPonRequest, dryRun: false, send: async () => toRecords({}, await request(context, pandaPonRequest), false) };
	}
	const endpoint = findEndpoint(resource, operation);
	if (!endpoint) {
		throw new NodeOperationError(context.getNode(), `Unknown operation "${operation}" for resource "${resource}"`, {
			itemIndex,
			description: 'Open the node and pick the resource and operation again.',
		});
	}
	const pandaPonRequest = { ...(await buildRequest(context, endpoint, itemIndex)), timeoutMs };
	if (endpoint.changesData && isDryRun(context, itemIndex)) {
		return dryRunPlan(context, pandaPonRequest, { operation: endpoint.key, confidence: endpoint.confidence, docs: DOCS_LINKS[endpoint.key] });
	}
	return { pandaPonRequest, dryRun: false, send: () => runEndpoint(context, endpoint, itemIndex, pandaPonRequest) };
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

const changesData = (plan: ItemPlan | undefined) => plan !== undefined && !plan.dryRun && !plan.pandaPonRequest.idempotent;

/**
 * Changes run one at a time unless the user opted in: then no later item can be on its way
 * while an earlier one fails. Otherwise the number in flight adapts to PandaPon's answers,
 * up to the user's Concurrency.
 */
function paceFor(context: IExecuteFunctions, plans: Array<ItemPlan | undefined>): Pace {
	const ceiling = context.getNodeParameter(`${PARAM.options}.concurrency`, 0, DEFAULT_CONCURRENCY) as number;
	const concurrentChanges = context.getNodeParameter(`${PARAM.options}.concurrentChanges`, 0, false) as boolean;
	if (plans.some(changesData) && !concurrentChanges) return { limit: 1 };
	const adaptive = new AdaptiveConcurrency({ ceiling });
	observeLoad(context, adaptive);
	return adaptive;
}

const PREVIEW_LENGTH = 300;
/** Beyond this many detailed lines a report lists only item numbers, so the error stays readable. */
const DETAILED_ITEMS = 100;

function preview(value: unknown): string {
	const text = stringifyLossless(value);
	return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}…` : text;
}

/** What reached PandaPon in a run that failed, so that a re-run can leave those items out. */
function batchReport(plans: Array<ItemPlan | undefined>, outcomes: Array<Outcome<INodeExecutionData[]>>, failedIndex: number): string {
	const lines: string[] = [];
	const appliedBeyondDetail: number[] = [];
	const notStarted: number[] = [];
	let applied = 0;
	outcomes.forEach((outcome, itemIndex) => {
		const plan = plans[itemIndex];
		if (itemIndex === failedIndex || !changesData(plan)) return;
		if (outcome.status === 'notStarted') notStarted.push(itemIndex);
		else if (outcome.status === 'fulfilled') {
			applied++;
			const sent = plan!.pandaPonRequest.body ?? plan!.pandaPonRequest.query;
			if (lines.length >= DETAILED_ITEMS) appliedBeyondDetail.push(itemIndex);
			else lines.push(`- item ${itemIndex} APPLIED: sent ${preview(sent)}, PandaPon answered ${preview(outcome.value.map((item) => item.json))}`);
		} else lines.push(`- item ${itemIndex} failed too: ${(outcome.reason as Error).message}`);
	});
	if (lines.length === 0 && notStarted.length === 0) return '';
	return [
		applied > 0
			? `Items PandaPon already applied in this run (n8n shows no output for them; leave them out when you run again):`
			: 'No other item of this run was applied by PandaPon.',
		...lines,
		...(appliedBeyondDetail.length > 0 ? [`- also APPLIED: items ${appliedBeyondDetail.join(', ')}.`] : []),
		...(notStarted.length > 0 ? [`Not sent (nothing done): items ${notStarted.join(', ')}.`] : []),
	].join('\n');
}

function withReport(error: NodeApiError | NodeOperationError, report: string): NodeApiError | NodeOperationError {
	if (report !== '') error.description = [error.description, report].filter(Boolean).join('\n\n');
	return error;
}

/**
 * An AI agent sees only an error's message when n8n's engine runs the node as its tool, so
 * whether a change may have been applied (said in the description) goes into the message.
 */
function readableByAgent(context: IExecuteFunctions, error: NodeApiError | NodeOperationError): NodeApiError | NodeOperationError {
	// isToolExecution is missing on older n8n contexts; n8n 2.x's engine marks the node instead.
	const asTool = context.isToolExecution?.() === true || context.getNode().rewireOutputLogTo === NodeConnectionTypes.AiTool;
	if (asTool && error.description && !error.message.includes(error.description)) {
		error.message = `${error.message}\n\n${error.description}`;
	}
	return error;
}

/**
 * Checks and builds every item's request first, so bad input anywhere stops the run before
 * anything is sent; then sends them, in input order, and stops starting new items after a
 * failure. Output order is input order.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const plans: Array<ItemPlan | undefined> = [];
	const rejected = new Map<number, NodeApiError | NodeOperationError>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			plans.push(await planItem(this, itemIndex));
		} catch (caught) {
			const error = asNodeError(this, caught, itemIndex);
			if (!continueOnFail) {
				throw readableByAgent(this, withReport(error, items.length > 1 ? 'Nothing was sent to PandaPon: every item is checked before the first request.' : ''));
			}
			plans.push(undefined);
			rejected.set(itemIndex, error);
		}
	}
	const outcomes = await settleConcurrently(items.length, paceFor(this, plans), async (itemIndex) => {
		const plan = plans[itemIndex];
		if (plan === undefined) return [errorItem(rejected.get(itemIndex)!, itemIndex)];
		try {
			const records = await plan.send();
			return records.map((json): INodeExecutionData => ({ json, pairedItem: { item: itemIndex } }));
		} catch (caught) {
			const error = asNodeError(this, caught, itemIndex);
			if (continueOnFail) return [errorItem(error, itemIndex)];
			throw error;
		}
	});
	const failedIndex = outcomes.findIndex((outcome) => outcome.status === 'rejected');
	if (failedIndex !== -1) {
		const failure = outcomes[failedIndex] as { reason: NodeApiError | NodeOperationError };
		throw readableByAgent(this, withReport(failure.reason, batchReport(plans, outcomes, failedIndex)));
	}
	return [outcomes.flatMap((outcome) => (outcome as { value: INodeExecutionData[] }).value)];
}
