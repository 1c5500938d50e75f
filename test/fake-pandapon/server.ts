/**
 * A real HTTP server on 127.0.0.1 that behaves like PandaPon as far as REFERENCE.md knows
 * it. Request pipeline, in order:
 * 1. read and record the request (body parsed losslessly);
 * 2. transport fault? answer it (or, for `delay`, wait and carry on);
 * 3. route lookup: unknown path → HTTP 404, known path with another method → HTTP 405;
 * 4. system-header checks (auth.ts) → business error envelope on failure;
 * 5. business-error fault? answer it;
 * 6. body not JSON → HTTP 400; otherwise run the route and wrap its `data`.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import { createServer as createHttpsServer } from 'https';
import type { AddressInfo } from 'net';

import { parseLossless } from '../../nodes/shared/losslessJson';
import { authenticate, NonceRegistry, type AuthConfig } from './auth';
import { sendCallback, type CallbackMessage, type CallbackOptions, type CallbackResult } from './callbacks';
import { HTTP_BAD_JSON_BODY, HTTP_METHOD_NOT_ALLOWED_BODY, HTTP_NOT_FOUND_BODY } from './codes';
import { bareSuccessEnvelope, errorEnvelope, successEnvelope } from './envelope';
import { FaultQueue, InFlightLimit, TOO_MANY_REQUESTS, writeTooManyRequests, writeTransportFault } from './faults';
import { createState } from './fixtures';
import { flattenHeaders, queryRecord, readBody, writeJson } from './http';
import { Router, type RouteDefinition } from './router';
import { ENDPOINT_ROUTES } from './routes';
import { findTaobaoRefund, touch, type FakeState, type TaobaoRefund } from './state';
import {
	BusinessError,
	FAKE_CREDENTIALS,
	type Fault,
	type FaultScope,
	type FakePandaPonOptions,
	type RecordedRequest,
	type RouteHandler,
	type SeedSizes,
} from './types';

/** The options after defaults, as the routes see them. */
export interface FakeSettings extends AuthConfig {
	seed: SeedSizes;
	seedTime?: number;
	maxPageSize?: number;
}

function resolveSettings(options: FakePandaPonOptions): FakeSettings {
	return {
		accessKey: options.accessKey ?? FAKE_CREDENTIALS.accessKey,
		accessSecret: options.accessSecret ?? FAKE_CREDENTIALS.accessSecret,
		userId: options.userId ?? FAKE_CREDENTIALS.userId,
		timestampUnit: options.timestampUnit ?? 'milliseconds',
		timestampWindowSeconds: options.timestampWindowSeconds ?? 600,
		seed: options.seed ?? {},
		seedTime: options.seedTime,
		maxPageSize: options.maxPageSize,
	};
}

function parseBodyQuietly(rawBody: string): unknown {
	if (rawBody.trim() === '') return undefined;
	try {
		return parseLossless(rawBody);
	} catch {
		return undefined;
	}
}

export class FakePandaPon {
	readonly requests: RecordedRequest[] = [];
	state: FakeState;
	readonly settings: FakeSettings;
	readonly credentials: { accessKey: string; accessSecret: string; userId: string };

	private readonly faults = new FaultQueue();
	private readonly inFlightLimit = new InFlightLimit();
	private readonly nonces: NonceRegistry;
	private readonly builtInRoutes = new Router();
	private customRoutes = new Router();
	private readonly pendingDelays = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
	private baseUrl = '';

	private constructor(
		private readonly server: Server,
		options: FakePandaPonOptions,
	) {
		this.settings = resolveSettings(options);
		this.credentials = {
			accessKey: this.settings.accessKey,
			accessSecret: this.settings.accessSecret,
			userId: this.settings.userId,
		};
		this.nonces = new NonceRegistry(this.settings.timestampWindowSeconds * 1000);
		this.state = createState(this.settings.seed, this.settings.seedTime);
		const dropped = (route: RouteDefinition) =>
			(options.withoutRoutes ?? []).some(({ method, path }) => method.toUpperCase() === route.method.toUpperCase() && path === route.path);
		for (const route of ENDPOINT_ROUTES) if (!dropped(route)) this.builtInRoutes.add(route);
	}

	static async start(options: FakePandaPonOptions = {}): Promise<FakePandaPon> {
		const server = options.tls ? createHttpsServer(options.tls) : createServer();
		const fake = new FakePandaPon(server, options);
		server.on('request', (req: IncomingMessage, res: ServerResponse) => {
			fake.handle(req, res).catch((error: unknown) => fake.answerCrash(res, error));
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, '127.0.0.1', () => {
				server.off('error', reject);
				resolve();
			});
		});
		fake.baseUrl = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
		return fake;
	}

	/** 'http://127.0.0.1:PORT' ('https://…' when started with `tls`) */
	get url(): string {
		return this.baseUrl;
	}

	accepted(path?: string): RecordedRequest[] {
		return this.requests.filter((request) => request.accepted && (path === undefined || request.path === path));
	}

	/** Adds a route or overrides a built-in one (same method and path). */
	on(method: string, path: string, handler: RouteHandler): void {
		this.customRoutes.add({ method, path, handler });
	}

	injectFault(fault: Fault, scope?: FaultScope): void {
		this.faults.add(fault, scope);
	}

	/** Answers 429 to requests beyond `max` in flight until called again (undefined: no limit). */
	limitInFlight(max: number | undefined): void {
		this.inFlightLimit.max = max;
	}

	/** Faults injected but not consumed yet. */
	pendingFaults(): Fault[] {
		return this.faults.pending();
	}

	/** The built-in routes (method and path of every endpoint the fake serves). */
	routes(): RouteDefinition[] {
		return this.builtInRoutes.list();
	}

	/**
	 * Changes a Taobao refund the way PandaPon would (stamping `gmtModified`), e.g. to let a
	 * polling trigger see a status change between polls.
	 */
	updateTaobaoRefund(refundId: string, patch: Partial<TaobaoRefund>): TaobaoRefund {
		const refund = findTaobaoRefund(this.state, refundId);
		if (!refund) throw new Error(`The fake holds no Taobao refund ${refundId}`);
		return touch(refund, patch, Date.now());
	}

	/** Pushes a callback to `url`, signed as PandaPon most likely does (HMAC-SHA256 of Access Key + raw body). */
	sendCallback(url: string, message: CallbackMessage, options: CallbackOptions = {}): Promise<CallbackResult> {
		return sendCallback(url, message, this.settings, options);
	}

	reset(): void {
		this.requests.length = 0;
		this.faults.clear();
		this.inFlightLimit.max = undefined;
		this.nonces.clear();
		this.customRoutes = new Router();
		this.state = createState(this.settings.seed, this.settings.seedTime);
	}

	async close(): Promise<void> {
		for (const pending of this.pendingDelays) {
			clearTimeout(pending.timer);
			pending.resolve();
		}
		this.pendingDelays.clear();
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const recorded = await this.record(req);
		const admitted = this.inFlightLimit.admit(res);

		const transportFault = this.faults.takeTransportFault(recorded.method, recorded.path);
		if (transportFault) {
			recorded.fault = transportFault;
			if (transportFault.type !== 'delay') return writeTransportFault(req, res, transportFault);
			await this.sleep(transportFault.ms);
			if (res.destroyed) return;
		}
		if (!admitted) {
			recorded.fault = TOO_MANY_REQUESTS;
			return writeTooManyRequests(res);
		}

		const match = this.matchRoute(recorded.method, recorded.path);
		if (match.kind === 'notFound') {
			recorded.rejection = { ...HTTP_NOT_FOUND_BODY };
			return writeJson(res, 404, JSON.stringify(HTTP_NOT_FOUND_BODY));
		}
		if (match.kind === 'methodNotAllowed') {
			recorded.rejection = { ...HTTP_METHOD_NOT_ALLOWED_BODY };
			return writeJson(res, 405, JSON.stringify(HTTP_METHOD_NOT_ALLOWED_BODY));
		}
		recorded.params = match.params;

		const rejection = authenticate(recorded.headers, this.settings, this.nonces, Date.now());
		if (rejection) {
			recorded.rejection = rejection;
			return writeJson(res, 200, errorEnvelope(rejection.code, rejection.msg, null));
		}
		recorded.accepted = true;

		const businessFault = this.faults.takeBusinessFault(recorded.method, recorded.path);
		if (businessFault) {
			recorded.fault = businessFault;
			return writeJson(res, 200, errorEnvelope(businessFault.code, businessFault.msg));
		}
		if (recorded.rawBody.trim() !== '' && recorded.body === undefined) {
			return writeJson(res, 400, JSON.stringify(HTTP_BAD_JSON_BODY));
		}
		await this.runRoute(match.route, recorded, res);
	}

	private async record(req: IncomingMessage): Promise<RecordedRequest> {
		const rawBody = await readBody(req);
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const recorded: RecordedRequest = {
			method: (req.method ?? 'GET').toUpperCase(),
			path: url.pathname,
			query: queryRecord(url.searchParams),
			headers: flattenHeaders(req.headers),
			rawBody,
			body: parseBodyQuietly(rawBody),
			accepted: false,
			receivedAt: Date.now(),
			params: {},
		};
		this.requests.push(recorded);
		return recorded;
	}

	private matchRoute(method: string, path: string) {
		const custom = this.customRoutes.match(method, path);
		if (custom.kind === 'found') return custom;
		const builtIn = this.builtInRoutes.match(method, path);
		if (builtIn.kind === 'notFound' && custom.kind === 'methodNotAllowed') return custom;
		return builtIn;
	}

	private async runRoute(route: RouteDefinition, recorded: RecordedRequest, res: ServerResponse): Promise<void> {
		try {
			const data = await route.handler(recorded, this);
			writeJson(res, 200, route.envelope === 'codeAndMsgOnly' ? bareSuccessEnvelope() : successEnvelope(data));
		} catch (error) {
			if (!(error instanceof BusinessError)) throw error;
			writeJson(res, 200, errorEnvelope(error.code, error.message));
		}
	}

	private answerCrash(res: ServerResponse, error: unknown): void {
		const message = error instanceof Error ? error.message : String(error);
		writeJson(res, 500, JSON.stringify({ code: 500, msg: `Internal Server Error: ${message}` }));
	}

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const pending = {
				timer: setTimeout(() => {
					this.pendingDelays.delete(pending);
					resolve();
				}, ms),
				resolve,
			};
			this.pendingDelays.add(pending);
		});
	}
}
