/**
 * The suite must fail loudly when n8n did not load the package. Here n8n runs WITHOUT it:
 * using the credential or the node must raise PackageNotLoadedError, not pass quietly.
 */
import { newN8n, ref } from './harness';
import { PackageNotLoadedError, n8nId, type N8n } from './n8n';
import { httpRequestKeywordQueryWorkflow } from './workflows/httpRequestKeywordQuery';
import { pandaPonKeywordSearchWorkflow } from './workflows/pandaPonKeywordSearch';

describe('detection of "package not loaded"', () => {
	let n8n: N8n;
	const cred = {
		id: n8nId('cred'),
		name: 'PandaPon (package missing)',
		type: 'pandaPonApi',
		data: { accessKey: 'k', accessSecret: 's', userId: '1', baseUrl: 'http://127.0.0.1:9', timestampUnit: 'milliseconds' },
	};
	const viaHttp = httpRequestKeywordQueryWorkflow({ baseUrl: 'http://127.0.0.1:9', credential: ref(cred) });
	const viaNode = pandaPonKeywordSearchWorkflow({ credential: ref(cred), keyword: 'x', limit: 1 });

	beforeAll(async () => {
		n8n = await newN8n('not-loaded', { withPackage: false });
		// n8n 2.41 imports a credential of an unknown type without complaint.
		await n8n.importCredential(cred);
		await n8n.importWorkflows([viaHttp, viaNode]);
	});

	test('HTTP Request node with pandaPonApi -> PackageNotLoadedError (unknown credential type)', async () => {
		const attempt = n8n.executeWorkflow(viaHttp.id);
		await expect(attempt).rejects.toThrow(PackageNotLoadedError);
		await expect(attempt).rejects.toThrow(/Unrecognized credential type: pandaPonApi/);
	});

	test('pandaPon node -> PackageNotLoadedError (unknown node type)', async () => {
		await expect(n8n.executeWorkflow(viaNode.id)).rejects.toThrow(/Unrecognized node type: n8n-nodes-pandapon\.pandaPon/);
	});
});
