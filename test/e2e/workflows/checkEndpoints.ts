/** Manual Trigger -> pandaPon node: Account › Check Endpoints. */
import { linearWorkflow, pandaPonNode, type CredentialRef } from './build';

export const CHECK_ENDPOINTS_NODE = 'Check Endpoints';

export function checkEndpointsWorkflow(opts: { credential: CredentialRef }) {
	return linearWorkflow({
		name: 'PandaPon e2e: Account › Check Endpoints',
		nodes: [
			pandaPonNode({
				name: CHECK_ENDPOINTS_NODE,
				credential: opts.credential,
				parameters: { resource: 'account', operation: 'checkEndpoints' },
			}),
		],
	});
}
