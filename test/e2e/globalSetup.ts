/**
 * Once per `npm run e2e`: make sure the cached n8n exists (minutes on the very first run),
 * build and pack this project, and create the run folder that every test's n8n instance,
 * log and the packed tarball live in. Tests read it through harness.ts.
 */
import * as fs from 'fs';
import * as path from 'path';

import { ensureN8n, makeRunDir, N8N_VERSION, packProject, PID_FILE_ENV } from './n8n';
import { STATE_ENV, type E2EState } from './harness';

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	const say = (msg: string) => process.stderr.write(`[e2e] ${msg}\n`);
	process.stderr.write('\n');
	say(`ensuring n8n ${N8N_VERSION} (cached after the first run)…`);
	const install = await ensureN8n(N8N_VERSION, { log: (line) => say(line) });
	say(`n8n ${install.version} at ${install.dir}`);

	const runDir = makeRunDir('e2e');
	say(`run folder (n8n user folders, logs, tarball): ${runDir}`);
	say('npm run build && npm pack…');
	const tarball = await packProject(runDir, { log: path.join(runDir, 'build.log') });
	say(`packed ${path.basename(tarball)} (${((Date.now() - started) / 1000).toFixed(1)} s so far)`);

	const state: E2EState = { runDir, install, tarball, pidFile: path.join(runDir, 'pids') };
	const stateFile = path.join(runDir, 'state.json');
	fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
	process.env[STATE_ENV] = stateFile;
	process.env[PID_FILE_ENV] = state.pidFile;
}
