/** Reading business parameters from a recorded request, with PandaPon-like validation errors. */

import { parseLossless } from '../../nodes/shared/losslessJson';
import { INVALID_PARAMETER_CODE } from './codes';
import { BusinessError, type RecordedRequest } from './types';

export type Params = Record<string, unknown>;

export function invalid(message: string): BusinessError {
	return new BusinessError(INVALID_PARAMETER_CODE, `invalid parameter: ${message}`);
}

/** The JSON body as an object ({} when absent); a non-object body is a client bug. */
export function bodyOf(req: RecordedRequest): Params {
	if (req.body === undefined || req.body === null) return {};
	if (typeof req.body !== 'object' || Array.isArray(req.body)) throw invalid('the request body must be a JSON object');
	return req.body as Params;
}

/** Query parameters as single values (the first of repeated ones). */
export function queryOf(req: RecordedRequest): Params {
	const params: Params = {};
	for (const [name, value] of Object.entries(req.query)) params[name] = Array.isArray(value) ? value[0] : value;
	return params;
}

/**
 * An ID as digits, whether it came as a JSON integer (a number when safe, a string of
 * digits when beyond 2^53 — see parseLossless) or as a string. Non-digit IDs (1688 "TQ…"
 * refund ids) are returned trimmed.
 */
export function idOf(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	return undefined;
}

export function requireId(params: Params, name: string): string {
	const id = idOf(params[name]);
	if (id === undefined) throw invalid(`${name} must not be empty`);
	return id;
}

export function optionalText(params: Params, name: string): string | undefined {
	const value = params[name];
	return typeof value === 'string' && value !== '' ? value : undefined;
}

export function requireText(params: Params, name: string): string {
	const text = optionalText(params, name);
	if (text === undefined) throw invalid(`${name} must not be empty`);
	return text;
}

export function optionalInteger(params: Params, name: string): number | undefined {
	const value = params[name];
	if (value === undefined || value === null || value === '') return undefined;
	const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isSafeInteger(number)) throw invalid(`${name} must be an integer`);
	return number;
}

export function requireInteger(params: Params, name: string): number {
	const number = optionalInteger(params, name);
	if (number === undefined) throw invalid(`${name} must not be null`);
	return number;
}

export function optionalArray(params: Params, name: string): unknown[] | undefined {
	const value = params[name];
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value)) throw invalid(`${name} must be an array`);
	return value;
}

export function requireNonEmptyArray(params: Params, name: string): unknown[] {
	const array = optionalArray(params, name);
	if (!array || array.length === 0) throw invalid(`${name} must not be empty`);
	return array;
}

/**
 * A `jsonString` field (REFERENCE.md 4.1): the value must be a string holding JSON. An
 * object sent in its place is rejected, as a Java server expecting a String would.
 */
export function requireJsonString(params: Params, name: string): unknown {
	const value = params[name];
	if (value === undefined || value === null || value === '') throw invalid(`${name} must not be empty`);
	if (typeof value !== 'string') throw invalid(`${name} must be a JSON-encoded string`);
	try {
		return parseLossless(value);
	} catch {
		throw invalid(`${name} is not valid JSON`);
	}
}

export function optionalJsonString(params: Params, name: string): unknown {
	const value = params[name];
	if (value === undefined || value === null || value === '') return undefined;
	return requireJsonString(params, name);
}

export function asObject(value: unknown): Params {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Params) : {};
}
