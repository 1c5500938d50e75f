/**
 * The endpoint check: every read endpoint of the node's tables, called once with harmless
 * input, and what PandaPon answered, as something a user can paste into an issue. Pure: the
 * caller hands in how to send (the node through the shared transport, the script through
 * fetch), so both run the same check.
 */
import type { IDataObject } from 'n8n-workflow';

import { rejectionKind } from '../shared/credentialTest';
import { findPage, UnreadablePageError } from '../shared/pagination';
import type { PandaPonRequest, RawAnswer } from '../shared/transport';
import { RESOURCES } from './endpoints';
import type { Confidence, Endpoint, Field } from './endpoints/types';
import { requestFromValues } from './request';

export type Verdict = 'exists' | 'path not found' | 'signature rejected' | 'timestamp rejected' | 'other error';

/** One endpoint the check calls. */
export interface CheckedEndpoint {
	/** As the node shows it, e.g. "Taobao Order › Get". */
	operation: string;
	endpoint: Endpoint;
}

/** What one endpoint answered: keys and counts only, never values. */
export interface CheckRow {
	operation: string;
	key: string;
	method: string;
	path: string;
	confidence: Confidence;
	verdict: Verdict;
	/** The verdict reads PandaPon's words, whose codes are undocumented. */
	guess: boolean;
	note: string;
	code?: string;
	message?: string;
	latencyMs: number;
	/** Top-level keys of `data` when it is an object. */
	dataKeys?: string[];
	/** For lists: records on the one page asked for, and the keys of the first one. */
	recordCount?: number;
	recordKeys?: string[];
}

export interface CheckSummary {
	summary: string;
	checked: number;
	counts: Record<Verdict, number>;
	/** Paths that are not documented-v1 and answered: the guess was right. */
	confirmed: string[];
	/** Paths PandaPon does not have (HTTP 404). */
	refuted: string[];
	/** Not documented-v1 and not settled by this run. */
	unsettled: string[];
	advice: string;
}

export interface CheckReport {
	rows: CheckRow[];
	summary: CheckSummary;
}

export type Send = (pandaPonRequest: PandaPonRequest) => Promise<RawAnswer>;

/** The endpoints the check may call: reads only, by the tables' own `changesData` flag. */
export function checkedEndpoints(): CheckedEndpoint[] {
	return RESOURCES.flatMap((resource) =>
		resource.endpoints
			.filter((endpoint) => !endpoint.changesData)
			.map((endpoint) => ({ operation: `${resource.name} › ${endpoint.name}`, endpoint })),
	);
}

/** An ID no account holds: a business "not found" for it still proves that the path exists. */
export const DUMMY_ID = '1';
const SAMPLE_KEYWORD = 'phone case';
const SAMPLE_IMAGE_URL = 'https://img.alicdn.com/imgextra/i1/O1CN01check.jpg';
const PAGE_SIZE = 5;

function harmlessValue(field: Field): unknown {
	switch (field.kind) {
		case 'id':
		case 'int64':
		case 'idList':
			return DUMMY_ID;
		case 'integer':
		case 'number':
			return 1;
		case 'boolean':
			return false;
		case 'options':
			return field.options?.[0]?.value;
		case 'dateTime':
			return 0;
		case 'json':
			return '{}';
		case 'group': {
			const entry = Object.fromEntries((field.fields ?? []).filter((sub) => sub.required).map((sub) => [sub.name, harmlessValue(sub)]));
			return { values: field.multiple ? [entry] : entry };
		}
		default:
			return field.name === 'keyword' ? SAMPLE_KEYWORD : 'check';
	}
}

/** Product, image and paging go through the same encoding as fields, as extra fields of a copy. */
function syntheticFields(endpoint: Endpoint): Array<{ field: Field; value: unknown }> {
	const extras: Array<{ field: Field; value: unknown }> = [];
	const { product, image, list } = endpoint;
	if (product) extras.push({ field: { name: 'check:product', displayName: 'Product', kind: product.kind, wire: product.wire, in: product.in }, value: DUMMY_ID });
	if (image) extras.push({ field: { name: 'check:image', displayName: 'Image URL', kind: 'string', wire: image.urlWire }, value: SAMPLE_IMAGE_URL });
	if (list) {
		extras.push({ field: { name: 'check:page', displayName: 'Page', kind: 'integer', wire: list.style }, value: 1 });
		extras.push({ field: { name: 'check:pageSize', displayName: 'Page Size', kind: 'integer', wire: 'pageSize' }, value: PAGE_SIZE });
	}
	return extras;
}

/** Whether the check fills in a made-up ID, so that "not found" is the expected answer. */
function usesDummyId(endpoint: Endpoint): boolean {
	return endpoint.product !== undefined || endpoint.fields.some((field) => field.required && ['id', 'int64', 'idList'].includes(field.kind));
}

/** The one request the check sends to an endpoint: required fields only, harmless values. */
export function checkRequest(endpoint: Endpoint, timeoutMs?: number): PandaPonRequest {
	const extras = syntheticFields(endpoint);
	const values: IDataObject = {};
	for (const field of endpoint.fields) if (field.required) values[field.name] = harmlessValue(field) as IDataObject[string];
	for (const { field, value } of extras) values[field.name] = value as IDataObject[string];
	const withExtras = { ...endpoint, fields: [...endpoint.fields, ...extras.map(({ field }) => field)] };
	return { ...requestFromValues(withExtras, values), timeoutMs };
}

/** How a business answer may say that the dummy ID names nothing. */
const NOT_FOUND_WORDS = /not (be )?found|not exist|does ?n[o']t exist|no such|\bno\b.{0,40}\bmatch|不存在|未找到|查询不到|无此/i;

interface Judgement {
	verdict: Verdict;
	guess: boolean;
	note: string;
	code?: string;
	message?: string;
}

function messageOf(envelope: { msg?: unknown } | undefined): string {
	return typeof envelope?.msg === 'string' && envelope.msg !== '' ? envelope.msg : 'no message';
}

/** Reads an answer into a verdict. Only HTTP 404 and code 200 are certain; the rest reads words. */
export function judge(answer: RawAnswer, dummyId: boolean): Judgement {
	if ('networkError' in answer) return { verdict: 'other error', guess: false, note: 'no answer', message: answer.networkError };
	const { status, envelope } = answer;
	if (status === 404) return { verdict: 'path not found', guess: false, note: 'HTTP 404', code: 'HTTP 404', message: messageOf(envelope) };
	if (status < 200 || status >= 300) return { verdict: 'other error', guess: false, note: `HTTP ${status}`, code: `HTTP ${status}`, message: messageOf(envelope) };
	if (envelope === undefined) return { verdict: 'other error', guess: false, note: 'the answer is not a JSON envelope', code: `HTTP ${status}` };
	if (Number(envelope.code) === 200) return { verdict: 'exists', guess: false, note: 'accepted' };
	const message = messageOf(envelope);
	const code = String(envelope.code);
	const kind = rejectionKind(message);
	if (kind === 'timestamp') return { verdict: 'timestamp rejected', guess: true, note: 'the message reads like a timestamp rejection', code, message };
	if (kind === 'signature') return { verdict: 'signature rejected', guess: true, note: 'the message reads like a credential rejection', code, message };
	if (dummyId && NOT_FOUND_WORDS.test(message)) {
		return { verdict: 'exists', guess: true, note: 'business "not found" for the dummy ID: the path answered', code, message };
	}
	return { verdict: 'other error', guess: true, note: 'a business error, not HTTP 404: the path probably exists', code, message };
}

const isObject = (value: unknown): value is IDataObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Names of keys; a map keyed by IDs would show the IDs, so digit-only keys become "<id>". */
function keysOf(value: IDataObject): string[] {
	return [...new Set(Object.keys(value).map((key) => (/^\d+$/.test(key) ? '<id>' : key)))];
}

/** Keys and counts of `data`, never its values. */
function shapeOf(endpoint: Endpoint, data: unknown): Pick<CheckRow, 'dataKeys' | 'recordCount' | 'recordKeys'> & { unread?: boolean } {
	const shape: Pick<CheckRow, 'dataKeys' | 'recordCount' | 'recordKeys'> & { unread?: boolean } = {};
	if (isObject(data)) shape.dataKeys = keysOf(data);
	if (!endpoint.list && !Array.isArray(data)) return shape;
	const page = findPage(data);
	// A list the node cannot read is worth saying: Get Many would stop with an error.
	if (page instanceof UnreadablePageError) return { ...shape, recordCount: 0, unread: true };
	shape.recordCount = page.records.length;
	if (isObject(page.records[0])) shape.recordKeys = keysOf(page.records[0]);
	return shape;
}

/** Removes the credential's own values from text PandaPon sent back, and keeps it short. */
export function scrub(text: string, credentialValues: string[]): string {
	let out = text;
	for (const value of credentialValues) if (value.trim() !== '') out = out.split(value).join('***');
	return out.length > 200 ? `${out.slice(0, 200)}…` : out;
}

export interface CheckOptions {
	timeoutMs?: number;
	/** Access key, secret and user ID: never echoed, even if PandaPon's message repeats them. */
	credentialValues?: string[];
	clock?: () => number;
}

async function checkOne(send: Send, { operation, endpoint }: CheckedEndpoint, options: CheckOptions): Promise<CheckRow> {
	const clock = options.clock ?? Date.now;
	const started = clock();
	let answer: RawAnswer;
	try {
		answer = await send(checkRequest(endpoint, options.timeoutMs));
	} catch (error) {
		answer = { networkError: (error as Error).message };
	}
	const latencyMs = Math.round(clock() - started);
	const judgement = judge(answer, usesDummyId(endpoint));
	const row: CheckRow = { operation, key: endpoint.key, method: endpoint.method, path: endpoint.path, confidence: endpoint.confidence, ...judgement, latencyMs };
	if (row.message !== undefined) row.message = scrub(row.message, options.credentialValues ?? []);
	if (judgement.verdict === 'exists' && 'envelope' in answer && Number(answer.envelope?.code) === 200) {
		const { unread, ...shape } = shapeOf(endpoint, answer.envelope?.data);
		Object.assign(row, shape);
		if (unread) row.note = 'accepted, but the node cannot find the records in this shape';
	}
	return row;
}

const VERDICTS: Verdict[] = ['exists', 'path not found', 'signature rejected', 'timestamp rejected', 'other error'];

function label(row: CheckRow): string {
	return `${row.method} ${row.path} (${row.confidence}, ${row.key})`;
}

export function summarize(rows: CheckRow[]): CheckSummary {
	const counts = Object.fromEntries(VERDICTS.map((verdict) => [verdict, rows.filter((row) => row.verdict === verdict).length])) as Record<Verdict, number>;
	const guessed = rows.filter((row) => row.confidence !== 'documented-v1');
	const rejected = counts['signature rejected'] + counts['timestamp rejected'];
	const advice =
		rows.length > 0 && rejected === rows.length
			? 'PandaPon rejected the credential on every request, so no path is settled. Test the credential in n8n (it finds the timestamp unit itself), fix it, and run the check again.'
			: 'Share this output in an issue. Verdicts marked as a guess read the words of PandaPon\'s message, because its error codes are undocumented.';
	return {
		summary: 'endpoint check',
		checked: rows.length,
		counts,
		confirmed: guessed.filter((row) => row.verdict === 'exists').map(label),
		refuted: rows.filter((row) => row.verdict === 'path not found').map(label),
		unsettled: guessed.filter((row) => row.verdict !== 'exists' && row.verdict !== 'path not found').map(label),
		advice,
	};
}

/** Calls every read endpoint once, one after another, and reports what each answered. */
export async function runEndpointCheck(send: Send, options: CheckOptions = {}): Promise<CheckReport> {
	const rows: CheckRow[] = [];
	for (const checked of checkedEndpoints()) rows.push(await checkOne(send, checked, options));
	return { rows, summary: summarize(rows) };
}

function cell(value: unknown): string {
	const text = Array.isArray(value) ? value.join(', ') : value === undefined ? '' : String(value);
	return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

function verdictCell(row: CheckRow): string {
	const detail = row.code !== undefined ? ` (${row.code}: ${row.message ?? ''})` : '';
	return `${row.verdict}${row.guess ? ' (guess)' : ''}${detail}`;
}

/** The report as Markdown, ready to paste into an issue. */
export function toMarkdown({ rows, summary }: CheckReport): string {
	const lines = [
		'| Operation | Method and path | Confidence | Verdict | Note | Latency | Data keys | Records | Record keys |',
		'|---|---|---|---|---|---|---|---|---|',
		...rows.map((row) =>
			`| ${[row.operation, `${row.method} ${row.path}`, row.confidence, verdictCell(row), row.note, `${row.latencyMs} ms`, row.dataKeys, row.recordCount, row.recordKeys].map(cell).join(' | ')} |`,
		),
		'',
		`Checked ${summary.checked} read endpoints: ${VERDICTS.map((verdict) => `${summary.counts[verdict]} ${verdict}`).join(', ')}.`,
		'',
		...section('Confirmed (not documented in v1, and PandaPon answered)', summary.confirmed),
		...section('Refuted (HTTP 404)', summary.refuted),
		...section('Not settled by this run', summary.unsettled),
		summary.advice,
	];
	return `${lines.join('\n')}\n`;
}

function section(title: string, entries: string[]): string[] {
	return [`**${title}:**${entries.length === 0 ? ' none' : ''}`, ...entries.map((entry) => `- ${entry}`), ''];
}
