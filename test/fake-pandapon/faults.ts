/**
 * Injected faults. Transport faults (status, delay, broken bodies, reset) hit a request
 * before any check, as a proxy or an overloaded gateway would; a business error is only
 * taken by a request that passed the header checks and reached a known route.
 */

import type { IncomingMessage, ServerResponse } from 'http';
import { STATUS_CODES } from 'http';

import { JSON_CONTENT_TYPE, writeBody } from './http';
import type { Fault, FaultScope } from './types';

export type TransportFault = Exclude<Fault, { type: 'businessError' }>;
export type BusinessFault = Extract<Fault, { type: 'businessError' }>;

interface QueuedFault {
	fault: Fault;
	method?: string;
	path?: string;
	remaining: number;
}

export function isBusinessFault(fault: Fault): fault is BusinessFault {
	return fault.type === 'businessError';
}

export class FaultQueue {
	private queue: QueuedFault[] = [];

	add(fault: Fault, scope: FaultScope = {}): void {
		const times = scope.times ?? 1;
		if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
		this.queue.push({ fault, method: scope.method?.toUpperCase(), path: scope.path, remaining: times });
	}

	takeTransportFault(method: string, path: string): TransportFault | undefined {
		return this.take(method, path, (fault) => !isBusinessFault(fault)) as TransportFault | undefined;
	}

	takeBusinessFault(method: string, path: string): BusinessFault | undefined {
		return this.take(method, path, isBusinessFault) as BusinessFault | undefined;
	}

	/** Faults not yet consumed, oldest first. */
	pending(): Fault[] {
		return this.queue.map((entry) => entry.fault);
	}

	clear(): void {
		this.queue = [];
	}

	private take(method: string, path: string, kind: (fault: Fault) => boolean): Fault | undefined {
		const index = this.queue.findIndex(
			(entry) =>
				kind(entry.fault) &&
				(entry.method === undefined || entry.method === method.toUpperCase()) &&
				(entry.path === undefined || entry.path === path),
		);
		if (index === -1) return undefined;
		const entry = this.queue[index];
		entry.remaining--;
		if (entry.remaining === 0) this.queue.splice(index, 1);
		return entry.fault;
	}
}

const HTML_PAGE =
	'<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>' +
	'<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n';

/** A success envelope cut off mid-way, as a proxy that drops the connection might deliver it. */
const TRUNCATED_JSON = '{"requestId":"0c8f3d9e2b7a4c1d9e8f7a6b5c4d3e2f","code":200,"developId":"1834567890123456789","msg":"成功","data":{"orderId":2019601741959';

/** Answers a transport fault other than `delay` (which the server handles by waiting). */
export function writeTransportFault(
	req: IncomingMessage,
	res: ServerResponse,
	fault: Exclude<TransportFault, { type: 'delay' }>,
): void {
	switch (fault.type) {
		case 'status':
			return writeStatusFault(res, fault);
		case 'brokenJson':
			return writeBody(res, 200, JSON_CONTENT_TYPE, TRUNCATED_JSON);
		case 'empty':
			return writeBody(res, 200, JSON_CONTENT_TYPE, '');
		case 'html':
			return writeBody(res, 200, 'text/html;charset=UTF-8', HTML_PAGE);
		case 'reset':
			// An RST rather than a FIN, so clients see ECONNRESET instead of a clean close.
			req.socket.resetAndDestroy();
			return;
	}
}

function writeStatusFault(res: ServerResponse, fault: Extract<Fault, { type: 'status' }>): void {
	if (fault.retryAfter !== undefined) res.setHeader('Retry-After', fault.retryAfter);
	if (fault.location !== undefined) res.setHeader('Location', fault.location);
	const body = fault.body ?? JSON.stringify({ code: fault.status, msg: STATUS_CODES[fault.status] ?? 'Error' });
	writeBody(res, fault.status, JSON_CONTENT_TYPE, body);
}

/**
 * A rate limit by concurrency: while `max` requests are being answered, any other request
 * gets HTTP 429 (after the same simulated latency). Assumed: PandaPon documents no limit, so
 * the status is the only sign, with the same assumed body as a `status` fault.
 */
export class InFlightLimit {
	private inFlight = 0;
	max: number | undefined;

	/** Whether the request is admitted; an admitted one counts until its response is done. */
	admit(res: ServerResponse): boolean {
		if (this.max !== undefined && this.inFlight >= this.max) return false;
		this.inFlight++;
		let left = false;
		const leave = () => {
			if (left) return;
			left = true;
			this.inFlight--;
		};
		res.once('finish', leave);
		res.once('close', leave);
		return true;
	}
}

export const TOO_MANY_REQUESTS: Extract<Fault, { type: 'status' }> = { type: 'status', status: 429 };

export function writeTooManyRequests(res: ServerResponse): void {
	writeStatusFault(res, TOO_MANY_REQUESTS);
}
