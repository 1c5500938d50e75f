/**
 * JSON that never loses an integer digit.
 *
 * PandaPon returns 19-digit order IDs as raw JSON integers and expects some of them back
 * as integer literals. `JSON.parse` rounds anything beyond 2^53-1, so responses are
 * parsed here instead: integers outside the safe range come out as strings holding every
 * digit. For requests, wrap digits in `JsonInteger` and `stringifyLossless` writes them
 * as a bare integer literal.
 */

export class JsonInteger {
	readonly digits: string;

	constructor(digits: string | number | bigint) {
		const text = String(digits).trim();
		// Written out bare, "0123" would make the whole body invalid JSON.
		if (!/^-?(0|[1-9]\d*)$/.test(text)) {
			throw new TypeError(`"${text}" is not a whole number in JSON form (digits, no leading zero)`);
		}
		this.digits = text;
	}

	toJSON(): string {
		return this.digits;
	}
}

export class JsonSyntaxError extends Error {
	constructor(
		message: string,
		readonly position: number,
	) {
		super(`${message} at position ${position}`);
		this.name = 'JsonSyntaxError';
	}
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const SIMPLE_ESCAPES: Record<string, string> = {
	'"': '"',
	'\\': '\\',
	'/': '/',
	b: '\b',
	f: '\f',
	n: '\n',
	r: '\r',
	t: '\t',
};
const NUMBER_PATTERN = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export interface ParseOptions {
	/**
	 * 'string' (default): big integers become strings of digits, for output.
	 * 'literal': every integer outside the safe range becomes a JsonInteger, so JSON typed by
	 * a user can be re-serialised byte-exact for a request.
	 */
	bigIntegers?: 'string' | 'literal';
}

class Parser {
	private pos = 0;

	constructor(
		private readonly text: string,
		private readonly options: ParseOptions,
	) {}

	parseDocument(): unknown {
		const value = this.parseValue();
		this.skipWhitespace();
		if (this.pos < this.text.length) this.fail('Unexpected text after the JSON value');
		return value;
	}

	private parseValue(): unknown {
		this.skipWhitespace();
		const char = this.text[this.pos];
		if (char === '{') return this.parseObject();
		if (char === '[') return this.parseArray();
		if (char === '"') return this.parseString();
		if (char === '-' || (char >= '0' && char <= '9')) return this.parseNumber();
		if (this.consumeWord('true')) return true;
		if (this.consumeWord('false')) return false;
		if (this.consumeWord('null')) return null;
		return this.fail(char === undefined ? 'Unexpected end of JSON' : `Unexpected "${char}"`);
	}

	private parseObject(): Record<string, unknown> {
		const result: Record<string, unknown> = {};
		this.pos++;
		this.skipWhitespace();
		if (this.text[this.pos] === '}') {
			this.pos++;
			return result;
		}
		for (;;) {
			this.skipWhitespace();
			if (this.text[this.pos] !== '"') this.fail('Expected a property name');
			const key = this.parseString();
			this.skipWhitespace();
			this.expect(':');
			// defineProperty keeps a "__proto__" key as plain data instead of a prototype change
			Object.defineProperty(result, key, {
				value: this.parseValue(),
				enumerable: true,
				writable: true,
				configurable: true,
			});
			this.skipWhitespace();
			if (this.text[this.pos] === ',') {
				this.pos++;
				continue;
			}
			this.expect('}');
			return result;
		}
	}

	private parseArray(): unknown[] {
		const result: unknown[] = [];
		this.pos++;
		this.skipWhitespace();
		if (this.text[this.pos] === ']') {
			this.pos++;
			return result;
		}
		for (;;) {
			result.push(this.parseValue());
			this.skipWhitespace();
			if (this.text[this.pos] === ',') {
				this.pos++;
				continue;
			}
			this.expect(']');
			return result;
		}
	}

	private parseString(): string {
		this.pos++;
		let result = '';
		let chunkStart = this.pos;
		for (;;) {
			const char = this.text[this.pos];
			if (char === undefined) this.fail('Unterminated string');
			if (char === '"') {
				result += this.text.slice(chunkStart, this.pos);
				this.pos++;
				return result;
			}
			if (char < ' ') this.fail('Control character in string');
			if (char === '\\') {
				result += this.text.slice(chunkStart, this.pos) + this.parseEscape();
				chunkStart = this.pos;
				continue;
			}
			this.pos++;
		}
	}

	private parseEscape(): string {
		const char = this.text[this.pos + 1];
		if (char === 'u') {
			const hex = this.text.slice(this.pos + 2, this.pos + 6);
			if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Invalid unicode escape');
			this.pos += 6;
			return String.fromCharCode(parseInt(hex, 16));
		}
		const simple = SIMPLE_ESCAPES[char];
		if (simple === undefined) this.fail('Invalid escape');
		this.pos += 2;
		return simple;
	}

	private parseNumber(): number | string | JsonInteger {
		NUMBER_PATTERN.lastIndex = this.pos;
		const match = NUMBER_PATTERN.exec(this.text);
		if (!match) return this.fail('Invalid number');
		const literal = match[0];
		this.pos += literal.length;
		const value = Number(literal);
		const isInteger = !/[.eE]/.test(literal);
		if (isInteger && !Number.isSafeInteger(value)) {
			return this.options.bigIntegers === 'literal' ? new JsonInteger(literal) : literal;
		}
		return value;
	}

	private consumeWord(word: string): boolean {
		if (this.text.startsWith(word, this.pos)) {
			this.pos += word.length;
			return true;
		}
		return false;
	}

	private expect(char: string): void {
		if (this.text[this.pos] !== char) this.fail(`Expected "${char}"`);
		this.pos++;
	}

	private skipWhitespace(): void {
		while (WHITESPACE.has(this.text[this.pos])) this.pos++;
	}

	private fail(message: string): never {
		throw new JsonSyntaxError(message, this.pos);
	}
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
/** An integer literal that may lie beyond 2^53: no fraction, no exponent, no leading zero. */
const LONG_INTEGER = /^-?[1-9]\d{15,}$/;

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;
/** Digits, sign, decimal point and exponent: what can follow the start of a number token. */
const isNumberChar = (code: number) => isDigit(code) || code === MINUS || code === 0x2b || code === 0x2e || code === 0x65 || code === 0x45;

/** Index of the quote that closes the string opened at `open` (the text's length if none does). */
function closingQuote(text: string, open: number): number {
	for (let quote = text.indexOf('"', open + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
		let backslashes = 0;
		while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
		if (backslashes % 2 === 0) return quote;
	}
	return text.length;
}

function isFollowedByColon(text: string, from: number): boolean {
	let index = from;
	while (WHITESPACE.has(text[index])) index++;
	return text[index] === ':';
}

function numberEnd(text: string, start: number): number {
	let end = start + 1;
	while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
	return end;
}

/**
 * Wraps every integer literal beyond ±(2^53-1) in quotes, so that JSON.parse keeps its
 * digits. Strings are skipped whole; nothing is copied unless a literal needs quotes.
 */
export function quoteUnsafeIntegers(text: string): string {
	let quoted = '';
	let copiedUpTo = 0;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code === QUOTE) {
			index = closingQuote(text, index);
		} else if (code === MINUS || isDigit(code)) {
			const end = numberEnd(text, index);
			const literal = end - index >= 16 ? text.slice(index, end) : '';
			// Quoted, an (invalid) unquoted key would become a valid one, and the text would parse.
			if (LONG_INTEGER.test(literal) && !Number.isSafeInteger(Number(literal)) && !isFollowedByColon(text, end)) {
				quoted += `${text.slice(copiedUpTo, index)}"${literal}"`;
				copiedUpTo = end;
			}
			index = end - 1;
		}
	}
	return copiedUpTo === 0 ? text : quoted + text.slice(copiedUpTo);
}

/**
 * Parses JSON text; integers beyond ±(2^53-1) keep every digit (see ParseOptions).
 *
 * Responses go through the engine's JSON.parse after quoting their big integers: three times
 * as fast as the parser above, and its objects and strings take less than half the memory
 * (ours kept slices of each page's text alive), which matters for Return All over thousands
 * of records. A wrong quote could only break the text, never change a value, so text that
 * JSON.parse refuses goes to the parser above, which also handles literal mode and reports
 * where broken text breaks.
 */
export function parseLossless(text: string, options: ParseOptions = {}): unknown {
	if (options.bigIntegers !== 'literal') {
		try {
			return JSON.parse(quoteUnsafeIntegers(text));
		} catch {
			// fall through: the parser below throws a JsonSyntaxError with the position
		}
	}
	return new Parser(text, options).parseDocument();
}

/**
 * Serialises like JSON.stringify, except that JsonInteger values become bare integer
 * literals and bigint values are written with all their digits.
 */
export function stringifyLossless(value: unknown): string {
	const serialised = serialise(value);
	return serialised ?? 'null';
}

function serialise(value: unknown): string | undefined {
	if (value instanceof JsonInteger) return value.digits;
	if (typeof value === 'bigint') return value.toString();
	if (value === null) return 'null';
	if (typeof value === 'string') return JSON.stringify(value);
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
	if (typeof value === 'boolean') return String(value);
	if (value instanceof Date) return JSON.stringify(value.toISOString());
	if (Array.isArray(value)) {
		return `[${value.map((entry) => serialise(entry) ?? 'null').join(',')}]`;
	}
	if (typeof value === 'object') {
		const members: string[] = [];
		for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
			const serialisedEntry = serialise(entry);
			if (serialisedEntry !== undefined) members.push(`${JSON.stringify(key)}:${serialisedEntry}`);
		}
		return `{${members.join(',')}}`;
	}
	return undefined;
}
