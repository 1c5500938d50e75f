/**
 * The package as a user meets it: n8n's editor (n8n start, owner signed in) in headless
 * Chromium, the same path as `npm run screenshots` (see editor.ts).
 *
 * - The PandaPon node's Resource list is exactly the node description's resources, and for
 *   each resource the Operation list is exactly its operations (n8n may append its own
 *   "Custom API Call" entry); both lists come from the node description, which is built
 *   from the endpoint tables.
 * - Neither the canvas nor the node panels show n8n's "unknown node" / "install this node"
 *   messages, for the node and for the PandaPon Trigger, whose panel shows its Production URL.
 * - The page asks no other host for anything (n8n 1.x's own banner requests to api.n8n.io
 *   aside; every such request is refused).
 *
 * Skipped, with the reason printed, only when Chromium cannot be installed
 * (scripts/ensure-chromium.sh needs root or sudo and apt-get).
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { PandaPon } from '../../nodes/PandaPon/PandaPon.node';
import { canvasNode, chooseOption, closeList, ensureChromium, openEditor, openNode, openOptions, openWorkflow, unknownNodeMessages, type EditorSession } from './editor';
import { newN8n } from './harness';
import { PACKAGE_NAME, type N8n } from './n8n';
import { importEditorTour, TOUR_NODE_NAME, TOUR_NODE_WORKFLOW_ID, TOUR_TRIGGER_WORKFLOW_ID, TOUR_WEBHOOK_ID } from './workflows/editor';
import { CALLBACK_TRIGGER_NAME } from './workflows/triggers';

/** The operation n8n's editor appends to nodes with credentials (an HTTP Request node in disguise). */
const N8N_CUSTOM_API_CALL = 'Custom API Call';
const N8N_OWN_HOST = /^https:\/\/([\w-]+\.)*n8n\.io\//;

let chromiumPath: string | undefined;
try {
	chromiumPath = ensureChromium();
} catch (e) {
	process.stderr.write(`[editor.e2e] SKIPPED: Chromium could not be installed, so n8n's editor cannot be opened: ${(e as Error).message}\n`);
}
const describeWithChromium = chromiumPath ? describe : describe.skip;

/** Resource names, and per resource its operation names, as the node description declares them. */
function declaredMenu(): Array<{ resource: string; operations: string[] }> {
	const properties: INodeProperties[] = new PandaPon().description.properties;
	const names = (property: INodeProperties) => (property.options as INodePropertyOptions[]).map((option) => option.name);
	const resources = properties.find((property) => property.name === 'resource')!.options as INodePropertyOptions[];
	return resources.map((resource) => ({
		resource: resource.name,
		operations: properties
			.filter((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource.value))
			.flatMap(names),
	}));
}

describeWithChromium("n8n's editor in a browser", () => {
	let n8n: N8n;
	let url: string;
	let editor: EditorSession;

	beforeAll(async () => {
		n8n = await newN8n('editor');
		await importEditorTour(n8n, 'PandaPon (editor test)');
		({ url } = await n8n.start());
		editor = await openEditor(url, chromiumPath!);
	});

	afterAll(async () => {
		await editor?.close();
		await n8n?.stop();
	});

	test('the PandaPon node panel lists every resource and every operation of the node description', async () => {
		await n8n.withLogs(async () => {
			const { page } = editor;
			await openWorkflow(page, url, TOUR_NODE_WORKFLOW_ID);
			await expect(canvasNode(page, TOUR_NODE_NAME).getAttribute('data-node-type')).resolves.toBe(`${PACKAGE_NAME}.pandaPon`);
			await openNode(page, TOUR_NODE_NAME);

			const declared = declaredMenu();
			const shownResources = await openOptions(page, 'resource');
			await closeList(page);
			expect(shownResources).toEqual(declared.map((entry) => entry.resource));

			for (const { resource, operations } of declared) {
				await chooseOption(page, 'resource', resource);
				const shown = await openOptions(page, 'operation');
				await closeList(page);
				const ours = shown.at(-1) === N8N_CUSTOM_API_CALL && !operations.includes(N8N_CUSTOM_API_CALL) ? shown.slice(0, -1) : shown;
				expect({ resource, operations: ours }).toEqual({ resource, operations });
			}
			expect(await unknownNodeMessages(page)).toEqual([]);
		});
	});

	test('the PandaPon Trigger panel shows its Production URL and no "unknown node" message', async () => {
		await n8n.withLogs(async () => {
			const { page } = editor;
			await openWorkflow(page, url, TOUR_TRIGGER_WORKFLOW_ID);
			expect(await unknownNodeMessages(page)).toEqual([]);
			await expect(canvasNode(page, CALLBACK_TRIGGER_NAME).getAttribute('data-node-type')).resolves.toBe(`${PACKAGE_NAME}.pandaPonTrigger`);
			const panel = await openNode(page, CALLBACK_TRIGGER_NAME);
			await panel.getByText('Webhook URLs', { exact: true }).click();
			await panel.locator('[data-test-id="radio-button-production"]').click();
			await expect(panel.locator('.webhook-url').first().innerText()).resolves.toContain(`${url}/webhook/${TOUR_WEBHOOK_ID}/webhook`);
			expect(await unknownNodeMessages(page)).toEqual([]);
			// Refused either way; n8n 1.x's editor itself asks api.n8n.io for banners.
			expect(editor.offsite.filter((request) => !N8N_OWN_HOST.test(request))).toEqual([]);
		});
	});
});
