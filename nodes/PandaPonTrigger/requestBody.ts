/**
 * The exact bytes of a callback, which the signature covers.
 *
 * n8n leaves them on `request.rawBody` when it parsed the body: always for a typeVersion 1
 * start node, but for typeVersion 2 only when the Content-Type is one n8n parses (JSON,
 * text/plain, form-urlencoded, XML). For any other or no Content-Type n8n leaves the body
 * unread in the request stream, and the trigger reads it here.
 */

/** The parts of n8n's request (a Node.js `http.IncomingMessage`) the trigger reads. */
export interface CallbackRequest {
	rawBody?: unknown;
	body?: unknown;
	headers: Record<string, string | string[] | undefined>;
	readableDidRead?: boolean;
	readableEnded?: boolean;
	destroyed?: boolean;
	/** n8n's own reader (decompresses gzip/deflate); sets `rawBody`. */
	readRawBody?: () => Promise<void>;
	on(event: 'data', listener: (chunk: Buffer) => void): unknown;
	on(event: 'end' | 'close', listener: () => void): unknown;
	on(event: 'error', listener: (error: Error) => void): unknown;
	removeListener(event: string, listener: (...args: never[]) => void): unknown;
	resume(): unknown;
}

export type BodyRead = { kind: 'read'; bytes: Buffer } | { kind: 'tooLarge' } | { kind: 'aborted' } | { kind: 'undecodable' };

function declaredLength(request: Pick<CallbackRequest, 'headers'>): number | undefined {
	const header = request.headers['content-length'];
	const length = Number(Array.isArray(header) ? header[0] : header);
	return header === undefined || !Number.isFinite(length) ? undefined : length;
}

function isEncoded(request: Pick<CallbackRequest, 'headers'>): boolean {
	const encoding = request.headers['content-encoding'];
	return encoding !== undefined && encoding !== '' && encoding !== 'identity';
}

/** True when nobody has started reading the body yet, so all of it can still be read. */
function isUnread(request: CallbackRequest): boolean {
	return request.readableDidRead !== true && request.readableEnded !== true && request.destroyed !== true;
}

/**
 * Reads the whole stream, giving up as soon as it exceeds `limit` bytes. What is left
 * of an oversized body is drained and dropped, so the answer can go out at once.
 */
function readStream(request: CallbackRequest, limit: number): Promise<BodyRead> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const finish = (result: BodyRead) => {
			request.removeListener('data', onData);
			request.removeListener('end', onEnd);
			request.removeListener('close', onClose);
			request.removeListener('error', onClose);
			resolve(result);
		};
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size <= limit) chunks.push(chunk);
			else {
				finish({ kind: 'tooLarge' });
				request.resume();
			}
		};
		const onEnd = () => finish({ kind: 'read', bytes: Buffer.concat(chunks, size) });
		const onClose = () => finish({ kind: 'aborted' });
		request.on('data', onData);
		request.on('end', onEnd);
		request.on('close', onClose);
		request.on('error', onClose);
	});
}

function bufferedBody(request: CallbackRequest, limit: number): BodyRead | undefined {
	if (!Buffer.isBuffer(request.rawBody)) return undefined;
	return request.rawBody.length > limit ? { kind: 'tooLarge' } : { kind: 'read', bytes: request.rawBody };
}

/**
 * What went wrong while n8n's reader read the client's bytes: raw-body's size limit, a zlib
 * error (the body is not what its Content-Encoding says: "incorrect header check"), or the
 * stream ending early. Each is the caller's doing, so a 4xx, never a failed workflow.
 */
function failedRead(error: unknown): BodyRead {
	const { type, code } = (error ?? {}) as { type?: unknown; code?: unknown };
	if (type === 'entity.too.large') return { kind: 'tooLarge' };
	if (typeof code === 'string' && code.startsWith('Z_')) return { kind: 'undecodable' };
	return { kind: 'aborted' };
}

/** n8n's reader inflates gzip/deflate, as it does for the JSON bodies it parses. */
async function readThroughN8n(request: CallbackRequest, readRawBody: () => Promise<void>, limit: number): Promise<BodyRead> {
	try {
		await readRawBody.call(request);
	} catch (error) {
		request.resume();
		return failedRead(error);
	}
	return bufferedBody(request, limit) ?? { kind: 'aborted' };
}

/**
 * The raw body of a callback. When n8n has not read it (typeVersion 2 with an unparsed
 * Content-Type), it is read from the stream here, up to `limit` bytes.
 */
export async function readCallbackBody(request: CallbackRequest, limit: number): Promise<BodyRead> {
	const buffered = bufferedBody(request, limit);
	if (buffered !== undefined) return buffered;
	if (!isUnread(request)) {
		// Consumed by n8n's multipart parser: only a body n8n parsed as text is left.
		return { kind: 'read', bytes: Buffer.from(typeof request.body === 'string' ? request.body : '') };
	}
	if ((declaredLength(request) ?? 0) > limit) {
		request.resume();
		return { kind: 'tooLarge' };
	}
	if (isEncoded(request) && request.readRawBody !== undefined) return await readThroughN8n(request, request.readRawBody, limit);
	return await readStream(request, limit);
}
