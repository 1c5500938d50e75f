import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IHttpRequestOptions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { CREDENTIAL_TEST_REQUEST, DEFAULT_BASE_URL, PandaPonApi } from '../../credentials/PandaPonApi.credentials';
import { parseLossless } from './losslessJson';
import type { PandaPonEnvelope } from './transport';

type TimestampUnit = 'milliseconds' | 'seconds';

function otherUnitValue(unit: unknown): TimestampUnit {
	return unit === 'seconds' ? 'milliseconds' : 'seconds';
}

function otherUnit(unit: unknown): string {
	return otherUnitValue(unit) === 'seconds' ? 'Seconds' : 'Milliseconds';
}

/**
 * What a rejection's message is most likely about. PandaPon's error codes are undocumented,
 * so this reads the words of `msg`: a guess, and callers must say so.
 */
export function rejectionKind(msg: string): 'timestamp' | 'signature' | undefined {
	if (/timestamp|时间|expire|过期/i.test(msg)) return 'timestamp';
	if (/sign|签名|access.?key|nonce|auth|鉴权|认证|user.?id|permission|权限/i.test(msg)) return 'signature';
	return undefined;
}

/** Explains a rejected test call in terms of what the user can change in the credential. */
export function explainRejection(envelope: PandaPonEnvelope, timestampUnit: unknown): string {
	const msg = typeof envelope.msg === 'string' && envelope.msg !== '' ? envelope.msg : 'no message';
	const advice = rejectionKind(msg) === 'timestamp'
		? `PandaPon did not accept the timestamp: set Timestamp Unit to ${otherUnit(timestampUnit)}, or check the clock of the n8n host (it must be within 10 minutes of UTC).`
		: `Check the Access Key, Access Secret and User ID (console → AccessKey management). If they are right, try Timestamp Unit = ${otherUnit(timestampUnit)}.`;
	return `PandaPon rejected the signed test request: code ${String(envelope.code)}, "${msg}" (request ID ${String(envelope.requestId ?? 'none')}). ${advice}`;
}

type TestAnswer = { reached: false; error: string } | { reached: true; envelope: PandaPonEnvelope | undefined };

/** Sends the signed test request with the given timestamp unit. */
async function sendTestRequest(
	context: ICredentialTestFunctions,
	data: ICredentialDataDecryptedObject,
	baseUrl: string,
	timestampUnit: TimestampUnit,
): Promise<TestAnswer> {
	const unsigned = {
		method: CREDENTIAL_TEST_REQUEST.method,
		uri: `${baseUrl}${CREDENTIAL_TEST_REQUEST.path}`,
		body: JSON.stringify(CREDENTIAL_TEST_REQUEST.body),
		json: false,
		headers: {},
	} as unknown as IHttpRequestOptions;
	const signed = await new PandaPonApi().authenticate({ ...data, timestampUnit }, unsigned);
	let text: string;
	try {
		// ICredentialTestFunctions offers only the legacy `request` helper; there is no httpRequest here.
		text = String(await context.helpers.request(signed));
	} catch (error) {
		return { reached: false, error: (error as Error).message };
	}
	try {
		return { reached: true, envelope: (parseLossless(text) ?? {}) as PandaPonEnvelope };
	} catch {
		return { reached: true, envelope: undefined };
	}
}

const isAccepted = (answer: TestAnswer) => answer.reached && Number(answer.envelope?.code) === 200;

/**
 * Credential test that reads PandaPon's business `code`: PandaPon answers HTTP 200 even
 * for a bad signature, so a plain test request would report success. A rejected request is
 * sent once more in the other timestamp unit: the docs do not settle the unit, and
 * PandaPon's message for a wrong one is unknown, so whatever it says, the test then names the
 * unit that works.
 */
export async function pandaPonApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const baseUrl = String(data.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '');
	const configuredUnit: TimestampUnit = data.timestampUnit === 'seconds' ? 'seconds' : 'milliseconds';
	const answer = await sendTestRequest(this, data, baseUrl, configuredUnit);
	if (!answer.reached) {
		return { status: 'Error', message: `Could not reach PandaPon at ${baseUrl}: ${answer.error}. Check the Base URL.` };
	}
	if (answer.envelope === undefined) {
		return { status: 'Error', message: `The answer from ${baseUrl} is not PandaPon's JSON. Check the Base URL.` };
	}
	if (isAccepted(answer)) return { status: 'OK', message: 'Connection successful: PandaPon accepted the signature' };
	if (isAccepted(await sendTestRequest(this, data, baseUrl, otherUnitValue(configuredUnit)))) {
		return {
			status: 'Error',
			message: `PandaPon accepts these keys only with the timestamp in ${otherUnitValue(configuredUnit)}: set Timestamp Unit to ${otherUnit(configuredUnit)} in this credential and save it. (With ${configuredUnit} it answered code ${String(answer.envelope.code)}.)`,
		};
	}
	return { status: 'Error', message: explainRejection(answer.envelope, configuredUnit) };
}
