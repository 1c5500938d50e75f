/**
 * Contract: every JSON example printed in REFERENCE.md, taken from the file itself (never
 * retyped). Response examples go through the node's own output path — the fake serves the
 * documented `data` byte for byte and the PandaPon node reads it with Simplify on and off —
 * and must lose no record and no digit. Request and callback bodies must survive lossless
 * parsing and re-serialisation unchanged. Documented answers the fake serves must match the
 * documented shape key for key.
 *
 * CI checks the shared folder out beside the clone, so the reference is read from
 * `../shared/pandapon-api/REFERENCE.md` relative to the repository root.
 */
import { existsSync, readFileSync } from 'fs';
import { resolve } from 'path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { PandaPon } from '../../nodes/PandaPon/PandaPon.node';
import { RESOURCES } from '../../nodes/PandaPon/endpoints';
import { JsonInteger, parseLossless, stringifyLossless } from '../../nodes/shared/losslessJson';
import { buildSignedHeaders } from '../../nodes/shared/signing';
import { FAKE_CREDENTIALS, FakePandaPon } from '../fake-pandapon';
import { executeNode } from '../harness';

const REFERENCE = resolve(__dirname, '..', '..', '..', 'shared', 'pandapon-api', 'REFERENCE.md');

interface Example {
	/** The endpoint or callback key of the section the example sits in, e.g. `taobaoAfterSales.list`. */
	key: string;
	line: number;
	text: string;
	kind: 'request' | 'response' | 'callback';
}

function readReference(): string {
	if (!existsSync(REFERENCE)) {
		throw new Error(
			`REFERENCE.md not found at ${REFERENCE}. The contract test reads the API reference from ../shared/pandapon-api/ beside the repository (CI checks it out there).`,
		);
	}
	return readFileSync(REFERENCE, 'utf8');
}

function kindOf(parsed: unknown): Example['kind'] {
	if (parsed !== null && typeof parsed === 'object' && 'code' in parsed && 'msg' in parsed) return 'response';
	if (parsed !== null && typeof parsed === 'object' && 'messageType' in parsed) return 'callback';
	return 'request';
}

function extractExamples(markdown: string): Example[] {
	const examples: Example[] = [];
	const lines = markdown.split('\n');
	let key = 'section 1-4';
	for (let index = 0; index < lines.length; index++) {
		const heading = /^#### `([\w.]+)`/.exec(lines[index]);
		if (heading) key = heading[1];
		if (lines[index].trim() !== '```json') continue;
		const start = index + 1;
		let end = start;
		while (end < lines.length && lines[end].trim() !== '```') end++;
		const text = lines.slice(start, end).join('\n').trim();
		examples.push({ key, line: start + 1, text, kind: kindOf(parseLossless(text)) });
		index = end;
	}
	return examples;
}

const examples = extractExamples(readReference());
const responses = examples.filter((example) => example.kind === 'response');
const bodies = examples.filter((example) => example.kind !== 'response');
const title = (example: Example) => `${example.key} (REFERENCE.md line ${example.line})`;

it('finds the examples of REFERENCE.md', () => {
	expect(responses.length).toBeGreaterThanOrEqual(1);
	expect(bodies.length).toBeGreaterThanOrEqual(25);
	expect(responses.map((example) => example.key)).toContain('taobaoAfterSales.list');
});

describe('request and callback bodies survive lossless parsing', () => {
	it.each(bodies.map((example) => [title(example), example] as const))('%s', (_title, example) => {
		// The examples are printed minified, so the round trip must give back the very same text.
		expect(stringifyLossless(parseLossless(example.text, { bigIntegers: 'literal' }))).toBe(example.text);
	});
});

// ---- Responses through the node --------------------------------------------------------

function endpointOf(key: string) {
	for (const resource of RESOURCES) {
		const endpoint = resource.endpoints.find((candidate) => candidate.key === key);
		if (endpoint) return { resource: resource.value, endpoint };
	}
	throw new Error(`No operation of the PandaPon node carries the key ${key}`);
}

/** The records an answer documents: the elements of its one array for a list, the answer itself otherwise. */
function documentedRecords(data: IDataObject, isList: boolean): IDataObject[] {
	if (!isList) return [data];
	const arrays = Object.values(data).filter(Array.isArray);
	expect(arrays).toHaveLength(1);
	return arrays[0] as IDataObject[];
}

/** Every scalar leaf as text, with its key. */
function leaves(value: unknown, key = ''): Array<[string, string]> {
	if (value === null || value === undefined) return [];
	if (Array.isArray(value)) return value.flatMap((element) => leaves(element, key));
	if (typeof value === 'object') return Object.entries(value).flatMap(([child, inner]) => leaves(inner, child));
	return [[key, String(value)]];
}

/** IDs and other long numbers of a record (times aside: Simplify renders them as dates). */
const longNumbers = (record: unknown) =>
	leaves(record)
		.filter(([key, text]) => /^\d{9,}$/.test(text) && !/time|date/i.test(key))
		.map(([, text]) => text);

describe('documented answers through the PandaPon node', () => {
	let fake: FakePandaPon;
	beforeAll(async () => {
		fake = await FakePandaPon.start();
	});
	afterAll(async () => fake.close());
	beforeEach(() => fake.reset());

	it.each(responses.map((example) => [title(example), example] as const))('%s', async (_title, example) => {
		const { resource, endpoint } = endpointOf(example.key);
		// Served exactly as printed: integers beyond 2^53 go back on the wire as the same digits.
		const served = (parseLossless(example.text, { bigIntegers: 'literal' }) as { data: unknown }).data;
		fake.on(endpoint.method, endpoint.path, () => served);
		const data = (parseLossless(example.text) as { data: IDataObject }).data;
		const expected = documentedRecords(data, endpoint.list !== undefined);
		const parameters: INodeParameters = { resource, operation: endpoint.operation };
		if (endpoint.list) Object.assign(parameters, { returnAll: false, limit: expected.length });

		const run = async (simplify: boolean) => {
			const [items] = await executeNode(new PandaPon(), {
				parameters: { ...parameters, simplify },
				credentials: { ...fake.credentials, baseUrl: fake.url },
			});
			return items.map((item) => item.json);
		};

		expect(await run(false)).toEqual(expected);
		const simplified = await run(true);
		expect(simplified).toHaveLength(expected.length);
		simplified.forEach((record, index) => {
			const outputTexts = new Set(leaves(record).map(([, text]) => text));
			for (const digits of longNumbers(expected[index])) expect(outputTexts).toContain(digits);
		});
	});
});

// ---- The fake serves documented answers in the documented shape -------------------------

/** Keys in order and JSON types, recursively; `null` in the docs says nothing about the type. */
function shapeDifferences(documented: unknown, served: unknown, path = 'data'): string[] {
	if (documented === null) return [];
	const typeOf = (value: unknown) => (Array.isArray(value) ? 'array' : value === null ? 'null' : value instanceof JsonInteger ? 'number' : typeof value);
	if (typeOf(documented) !== typeOf(served)) return [`${path}: ${typeOf(served)} instead of ${typeOf(documented)}`];
	if (Array.isArray(documented)) {
		const first = (served as unknown[])[0];
		return documented.length > 0 && first !== undefined ? shapeDifferences(documented[0], first, `${path}[0]`) : [];
	}
	if (typeof documented !== 'object') return [];
	// A free name → value map (e.g. purchaseOrderLine.properties) has product-specific keys.
	if (path.endsWith('.properties')) return [];
	const documentedKeys = Object.keys(documented as object);
	const servedKeys = Object.keys(served as object);
	if (documentedKeys.join() !== servedKeys.join()) return [`${path}: keys ${servedKeys.join(', ')} instead of ${documentedKeys.join(', ')}`];
	return documentedKeys.flatMap((key) =>
		shapeDifferences((documented as IDataObject)[key], (served as IDataObject)[key], `${path}.${key}`),
	);
}

describe('the fake PandaPon serves each documented answer in its documented shape', () => {
	let fake: FakePandaPon;
	beforeAll(async () => {
		fake = await FakePandaPon.start();
	});
	afterAll(async () => fake.close());

	it.each(responses.map((example) => [title(example), example] as const))('%s', async (_title, example) => {
		const { endpoint } = endpointOf(example.key);
		const documented = parseLossless(example.text, { bigIntegers: 'literal' }) as { data: IDataObject };
		const response = await fetch(`${fake.url}${endpoint.path}`, {
			method: endpoint.method,
			headers: { ...buildSignedHeaders(FAKE_CREDENTIALS), 'Content-Type': 'application/json' },
			body: endpoint.method === 'GET' ? undefined : JSON.stringify({ pageNo: 1, pageSize: 5 }),
		});
		const text = await response.text();
		const served = parseLossless(text, { bigIntegers: 'literal' }) as { code: number; data: IDataObject };
		expect(served.code).toBe(200);
		expect(shapeDifferences(documented.data, served.data)).toEqual([]);
		// Where the docs print a number, the fake's big IDs go out as raw integers beyond 2^53.
		expect(text).toMatch(/:\d{16,}[,}\]]/);
	});
});
