#!/usr/bin/env node
/*
 * Makes `npm test`, `npm run e2e` and `npm run demo` work on a fresh clone: runs `npm ci`
 * when node_modules is missing or does not match package-lock.json. Plain JS, no deps.
 *
 * Fast path: node_modules/.pandapon-bootstrap holds the SHA-256 of the package-lock.json
 * that was last installed; equal hash -> nothing to do. Without a (matching) marker the
 * installed tree is compared with the lockfile (every non-optional package present at the
 * locked version); only a mismatch triggers `npm ci`. The project's .npmrc sets
 * ignore-scripts=true, so `npm ci` runs no install scripts.
 */
'use strict';

const { createHash } = require('crypto');
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const lockPath = path.join(root, 'package-lock.json');
const nodeModules = path.join(root, 'node_modules');
const markerPath = path.join(nodeModules, '.pandapon-bootstrap');

function log(msg) {
	process.stderr.write(`[bootstrap] ${msg}\n`);
}

function checkNode() {
	const [major, minor] = process.versions.node.split('.').map(Number);
	if (major < 20 || (major === 20 && minor < 15)) {
		log(`Node ${process.versions.node} is too old: this project needs Node >= 20.15.`);
		process.exit(1);
	}
}

/** Returns a reason string when node_modules does not match the lockfile, else undefined. */
function treeMismatch(lock) {
	const packages = lock.packages || {};
	for (const [key, entry] of Object.entries(packages)) {
		if (!key.startsWith('node_modules/') || entry.link || entry.optional) continue;
		const pkgJson = path.join(root, key, 'package.json');
		let installed;
		try {
			installed = JSON.parse(fs.readFileSync(pkgJson, 'utf8'));
		} catch {
			return `${key} is missing`;
		}
		if (entry.version && installed.version !== entry.version) {
			return `${key} is ${installed.version}, the lockfile wants ${entry.version}`;
		}
	}
	return undefined;
}

/**
 * n8n-core's isolated-vm declares Node >= 24. The unit tests run without it (n8n-core runs
 * in-process on this project's Node), so npm's EBADENGINE warning for it is expected; it is
 * replaced by one line saying so instead of a block that reads like a failure.
 */
function withoutExpectedEngineWarnings(text) {
	const lines = text.split('\n');
	const kept = [];
	let dropped = false;
	for (let i = 0; i < lines.length; i++) {
		if (lines[i].includes('EBADENGINE Unsupported engine') && /isolated-vm@/.test(lines[i + 1] || '')) {
			while (i + 1 < lines.length && /EBADENGINE/.test(lines[i + 1]) && !lines[i + 1].includes('Unsupported engine')) i++;
			dropped = true;
			continue;
		}
		kept.push(lines[i]);
	}
	if (dropped) kept.unshift('[bootstrap] note: isolated-vm asks for Node 24; the tests here do not need it and the real n8n runs on its own Node 24, so npm\'s EBADENGINE warning for it is expected.');
	return kept.join('\n');
}

function main() {
	checkNode();
	if (!fs.existsSync(lockPath)) {
		log('package-lock.json is missing; cannot bootstrap reproducibly.');
		process.exit(1);
	}
	const lockText = fs.readFileSync(lockPath);
	const hash = createHash('sha256').update(lockText).digest('hex');

	let reason;
	if (!fs.existsSync(nodeModules)) {
		reason = 'node_modules is missing';
	} else {
		const marker = fs.existsSync(markerPath) ? fs.readFileSync(markerPath, 'utf8').trim() : '';
		if (marker === hash) return;
		reason = treeMismatch(JSON.parse(lockText.toString('utf8')));
		if (!reason) {
			// The tree already matches (installed by hand, or the lockfile only changed in ways
			// that do not matter): remember it so the next run takes the fast path.
			fs.writeFileSync(markerPath, `${hash}\n`);
			return;
		}
	}

	log(`${reason}: running npm ci (about a minute on a first run)`);
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const res = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
	process.stderr.write(withoutExpectedEngineWarnings(res.stderr || ''));
	if (res.status !== 0) {
		log(`npm ci failed (exit ${res.status === null ? res.signal : res.status})`);
		process.exit(res.status || 1);
	}
	fs.writeFileSync(markerPath, `${hash}\n`);
	log('dependencies installed');
}

main();
