import { JsonInteger, JsonSyntaxError, parseLossless, quoteUnsafeIntegers, stringifyLossless } from '../../nodes/shared/losslessJson';
import { createRandom } from '../fake-pandapon/fixtures';

/** Literal-mode output (the character-by-character parser) with JsonIntegers as digit strings. */
function viaStrictParser(text: string): unknown {
	return JSON.parse(
		JSON.stringify(parseLossless(text, { bigIntegers: 'literal' }), (_key, value: unknown) =>
			value instanceof JsonInteger ? value.digits : value,
		),
	);
}

const TRICKY_STRINGS = ['', 'a\\"b', '2019601741959504495', '\\', 'x\\\\', '中文 "quoted" 12345678901234567890', '\n\t', '-9007199254740993'];
const TRICKY_NUMBERS = ['9007199254740991', '9007199254740992', '-9007199254740993', '2019601741959504495', '1.2019601741959504495', '2019601741959504495e2', '-0.5', '0', '1E-20190174195950449', '123456789012345678901234567890', '1000000000000000'];

/** A random JSON document, built as text, that mixes big integers with look-alikes in strings. */
function randomDocument(random: () => number, depth = 0): string {
	const pick = <T>(values: T[]): T => values[Math.floor(random() * values.length)];
	const roll = random();
	if (depth < 3 && roll < 0.25) {
		const members = Array.from({ length: Math.floor(random() * 5) }, () => `${JSON.stringify(pick(TRICKY_STRINGS))} : ${randomDocument(random, depth + 1)}`);
		return `{${members.join(pick([',', ' ,\n']))}}`;
	}
	if (depth < 3 && roll < 0.45) {
		return `[ ${Array.from({ length: Math.floor(random() * 5) }, () => randomDocument(random, depth + 1)).join(',')}]`;
	}
	if (roll < 0.7) return JSON.stringify(pick(TRICKY_STRINGS));
	if (roll < 0.95) return pick(TRICKY_NUMBERS);
	return pick(['true', 'false', 'null']);
}

describe('parseLossless', () => {
	it('keeps every digit of integers beyond 2^53 as strings', () => {
		const text =
			'{"requestId":"0a1b2c3d4e5f60718293a4b5c6d7e8f9","code":200,"developId":1834567890123456789,"msg":"成功","data":{"orderId":2019601741959504495,"orderEntryIds":[2019601741959504496,9007199254740993],"offerId":706627393257,"quantity":2}}';
		const parsed = parseLossless(text) as { developId: unknown; data: Record<string, unknown> };
		expect(parsed.developId).toBe('1834567890123456789');
		expect(parsed.data.orderId).toBe('2019601741959504495');
		expect(parsed.data.orderEntryIds).toEqual(['2019601741959504496', '9007199254740993']);
		expect(parsed.data.offerId).toBe(706627393257);
		expect(parsed.data.quantity).toBe(2);
	});

	it('treats the safe-integer boundary exactly', () => {
		expect(parseLossless('9007199254740991')).toBe(9007199254740991);
		expect(parseLossless('9007199254740992')).toBe('9007199254740992');
		expect(parseLossless('-9007199254740991')).toBe(-9007199254740991);
		expect(parseLossless('-9007199254740993')).toBe('-9007199254740993');
	});

	it('leaves floats, exponents and negatives as numbers', () => {
		expect(parseLossless('[-12, 633.69, 1.5e3, -0.25, 0, 1E-2]')).toEqual([-12, 633.69, 1500, -0.25, 0, 0.01]);
	});

	it('does not touch digits inside strings', () => {
		const parsed = parseLossless('{"price":"633.69","id":"2019601741959504495","note":"order 2019601741959504495 paid"}');
		expect(parsed).toEqual({ price: '633.69', id: '2019601741959504495', note: 'order 2019601741959504495 paid' });
	});

	it('decodes escapes and unicode', () => {
		const parsed = parseLossless(
			'{"t":"line\\nbreak \\"quoted\\" back\\\\slash \\/ tab\\t","u":"\\u4e2d\\u6587 \\ud83d\\udc3c","raw":"中文 🐼"}',
		);
		expect(parsed).toEqual({ t: 'line\nbreak "quoted" back\\slash / tab\t', u: '中文 🐼', raw: '中文 🐼' });
	});

	it('handles nesting, empty containers, literals and whitespace', () => {
		const text = ' { "a" : [ [ ], { }, [1, [2, [3, 2019601741959504495]]] ], "b" : true, "c" : false, "d" : null } ';
		expect(parseLossless(text)).toEqual({ a: [[], {}, [1, [2, [3, '2019601741959504495']]]], b: true, c: false, d: null });
	});

	it('parses the same values as JSON.parse where JSON.parse is exact', () => {
		const samples = ['{"x":[1,2,{"y":"z"}],"w":-3.5,"v":null}', '"plain"', '[]', '0', 'true', '{"nested":{"deep":{"deeper":[{}]}}}'];
		for (const sample of samples) expect(parseLossless(sample)).toEqual(JSON.parse(sample));
	});

	it('keeps a "__proto__" key as data', () => {
		const parsed = parseLossless('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
		expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
		expect(Object.keys(parsed)).toEqual(['__proto__']);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it.each([
		['', 'Unexpected end'],
		['{"a":1', 'Expected "}"'],
		['{"a":1,}', 'Expected a property name'],
		['[1 2]', 'Expected "]"'],
		['{"a":01}', 'Expected "}"'],
		['01', 'Unexpected text after'],
		['"unterminated', 'Unterminated string'],
		['"bad \\x escape"', 'Invalid escape'],
		['"\\u12G4"', 'Invalid unicode escape'],
		['nul', 'Unexpected "n"'],
		['{"a":1} trailing', 'Unexpected text after'],
		['<html>', 'Unexpected "<"'],
		['"tab\tinside"', 'Control character'],
	])('rejects %j with a positioned syntax error', (text, message) => {
		expect(() => parseLossless(text)).toThrow(JsonSyntaxError);
		expect(() => parseLossless(text)).toThrow(message);
	});

	it('quotes only integer literals: fractions, exponents, keys and escaped quotes stay as they are', () => {
		const text =
			'{"2019601741959504495":1.2019601741959504495,"e":2019601741959504495e2,"s":"say \\"2019601741959504495\\"","b":"\\\\","n":[-2019601741959504495,1000000000000000]}';
		expect(parseLossless(text)).toEqual({
			'2019601741959504495': Number('1.2019601741959504495'),
			e: Number('2019601741959504495e2'),
			s: 'say "2019601741959504495"',
			b: '\\',
			n: ['-2019601741959504495', 1000000000000000],
		});
	});

	it('rejects a long integer with a leading zero instead of quoting it', () => {
		expect(() => parseLossless('[02019601741959504495]')).toThrow(JsonSyntaxError);
	});

	it.each([
		['an unquoted big-integer key', '{12345678901234567890: 1}'],
		['an unquoted big-integer key after another member', '{"a": 1, 12345678901234567890 : 2}'],
		['an unquoted negative big-integer key', '{-12345678901234567890:1}'],
		['an unquoted small key', '{1: 1}'],
		['an unquoted key with an exponent', '{12345678901234567890e2: 1}'],
	])('rejects %s in every mode, as JSON.parse does', (_label, text) => {
		expect(() => JSON.parse(text)).toThrow();
		expect(() => parseLossless(text)).toThrow(JsonSyntaxError);
		expect(() => parseLossless(text, { bigIntegers: 'literal' })).toThrow(JsonSyntaxError);
		expect(() => parseLossless(text)).toThrow('Expected a property name');
	});

	it('gives the same result as the character-by-character parser on 2,000 random documents', () => {
		const random = createRandom(20261127);
		for (let index = 0; index < 2000; index++) {
			const text = randomDocument(random);
			const strict = viaStrictParser(text);
			// the quoting alone must be right: the fallback would hide a wrong quote that breaks the text
			expect({ text, parsed: JSON.parse(quoteUnsafeIntegers(text)) }).toEqual({ text, parsed: strict });
			expect({ text, parsed: parseLossless(text) }).toEqual({ text, parsed: strict });
		}
	});

	it('can return big integers as literals for re-serialisation', () => {
		const parsed = parseLossless('{"orderId":2019601741959504495,"n":5}', { bigIntegers: 'literal' }) as Record<string, unknown>;
		expect(parsed.orderId).toBeInstanceOf(JsonInteger);
		expect(stringifyLossless(parsed)).toBe('{"orderId":2019601741959504495,"n":5}');
	});
});

describe('stringifyLossless', () => {
	it('writes JsonInteger and bigint as bare integer literals', () => {
		const body = {
			orderId: new JsonInteger('2019601741959504495'),
			orderEntryIds: [new JsonInteger('2019601741959504496'), 10n ** 20n],
			webSite: '1688',
		};
		expect(stringifyLossless(body)).toBe(
			'{"orderId":2019601741959504495,"orderEntryIds":[2019601741959504496,100000000000000000000],"webSite":"1688"}',
		);
	});

	it('matches JSON.stringify for ordinary values', () => {
		const value = { a: 'x"y\n中', b: [1, -2.5, null, true], c: { d: undefined, e: new Date(0) }, f: Number.NaN };
		expect(stringifyLossless(value)).toBe(JSON.stringify(value));
		expect(stringifyLossless([undefined, () => 1])).toBe(JSON.stringify([undefined, () => 1]));
	});

	it('round-trips a realistic order payload without losing a digit', () => {
		const text =
			'{"code":200,"data":{"records":[{"orderId":1024285237573584051,"lines":[{"itemId":600126245031041190,"skuId":5012345678901,"price":"12.30"}]}],"total":1}}';
		const literal = parseLossless(text, { bigIntegers: 'literal' });
		expect(stringifyLossless(literal)).toBe(text);
	});

	it('refuses to build a JsonInteger from anything but digits', () => {
		expect(() => new JsonInteger('12a')).toThrow('not a whole number');
		expect(() => new JsonInteger('1.5')).toThrow('not a whole number');
		expect(() => new JsonInteger('02019601741959504495')).toThrow('no leading zero');
		expect(() => new JsonInteger('-01')).toThrow('no leading zero');
		expect(new JsonInteger('0').digits).toBe('0');
		expect(new JsonInteger(' -42 ').digits).toBe('-42');
	});
});
