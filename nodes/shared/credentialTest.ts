import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IHttpRequestOptions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { CREDENTIAL_TEST_REQUEST, DEFAULT_BASE_URL, PandaPonApi } from '../../credentials/PandaPonApi.credentials';
import { parseLossless } from './losslessJson';
import type { PandaPonEnvelope } from './transport';

function otherUnit(unit: unknown): string {
	return unit === 'seconds' ? 'Milliseconds' : 'Seconds';
}

/** Explains a rejected test call in terms of what the user can change in the credential. */
export function explainRejection(envelope: PandaPonEnvelope, timestampUnit: unknown): string {
	const msg = typeof envelope.msg === 'string' && envelope.msg !== '' ? envelope.msg : 'no message';
	const advice = /timestamp|时间|expire|过期/i.test(msg)
		? `PandaPon did not accept the timestamp: set Timestamp Unit to ${otherUnit(timestampUnit)}, or check the clock of the n8n host (it must be within 10 minutes of UTC).`
		: `Check the Access Key, Access Secret and User ID (console → AccessKey management). If they are right, try Timestamp Unit = ${otherUnit(timestampUnit)}.`;
	return `PandaPon rejected the signed test request: code ${String(envelope.code)}, "${msg}" (request ID ${String(envelope.requestId ?? 'none')}). ${advice}`;
}

/**
 * Credential test that reads PandaPon's business `code`: PandaPon answers HTTP 200 even
 * for a bad signature, so a plain test request would report success.
 */
export async function pandaPonApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const baseUrl = String(data.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '');
	const unsigned = {
		method: CREDENTIAL_TEST_REQUEST.method,
		uri: `${baseUrl}${CREDENTIAL_TEST_REQUEST.path}`,
		body: JSON.stringify(CREDENTIAL_TEST_REQUEST.body),
		json: false,
		headers: {},
	} as unknown as IHttpRequestOptions;
	const signed = await new PandaPonApi().authenticate(data, unsigned);
	let text: string;
	try {
		// ICredentialTestFunctions offers only the legacy `request` helper; there is no httpRequest here.
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
		text = String(await this.helpers.request(signed));
	} catch (error) {
		return {
			status: 'Error',
			message: `Could not reach PandaPon at ${baseUrl}: ${(error as Error).message}. Check the Base URL.`,
		};
	}
	let envelope: PandaPonEnvelope;
	try {
		envelope = parseLossless(text) as PandaPonEnvelope;
	} catch {
		return { status: 'Error', message: `The answer from ${baseUrl} is not PandaPon's JSON. Check the Base URL.` };
	}
	if (Number(envelope?.code) === 200) return { status: 'OK', message: 'Connection successful: PandaPon accepted the signature' };
	return { status: 'Error', message: explainRejection(envelope ?? {}, data.timestampUnit) };
}
