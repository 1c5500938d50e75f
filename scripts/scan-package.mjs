#!/usr/bin/env node
/*
 * `npm run scan`: the checks n8n's verification runs on a community package
 * (@n8n/scan-community-package), run locally on this project's source and on the packed
 * tarball, before anything is published. The published scanner downloads the package from
 * the registry and checks its npm provenance first; those two steps need a release, so this
 * script calls the scanner's own `analyzePackage` on the same two targets it lints: the
 * source (`package.json` and nodes/credentials sources) and the unpacked tarball (compiled
 * `.js` and the published package.json).
 *
 * The scanner is installed once into a cache folder at a pinned version (it brings its own
 * ESLint and TypeScript, which must not mix with the project's devDependencies).
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';

const SCANNER_VERSION = '0.32.0';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot = process.env.PANDAPON_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-pandapon');
const scannerDir = path.join(cacheRoot, `scan-community-package-${SCANNER_VERSION}`);

function log(line) {
	process.stdout.write(`[scan] ${line}\n`);
}

function run(command, args, cwd) {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_ignore_scripts: 'true' } });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr || result.stdout}`);
	return result.stdout;
}

function ensureScanner() {
	const entry = path.join(scannerDir, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs');
	if (fs.existsSync(entry)) return entry;
	log(`installing @n8n/scan-community-package@${SCANNER_VERSION} into ${scannerDir} (once)`);
	fs.mkdirSync(scannerDir, { recursive: true });
	fs.writeFileSync(path.join(scannerDir, 'package.json'), '{ "name": "pandapon-scanner", "private": true }\n');
	run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `@n8n/scan-community-package@${SCANNER_VERSION}`], scannerDir);
	return entry;
}

function packTarball() {
	const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pandapon-scan-'));
	run('npm', ['run', 'build', '--silent'], root);
	const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', out], root));
	const unpacked = path.join(out, 'package');
	run('tar', ['-xzf', packed.filename, '-C', out], out);
	return unpacked;
}

async function main() {
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(ensureScanner()).href);
	const tarballDir = packTarball();
	const targets = [
		{ label: 'source (package.json, nodes/, credentials/)', dir: root, patterns: SOURCE_FILE_PATTERNS },
		{ label: 'packed tarball (compiled .js, package.json)', dir: tarballDir, patterns: ['**/*.js', 'package.json'] },
	];
	let passed = true;
	for (const target of targets) {
		const result = await analyzePackage(target.dir, target.patterns);
		log(`${result.passed ? 'PASS' : 'FAIL'} ${target.label}${result.message ? `: ${result.message}` : ''}`);
		if (result.details) process.stdout.write(`${result.details}\n`);
		passed &&= result.passed;
	}
	fs.rmSync(path.dirname(tarballDir), { recursive: true, force: true });
	log(passed ? 'the package passes the community-package scanner checks' : 'the scanner found problems (above)');
	return passed ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		process.stderr.write(`[scan] ${error.message}\n`);
		process.exit(1);
	},
);
