/** Kills any n8n process group a test left running (by the pids recorded in this run), and says where the logs are. */
import * as fs from 'fs';

import { STATE_ENV, type E2EState } from './harness';
import { killPidsFromFile } from './n8n';

export default async function globalTeardown(): Promise<void> {
	const stateFile = process.env[STATE_ENV];
	if (!stateFile || !fs.existsSync(stateFile)) return;
	const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as E2EState;
	const killed = killPidsFromFile(state.pidFile);
	if (killed.length) process.stderr.write(`[e2e] killed leftover processes: ${killed.join(' | ')}\n`);
	process.stderr.write(`[e2e] n8n user folders and logs of this run: ${state.runDir}\n`);
}
