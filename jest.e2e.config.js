/**
 * End-to-end suite: a REAL n8n (cached install, see scripts/ensure-n8n.sh) loads the packed
 * package and runs workflows against the fake PandaPon server. `npm run e2e`.
 * globalSetup installs n8n if needed (minutes, once), builds and packs the project.
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	rootDir: __dirname,
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': 'ts-jest' },
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	// Each n8n CLI call boots n8n (5-10 s); a first boot also migrates a fresh database.
	testTimeout: 300_000,
	maxWorkers: 1,
	verbose: true,
};
