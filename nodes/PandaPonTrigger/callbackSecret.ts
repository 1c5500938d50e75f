import type { IWebhookFunctions } from 'n8n-workflow';

import { isCallbackSignatureValid } from '../shared/signing';
import { CREDENTIAL_TYPE, credentialReferenceOf } from '../shared/transport';

/**
 * How long a loaded Access Secret may confirm callbacks without asking n8n again. n8n's
 * getCredentials reads, decrypts and resolves the credential on every call, before the
 * trigger can answer: reusing the secret took the sequential ack from 114 to 98 ms
 * (bench/RESULTS.md). The burst p99 is set by n8n's isolates, not by this.
 */
export const SECRET_REUSE_MS = 10_000;

interface LoadedSecret {
	secret: Promise<string>;
	loadedAt: number;
}

/** Per credential ID, within this n8n process. */
const loadedSecrets = new Map<string, LoadedSecret>();

async function loadSecret(context: IWebhookFunctions): Promise<string> {
	const { accessSecret } = await context.getCredentials<{ accessSecret: string }>(CREDENTIAL_TYPE);
	return accessSecret;
}

function loadAndKeep(context: IWebhookFunctions, credentialId: string, now: number): Promise<string> {
	const loaded: LoadedSecret = { secret: loadSecret(context), loadedAt: now };
	loadedSecrets.set(credentialId, loaded);
	loaded.secret.catch(() => {
		if (loadedSecrets.get(credentialId) === loaded) loadedSecrets.delete(credentialId);
	});
	return loaded.secret;
}

/**
 * Checks a callback's signature against the credential's Access Secret. A secret loaded
 * less than SECRET_REUSE_MS ago is tried first, and it can only confirm: when it does not
 * match, the credential is loaded again and decides. So a new secret counts from the first
 * callback signed with it; the old one can confirm callbacks for at most SECRET_REUSE_MS
 * after it was last loaded.
 */
export async function isCallbackAuthentic(
	context: IWebhookFunctions,
	rawBody: Buffer,
	authorization: string | undefined,
	now = Date.now(),
): Promise<boolean> {
	const credentialId = credentialReferenceOf(context)?.id || undefined;
	if (credentialId === undefined) return isCallbackSignatureValid(rawBody, authorization, await loadSecret(context));
	const loaded = loadedSecrets.get(credentialId);
	if (loaded && now - loaded.loadedAt < SECRET_REUSE_MS) {
		const secret = await loaded.secret.catch(() => undefined);
		if (secret !== undefined && isCallbackSignatureValid(rawBody, authorization, secret)) return true;
	}
	return isCallbackSignatureValid(rawBody, authorization, await loadAndKeep(context, credentialId, now));
}

/** Forgets every loaded secret (tests). */
export function forgetLoadedSecrets(): void {
	loadedSecrets.clear();
}
