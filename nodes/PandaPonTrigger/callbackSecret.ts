import type { IWebhookFunctions } from 'n8n-workflow';

import { matchCallbackSignature, type CallbackSignatureBase, type CallbackSigningKeys } from '../shared/signing';
import { CREDENTIAL_TYPE, credentialReferenceOf } from '../shared/transport';

/**
 * How long a loaded Access Secret may confirm callbacks without asking n8n again. n8n's
 * getCredentials reads, decrypts and resolves the credential on every call, before the
 * trigger can answer: reusing the secret took the sequential ack from 114 to 98 ms
 * (bench/RESULTS.md). The burst p99 is set by n8n's isolates, not by this.
 */
export const SECRET_REUSE_MS = 10_000;

interface LoadedKeys {
	keys: Promise<CallbackSigningKeys>;
	loadedAt: number;
}

/** Per credential ID, within this n8n process. */
const loadedSecrets = new Map<string, LoadedKeys>();

async function loadKeys(context: IWebhookFunctions): Promise<CallbackSigningKeys> {
	const { accessKey, accessSecret } = await context.getCredentials<CallbackSigningKeys>(CREDENTIAL_TYPE);
	return { accessKey: String(accessKey ?? ''), accessSecret: String(accessSecret ?? '') };
}

function loadAndKeep(context: IWebhookFunctions, credentialId: string, now: number): Promise<CallbackSigningKeys> {
	const loaded: LoadedKeys = { keys: loadKeys(context), loadedAt: now };
	loadedSecrets.set(credentialId, loaded);
	loaded.keys.catch(() => {
		if (loadedSecrets.get(credentialId) === loaded) loadedSecrets.delete(credentialId);
	});
	return loaded.keys;
}

/**
 * Which Base a callback's signature matches with the credential's keys, or undefined when
 * it matches none (forged, unsigned). Keys loaded less than SECRET_REUSE_MS ago are tried
 * first, and they can only confirm: when they do not match, the credential is loaded again
 * and decides. So a new secret counts from the first callback signed with it; the old one
 * can confirm callbacks for at most SECRET_REUSE_MS after it was last loaded.
 */
export async function authenticateCallback(
	context: IWebhookFunctions,
	rawBody: Buffer,
	authorization: string | undefined,
	now = Date.now(),
): Promise<CallbackSignatureBase | undefined> {
	const credentialId = credentialReferenceOf(context)?.id || undefined;
	if (credentialId === undefined) return matchCallbackSignature(rawBody, authorization, await loadKeys(context));
	const loaded = loadedSecrets.get(credentialId);
	if (loaded && now - loaded.loadedAt < SECRET_REUSE_MS) {
		const keys = await loaded.keys.catch(() => undefined);
		const matched = keys === undefined ? undefined : matchCallbackSignature(rawBody, authorization, keys);
		if (matched !== undefined) return matched;
	}
	return matchCallbackSignature(rawBody, authorization, await loadAndKeep(context, credentialId, now));
}

/** Forgets every loaded secret (tests). */
export function forgetLoadedSecrets(): void {
	loadedSecrets.clear();
}
