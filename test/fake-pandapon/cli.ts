/** Runs one fake as a separate process, for demo scripts (see main.ts). */

import { FakePandaPon } from './server';
import type { TimestampUnit } from './types';

export interface CliEnvironment {
	FAKE_PANDAPON_PORT?: string;
	FAKE_PANDAPON_TIMESTAMP_UNIT?: string;
}

export function portFromEnvironment(env: CliEnvironment): number {
	const text = env.FAKE_PANDAPON_PORT?.trim() ?? '';
	if (text === '') return 0;
	const port = Number(text);
	if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`FAKE_PANDAPON_PORT is not a port: "${text}"`);
	return port;
}

function timestampUnitFromEnvironment(env: CliEnvironment): TimestampUnit {
	return env.FAKE_PANDAPON_TIMESTAMP_UNIT === 'seconds' ? 'seconds' : 'milliseconds';
}

/**
 * Starts a fake on FAKE_PANDAPON_PORT (default 0: random) and writes exactly one line,
 * `{"url":"http://127.0.0.1:PORT"}`, once it listens. The credentials are FAKE_CREDENTIALS.
 */
export async function startFakePandaPonCli(
	env: CliEnvironment = process.env,
	writeLine: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<FakePandaPon> {
	const fake = await FakePandaPon.start({ port: portFromEnvironment(env), timestampUnit: timestampUnitFromEnvironment(env) });
	writeLine(JSON.stringify({ url: fake.url }));
	return fake;
}
