/**
 * n8n's editor in headless Chromium, for `npm run screenshots` and editor.e2e.test.ts.
 *
 * Debian's `chromium` (scripts/ensure-chromium.sh installs it when missing) driven by
 * playwright-core with that binary: nothing is downloaded, and every request the page makes
 * to anything but the n8n under test is aborted and recorded in `offsite`.
 * No jest dependency, so the screenshot script uses the same code.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { projectRoot } from './n8n';

const CHROMIUM_FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** What n8n's editor says about a node type it does not know (n8n 2.41's @n8n/i18n texts). */
export const UNKNOWN_NODE_TEXTS = [
	'Install this node to use it',
	'This node is not currently installed',
	'Detailed node info is not available',
	'is not valid as its type',
	'Unrecognized node type',
];

/**
 * Runs scripts/ensure-chromium.sh (apt-get when missing; its progress goes to stderr) and
 * returns the binary's path; throws when Chromium cannot be installed. Synchronous so that a
 * test file can decide at load time whether to run or skip.
 */
export function ensureChromium(): string {
	const script = path.join(projectRoot(), 'scripts', 'ensure-chromium.sh');
	const result = spawnSync('bash', [script], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', timeout: 15 * 60_000 });
	const binary = result.stdout?.trim().split('\n').pop();
	if (result.status !== 0 || !binary) {
		throw new Error(`scripts/ensure-chromium.sh failed (${result.error?.message ?? `exit ${result.status}`}): see its output above`);
	}
	return binary;
}

export interface EditorSession {
	page: Page;
	/** Requests the page tried to send anywhere but the n8n under test (all aborted). */
	offsite: string[];
	close(): Promise<void>;
}

export const OWNER = { email: 'owner@example.com', firstName: 'Pat', lastName: 'Owner', password: 'Editor-tour-2026' };

/**
 * Chromium with a fresh profile, signed in to a fresh n8n as its owner. The owner is set up
 * through n8n's REST API (POST /rest/owner/setup answers with the n8n-auth cookie, which the
 * browser context keeps); the JWT then carries no browser ID, so no browser-id header is needed.
 */
export async function openEditor(
	n8nUrl: string,
	executablePath: string,
	opts: { width?: number; height?: number } = {},
): Promise<EditorSession> {
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pandapon-chromium-'));
	const context: BrowserContext = await chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		args: CHROMIUM_FLAGS,
		viewport: { width: opts.width ?? 1280, height: opts.height ?? 1000 },
		locale: 'en-US',
		timezoneId: 'UTC',
	});
	const close = async () => {
		await context.close().catch(() => undefined);
		fs.rmSync(profile, { recursive: true, force: true });
	};
	try {
		const origin = new URL(n8nUrl).origin;
		const offsite: string[] = [];
		await context.route('**/*', async (route) => {
			const target = route.request().url();
			if (target.startsWith(origin) || target.startsWith('data:') || target.startsWith('blob:')) return await route.continue();
			offsite.push(target);
			return await route.abort();
		});
		// n8n 1.x answers /healthz/readiness a few seconds before its REST routes exist (404 until then).
		const deadline = Date.now() + 60_000;
		let setup = await context.request.post(`${origin}/rest/owner/setup`, { data: OWNER });
		while (setup.status() === 404 && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 500));
			setup = await context.request.post(`${origin}/rest/owner/setup`, { data: OWNER });
		}
		if (!setup.ok()) throw new Error(`n8n owner setup answered ${setup.status()}: ${(await setup.text()).slice(0, 300)}`);
		const page = context.pages()[0] ?? (await context.newPage());
		return { page, offsite, close };
	} catch (e) {
		await close();
		throw e;
	}
}

/** Opens a workflow on the canvas and waits until its nodes are drawn. */
export async function openWorkflow(page: Page, n8nUrl: string, workflowId: string): Promise<void> {
	await page.goto(`${new URL(n8nUrl).origin}/workflow/${workflowId}`);
	await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 120_000 });
}

export const canvasNode = (page: Page, name: string): Locator =>
	page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);

/**
 * Opens a node's panel (NDV) by double-clicking it on the canvas; throws with n8n's words
 * when the panel says the node type is unknown instead of showing its parameters.
 */
export async function openNode(page: Page, name: string): Promise<Locator> {
	await canvasNode(page, name).dblclick();
	const ndv = page.locator('[data-test-id="ndv"]');
	const parameters = ndv.locator('[data-test-id="node-parameters"]');
	const unknown = ndv.getByText(new RegExp(UNKNOWN_NODE_TEXTS.map(escapeRegExp).join('|')));
	await parameters.or(unknown).first().waitFor({ timeout: 60_000 });
	const messages = await unknownNodeMessages(page);
	if (messages.length > 0) throw new Error(`n8n's editor does not know the node "${name}": ${messages.join(' / ')}`);
	await parameters.waitFor();
	return ndv;
}

/** The drop-down list (Element Plus popper) that is open right now. */
export const openList = (page: Page): Locator => page.locator('.el-popper:visible').last();

/** Opens the drop-down of an options parameter and returns the names it lists, in order. */
export async function openOptions(page: Page, parameter: string): Promise<string[]> {
	await page.locator(`[data-test-id="parameter-input-${parameter}"]`).click();
	const list = openList(page);
	await list.locator('li[data-test-id="parameter-input-item"]').first().waitFor();
	return await list.locator('li[data-test-id="parameter-input-item"] .option-headline').allInnerTexts();
}

/** Closes an open drop-down with Escape (a second Escape would close the panel). */
export async function closeList(page: Page): Promise<void> {
	await page.keyboard.press('Escape');
	await page.locator('.el-select__popper:visible').waitFor({ state: 'hidden' });
}

/** Picks an entry of an options parameter by its name. */
export async function chooseOption(page: Page, parameter: string, name: string): Promise<void> {
	await page.locator(`[data-test-id="parameter-input-${parameter}"]`).click();
	await openList(page)
		.locator('li[data-test-id="parameter-input-item"]')
		.filter({ has: page.locator('.option-headline', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) })
		.click();
	await page.locator('.el-select__popper:visible').waitFor({ state: 'hidden' });
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every "unknown node" / "install this node" message the page shows. */
export async function unknownNodeMessages(page: Page): Promise<string[]> {
	const text = await page.locator('body').innerText();
	return UNKNOWN_NODE_TEXTS.filter((message) => text.includes(message));
}
