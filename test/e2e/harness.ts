/**
 * What an e2e test file needs: the run prepared by globalSetup, and fresh n8n instances
 * with the packed package installed. A new test is typically
 *
 *   const n8n = await newN8n('my-feature');           // fresh N8N_USER_FOLDER, package installed
 *   const fake = await FakePandaPon.start();
 *   await n8n.importCredential(fakeCredential(fake, credId));
 *   await n8n.importWorkflow(myWorkflow({ ... }));    // one small file in ./workflows
 *   const run = await n8n.executeWorkflow(id);
 *
 * and stopping both in afterAll.
 */
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import { request } from 'undici';

import { computeCallbackSignature } from '../../nodes/shared/signing';
import { N8n, n8nId, type CredentialImport, type N8nInstall, type WorkflowJson } from './n8n';

export const STATE_ENV = 'PANDAPON_E2E_STATE';

export interface E2EState {
	runDir: string;
	install: N8nInstall;
	tarball: string;
	pidFile: string;
}

export function e2eState(): E2EState {
	const file = process.env[STATE_ENV];
	if (!file || !fs.existsSync(file)) {
		throw new Error(`${STATE_ENV} is not set: run the e2e suite with "npm run e2e" (jest -c jest.e2e.config.js)`);
	}
	return JSON.parse(fs.readFileSync(file, 'utf8')) as E2EState;
}

/**
 * A fresh n8n (own N8N_USER_FOLDER under the run folder) with the packed project installed
 * (`withPackage: false` leaves it out, to prove that "not loaded" is detected).
 */
export async function newN8n(label: string, opts: { env?: Record<string, string>; withPackage?: boolean } = {}): Promise<N8n> {
	const state = e2eState();
	const tarball = opts.withPackage === false ? undefined : state.tarball;
	return await N8n.create({ install: state.install, tarball, root: state.runDir, label, env: opts.env });
}

/** The subset of a running FakePandaPon a credential needs. */
export interface FakeEndpoint {
	url: string;
	credentials: { accessKey: string; accessSecret: string; userId: string };
}

/** A pandaPonApi credential pointing at the fake; `overrides` e.g. { accessSecret: 'wrong' }. */
export function fakeCredential(
	fake: FakeEndpoint,
	opts: { id?: string; name?: string; overrides?: Record<string, unknown> } = {},
): CredentialImport {
	return {
		id: opts.id ?? n8nId('cred'),
		name: opts.name ?? 'PandaPon (fake server)',
		type: 'pandaPonApi',
		data: {
			accessKey: fake.credentials.accessKey,
			accessSecret: fake.credentials.accessSecret,
			userId: fake.credentials.userId,
			baseUrl: fake.url,
			timestampUnit: 'milliseconds',
			...(opts.overrides ?? {}),
		},
	};
}

export const ref = (cred: CredentialImport) => ({ id: cred.id, name: cred.name });

/** A fresh n8n holding a credential for `fake` and the workflow `build` makes with it. */
export async function n8nWithWorkflow(
	label: string,
	fake: FakeEndpoint,
	build: (credential: ReturnType<typeof ref>) => WorkflowJson,
): Promise<{ n8n: N8n; workflowId: string }> {
	const n8n = await newN8n(label);
	const cred = fakeCredential(fake);
	const workflow = build(ref(cred));
	await n8n.importCredential(cred);
	await n8n.importWorkflow(workflow);
	return { n8n, workflowId: workflow.id };
}

export interface WebhookAnswer {
	status: number;
	/** The whole answer body. */
	text: string;
	/** From sending the request to having read the whole answer. */
	ms: number;
	sentAt: number;
	ackedAt: number;
}

/** One request to a webhook URL, timed. Throws, naming `label`, when no answer comes back. */
export async function timedRequest(
	url: string,
	label: string,
	opts: { method?: string; body?: string | Buffer; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<WebhookAnswer> {
	const sentAt = Date.now();
	const started = performance.now();
	const method = opts.method ?? 'POST';
	const timeout = opts.timeoutMs ?? 30_000;
	try {
		const res = await request(url, { method: method as 'POST', headers: opts.headers, body: opts.body, headersTimeout: timeout, bodyTimeout: timeout });
		const text = await res.body.text();
		return { status: res.statusCode, text, ms: performance.now() - started, sentAt, ackedAt: Date.now() };
	} catch (error) {
		throw new Error(`${label}: ${method} ${url} failed: ${(error as Error).message}`);
	}
}

/** Headers of a callback as PandaPon sends it: JSON, signed with `secret` unless `authorization` is given (null: none). */
export function callbackHeaders(body: string | Buffer, secret: string, authorization?: string | null): Record<string, string> {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	const value = authorization === undefined ? computeCallbackSignature(body, secret) : authorization;
	if (value !== null) headers.authorization = value;
	return headers;
}
