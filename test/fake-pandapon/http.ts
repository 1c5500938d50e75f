/** Small node:http helpers: reading a request, writing a response. */

import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'http';

export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

export function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** Node already lower-cases header names; repeated headers are joined as one value. */
export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
	const flat: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return flat;
}

/** A repeated query key becomes an array of its values, in order. */
export function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
	const query: Record<string, string | string[]> = {};
	for (const [key, value] of params) {
		const existing = query[key];
		if (existing === undefined) query[key] = value;
		else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return query;
}

/** Writes nothing if the client is gone (a delayed answer may outlive its request). */
export function writeBody(res: ServerResponse, status: number, contentType: string, body: string): void {
	if (res.destroyed || res.writableEnded) return;
	res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
	res.end(body);
}

export function writeJson(res: ServerResponse, status: number, body: string): void {
	writeBody(res, status, JSON_CONTENT_TYPE, body);
}
