/**
 * `npm run check-endpoints`: the node's Account › Check Endpoints for people outside n8n.
 * Reads PANDAPON_ACCESS_KEY, PANDAPON_ACCESS_SECRET, PANDAPON_USER_ID and optionally
 * PANDAPON_BASE_URL and PANDAPON_TIMESTAMP_UNIT (milliseconds | seconds), calls every read
 * endpoint once, one after another, and prints a Markdown table to paste into an issue.
 * Nothing that changes data is called; the Access Secret, signatures and record values are
 * never printed.
 */
import { runEndpointCheck, toMarkdown, type Send } from '../nodes/PandaPon/checkEndpoints';
import { signRequestOptions, type PandaPonSigningCredentials } from '../nodes/shared/signing';
import { parseEnvelope, retryPolicy, wireOptionsOf } from '../nodes/shared/transport';

const DEFAULT_BASE_URL = 'https://api.pandapon.com';

export interface ScriptCredentials extends PandaPonSigningCredentials {
	baseUrl: string;
	timestampUnit: 'milliseconds' | 'seconds';
}

/** The credential from the environment; throws saying which variable to set. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): ScriptCredentials {
	const missing = ['PANDAPON_ACCESS_KEY', 'PANDAPON_ACCESS_SECRET', 'PANDAPON_USER_ID'].filter((name) => (env[name] ?? '').trim() === '');
	if (missing.length > 0) throw new Error(`Set ${missing.join(', ')} (from the PandaPon console, AccessKey management) and run again.`);
	const timestampUnit = (env.PANDAPON_TIMESTAMP_UNIT || 'milliseconds').trim();
	if (timestampUnit !== 'milliseconds' && timestampUnit !== 'seconds') {
		throw new Error(`PANDAPON_TIMESTAMP_UNIT must be "milliseconds" or "seconds", not "${timestampUnit}".`);
	}
	return {
		accessKey: env.PANDAPON_ACCESS_KEY!.trim(),
		accessSecret: env.PANDAPON_ACCESS_SECRET!,
		userId: env.PANDAPON_USER_ID!.trim(),
		baseUrl: (env.PANDAPON_BASE_URL || DEFAULT_BASE_URL).trim().replace(/\/+$/, ''),
		timestampUnit,
	};
}

/** Signs each request as the credential does and sends it once with Node's fetch. */
export function fetchSender(credentials: ScriptCredentials): Send {
	return async (pandaPonRequest) => {
		const options = signRequestOptions(credentials, wireOptionsOf(pandaPonRequest));
		const url = new URL(`${credentials.baseUrl}${options.url}`);
		for (const [name, value] of Object.entries(options.qs ?? {})) url.searchParams.set(name, String(value));
		try {
			const response = await fetch(url, {
				method: options.method,
				headers: options.headers as Record<string, string>,
				body: options.body as string | undefined,
				// As in the node: a followed redirect would turn a signed POST into a GET.
				redirect: 'manual',
				signal: AbortSignal.timeout(pandaPonRequest.timeoutMs ?? retryPolicy.timeoutMs),
			});
			return { status: response.status, envelope: parseEnvelope(await response.text()) };
		} catch (error) {
			return { networkError: (error as Error).message };
		}
	};
}

function withoutSecret(text: string, secret: string): string {
	return secret === '' ? text : text.split(secret).join('***');
}

/** Runs the check and writes the Markdown report; returns the exit code. */
export async function main(env: NodeJS.ProcessEnv, write: (text: string) => void, progress: (text: string) => void = () => undefined): Promise<number> {
	let credentials: ScriptCredentials;
	try {
		credentials = credentialsFromEnv(env);
	} catch (error) {
		write(`${(error as Error).message}\n`);
		return 2;
	}
	progress(`Calling every read endpoint of ${credentials.baseUrl} once, one after another…\n`);
	const report = await runEndpointCheck(fetchSender(credentials), {
		credentialValues: [credentials.accessKey, credentials.accessSecret, credentials.userId],
	});
	const heading = `## PandaPon endpoint check\n\nBase URL ${credentials.baseUrl}, timestamp unit ${credentials.timestampUnit}, ${new Date().toISOString().slice(0, 10)}.\n\n`;
	write(withoutSecret(heading + toMarkdown(report), credentials.accessSecret));
	return 0;
}

if (require.main === module) {
	const write = (stream: NodeJS.WriteStream) => (text: string) => void stream.write(text);
	void main(process.env, write(process.stdout), write(process.stderr)).then((code) => (process.exitCode = code));
}
