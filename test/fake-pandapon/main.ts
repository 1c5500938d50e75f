/**
 * Entry point: `node build/test/fake-pandapon/main.js` starts a fake PandaPon, prints
 * `{"url":"http://127.0.0.1:PORT"}` on stdout and runs until SIGINT/SIGTERM.
 */

import { startFakePandaPonCli } from './cli';

async function main(): Promise<void> {
	const fake = await startFakePandaPonCli();
	const stop = () => {
		fake.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((error: unknown) => {
		process.stderr.write(`fake PandaPon failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	});
}
