/**
 * `npm run screenshots`: the package as n8n's editor draws it, for the README.
 *
 *  1. Debian's Chromium (scripts/ensure-chromium.sh: apt-get when missing) and the cached n8n
 *  2. build and pack this project, install it into a fresh n8n, import a credential and two
 *     workflows (test/e2e/workflows/editor.ts), `n8n start`
 *  3. set up the owner, open the editor in headless Chromium (playwright-core with that
 *     binary; nothing is downloaded, requests to other hosts are refused)
 *  4. write PNGs of the PandaPon node's panel (resources, operations, a create operation with
 *     Additional Fields), the PandaPon Trigger's panel with its Production URL, and the
 *     credential dialog to docs/images/ (or the folder given as the first argument)
 *
 * Drop-down lists are drawn taller than n8n's 274 px so that each picture shows every entry.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';

import { closeList, ensureChromium, openEditor, openList, openNode, openOptions, openWorkflow } from '../test/e2e/editor';
import { ensureN8n, killAllChildren, makeRunDir, N8n, packProject, projectRoot } from '../test/e2e/n8n';
import { CALLBACK_TRIGGER_NAME } from '../test/e2e/workflows/triggers';
import { importEditorTour, TOUR_NODE_NAME, TOUR_NODE_WORKFLOW_ID, TOUR_TRIGGER_WORKFLOW_ID } from '../test/e2e/workflows/editor';

/** Shown as the trigger's Production URL: what users see behind a reverse proxy. */
const PUBLIC_URL = 'https://n8n.example.com/';
const TALL_LISTS = '.el-select-dropdown__wrap { max-height: 1100px !important; }';
const MARGIN = 8;

const say = (line: string) => process.stdout.write(`${line}\n`);

type Box = { x: number; y: number; width: number; height: number };

async function boxOf(locator: Locator): Promise<Box> {
	const box = await locator.boundingBox();
	if (!box) throw new Error(`not on screen: ${locator}`);
	return box;
}

/** The smallest rectangle around the given boxes, with a margin, inside the viewport. */
function around(page: Page, boxes: Box[], margin = MARGIN): Box {
	const view = page.viewportSize()!;
	const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
	const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
	const right = Math.min(view.width, Math.max(...boxes.map((b) => b.x + b.width)) + margin);
	const bottom = Math.min(view.height, Math.max(...boxes.map((b) => b.y + b.height)) + margin);
	return { x, y, width: right - x, height: bottom - y };
}

/**
 * The node panel's parameter column, from its tabs to its last parameter (not the empty space
 * below), plus the open drop-down list if there is one.
 */
async function shootPanel(page: Page, file: string, withList: boolean): Promise<void> {
	await settle(page);
	const column = await page.locator('[data-test-id="ndv"] .node-settings').evaluate((settings) => {
		const box = settings.getBoundingClientRect();
		const top = settings.querySelector('[data-test-id="tab-params"]')?.getBoundingClientRect().top ?? box.top;
		let bottom = top;
		for (const el of settings.querySelectorAll('[data-test-id="node-parameters"] [data-test-id]')) {
			const r = el.getBoundingClientRect();
			if (r.height > 0 && el.getAttribute('data-test-id') !== 'node-feature-request') bottom = Math.max(bottom, r.bottom);
		}
		return { x: box.left, y: top, width: box.width, height: bottom - top };
	});
	const boxes = [column];
	if (withList) boxes.push(await boxOf(openList(page)));
	await page.screenshot({ path: file, clip: around(page, boxes) });
	say(`  ${path.relative(projectRoot(), file)}`);
}

/** Lets n8n's fade-in and chevron animations finish before a picture is taken. */
async function settle(page: Page): Promise<void> {
	await page.waitForTimeout(600);
}

async function main(): Promise<void> {
	const outDir = path.resolve(process.argv[2] ?? path.join(projectRoot(), 'docs', 'images'));
	fs.mkdirSync(outDir, { recursive: true });
	const image = (name: string) => path.join(outDir, name);

	say('==> Chromium (apt-get install chromium when missing)');
	const executablePath = ensureChromium();
	say('==> n8n (cached) and this package, packed');
	const install = await ensureN8n(undefined, { log: (line) => say(`    ${line}`) });
	const run = makeRunDir('screenshots');
	const tarball = await packProject(run, { log: path.join(run, 'build.log') });
	const n8n = await N8n.create({ install, tarball, root: run, label: 'editor' });
	await importEditorTour(n8n, 'PandaPon (example)');
	say(`==> n8n start (log: ${n8n.logFile})`);
	const { url } = await n8n.start({ env: { N8N_WEBHOOK_URL: PUBLIC_URL } });
	const editor = await openEditor(url, executablePath, { width: 1280, height: 1500 });
	const { page } = editor;
	try {
		say(`==> screenshots into ${path.relative(process.cwd(), outDir) || '.'}`);
		await openWorkflow(page, url, TOUR_NODE_WORKFLOW_ID);
		await page.addStyleTag({ content: TALL_LISTS });
		await openNode(page, TOUR_NODE_NAME);

		await openOptions(page, 'resource');
		await shootPanel(page, image('node-resources.png'), true);
		await closeList(page);

		await openOptions(page, 'operation');
		await shootPanel(page, image('node-operations.png'), true);
		await closeList(page);

		await page.locator('[data-test-id="collection-parameter-add"]').first().click();
		await openList(page).waitFor();
		await shootPanel(page, image('node-create.png'), true);
		await page.keyboard.press('Escape');

		await openWorkflow(page, url, TOUR_TRIGGER_WORKFLOW_ID);
		await openNode(page, CALLBACK_TRIGGER_NAME);
		await page.getByText('Webhook URLs', { exact: true }).click();
		await page.locator('[data-test-id="radio-button-production"]').click();
		await page.locator('.webhook-url', { hasText: `${PUBLIC_URL}webhook/` }).first().waitFor();
		await shootPanel(page, image('trigger-production-url.png'), false);

		await page.locator('[data-test-id="node-credentials-select"]').click();
		await settle(page);
		await page.locator('[data-test-id="node-credentials-select-item-new"]').click();
		const dialog = page.locator('.el-dialog:visible').last();
		await dialog.waitFor();
		await settle(page);
		await page.screenshot({ path: image('credential.png'), clip: around(page, [await boxOf(dialog)], 0) });
		say(`  ${path.relative(projectRoot(), image('credential.png'))}`);

		if (editor.offsite.length > 0) say(`note: refused requests to other hosts: ${editor.offsite.join(', ')}`);
	} catch (e) {
		await page.screenshot({ path: path.join(run, 'failure.png') }).catch(() => undefined);
		throw new Error(`${(e as Error).message}\n(what the browser showed: ${path.join(run, 'failure.png')}; n8n log: ${n8n.logFile})`);
	} finally {
		await editor.close();
		await n8n.stop();
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`screenshots failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		killAllChildren();
		process.exit(1);
	},
);
