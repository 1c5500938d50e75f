/**
 * Pushing callbacks (REFERENCE.md section 3) to a webhook under test: an HTTP POST whose
 * `Authorization` header is HEX(HMAC-SHA256(Access Key + raw body, Access Secret)). The Base
 * is assumed: undocumented, taken from the upstream push template (section 8).
 */

import { request as httpRequest } from 'http';
import { request as httpsRequest } from 'https';

import { stringifyLossless } from '../../nodes/shared/losslessJson';
import { computeCallbackSignature } from '../../nodes/shared/signing';

export interface CallbackMessage {
	messageType: string;
	/** 0 = Taobao, 1 = 1688. */
	messagePlatform: 0 | 1;
	/** May hold JsonInteger values for raw big integers. */
	messageBody: unknown;
	/** Epoch ms as a string; default now. */
	timestamp?: string;
}

export interface CallbackOptions {
	/** Send `messageBody` as a JSON-encoded string, as the white-label copy does. */
	bodyAsString?: boolean;
	/** `undefined`: sign correctly; `null`: send no Authorization header; a string: send it as is. */
	authorization?: string | null;
	timeoutMs?: number;
}

export interface CallbackResult {
	status: number;
	body: string;
	/** The exact bytes that were signed and sent. */
	rawBody: string;
}

export function callbackBody(message: CallbackMessage, bodyAsString = false): string {
	return stringifyLossless({
		messageType: message.messageType,
		messageBody: bodyAsString ? stringifyLossless(message.messageBody) : message.messageBody,
		messagePlatform: message.messagePlatform,
		timestamp: message.timestamp ?? String(Date.now()),
	});
}

export function sendCallback(
	url: string,
	message: CallbackMessage,
	keys: { accessKey: string; accessSecret: string },
	options: CallbackOptions = {},
): Promise<CallbackResult> {
	const rawBody = callbackBody(message, options.bodyAsString);
	const headers: Record<string, string> = {
		'Content-Type': 'application/json',
		'Content-Length': String(Buffer.byteLength(rawBody)),
	};
	const authorization =
		options.authorization === undefined ? computeCallbackSignature(rawBody, keys.accessSecret, keys.accessKey) : options.authorization;
	if (authorization !== null) headers.Authorization = authorization;

	const send = url.startsWith('https:') ? httpsRequest : httpRequest;
	return new Promise((resolve, reject) => {
		const outgoing = send(url, { method: 'POST', headers, timeout: options.timeoutMs ?? 10_000 }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () =>
				resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), rawBody }),
			);
			response.on('error', reject);
		});
		outgoing.on('timeout', () => outgoing.destroy(new Error(`callback to ${url} timed out`)));
		outgoing.on('error', reject);
		outgoing.end(rawBody);
	});
}
