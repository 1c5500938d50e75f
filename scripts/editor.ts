/**
 * `npm run editor`: n8n's editor in your browser with this package installed, one command.
 *
 * Builds and packs the project, installs it into an n8n user folder that is kept between
 * runs (~/.cache/n8n-nodes-pandapon/editor-<version>, so the owner account you create stays),
 * starts a fake PandaPon server, imports a "PandaPon account" credential pointing at it and
 * the example workflows, and runs `n8n start` on http://127.0.0.1:5678 (PANDAPON_EDITOR_PORT)
 * until Ctrl-C. With PANDAPON_ACCESS_KEY, PANDAPON_ACCESS_SECRET and PANDAPON_USER_ID set,
 * the credential points at the real PandaPon instead (every call then acts on your live
 * account).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { ensureN8n, killAllChildren, N8N_VERSION, N8n, packProject, projectRoot, type WorkflowJson } from '../test/e2e/n8n';
import { FakePandaPon } from '../test/fake-pandapon/server';

/** The credential the examples reference by name and ID. */
const EXAMPLE_CREDENTIAL = { id: 'pandaponCred0001', name: 'PandaPon account' };

function say(line = ''): void {
	process.stdout.write(`${line}\n`);
}

function exampleWorkflows(): WorkflowJson[] {
	const root = path.join(projectRoot(), 'examples');
	const files = fs
		.readdirSync(root, { recursive: true, encoding: 'utf8' })
		.filter((file) => file.endsWith('.json'))
		.sort();
	// Stable IDs, so a second run updates the same workflows instead of adding copies.
	return files.map((file, index) => ({
		...(JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as WorkflowJson),
		id: `pandaponExample${index}`.slice(0, 16).padEnd(16, '0'),
	}));
}

async function main(): Promise<void> {
	const cacheRoot = process.env.PANDAPON_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-pandapon');
	const port = Number(process.env.PANDAPON_EDITOR_PORT || 5678);
	const realKey = process.env.PANDAPON_ACCESS_KEY;
	say(`PandaPon nodes in n8n ${N8N_VERSION}'s editor`);
	const install = await ensureN8n(N8N_VERSION, { log: (line) => say(`  ${line}`) });
	const workDir = path.join(cacheRoot, `editor-${N8N_VERSION}`);
	say('  building and packing the package…');
	const tarball = await packProject(path.join(workDir, 'pack'), { log: path.join(workDir, 'build.log') });
	const n8n = await N8n.create({ install, tarball, root: workDir, label: 'n8n' });
	await n8n.assertPackageLoaded();

	let fake: FakePandaPon | undefined;
	let data: Record<string, unknown>;
	if (realKey) {
		data = {
			accessKey: realKey,
			accessSecret: process.env.PANDAPON_ACCESS_SECRET ?? '',
			userId: process.env.PANDAPON_USER_ID ?? '',
			baseUrl: process.env.PANDAPON_BASE_URL || 'https://api.pandapon.com',
			timestampUnit: process.env.PANDAPON_TIMESTAMP_UNIT || 'milliseconds',
		};
	} else {
		fake = await FakePandaPon.start();
		data = { ...fake.credentials, baseUrl: fake.url, timestampUnit: 'milliseconds' };
	}
	await n8n.importCredential({ ...EXAMPLE_CREDENTIAL, type: 'pandaPonApi', data });
	const examples = exampleWorkflows();
	await n8n.importWorkflows(examples);

	const stop = async () => {
		await n8n.stop().catch(() => undefined);
		await fake?.close().catch(() => undefined);
		killAllChildren();
		process.exit(0);
	};
	process.once('SIGINT', () => void stop());
	process.once('SIGTERM', () => void stop());

	const { url } = await n8n.start({ port });
	say('');
	say(`n8n is running: open ${url}`);
	say('  1. The first time, n8n asks you to set up an owner account (it stays on this machine).');
	say('  2. Add a node and search for "PandaPon": the action node, the Trigger and the Polling Trigger.');
	say(`  3. Imported workflows: ${examples.map((workflow) => `"${workflow.name}"`).join(', ')}.`);
	say(
		fake
			? `  4. Their credential "${EXAMPLE_CREDENTIAL.name}" points at a fake PandaPon on ${fake.url}: open a workflow and run it, nothing real is touched.`
			: `  4. Their credential "${EXAMPLE_CREDENTIAL.name}" uses your real PandaPon keys: operations that change data act on your live account.`,
	);
	say(`n8n log: ${n8n.logFile}`);
	say('Ctrl-C stops n8n and the fake server.');
	await new Promise(() => undefined);
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
	killAllChildren();
	process.exit(1);
});
