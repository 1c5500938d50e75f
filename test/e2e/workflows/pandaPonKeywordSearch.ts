/** Manual Trigger -> pandaPon node: 1688 Product › Search (POST /alibaba/product/keywords/query). */
import { linearWorkflow, pandaPonNode, type CredentialRef } from './build';

export const PANDAPON_SEARCH_NODE = 'Search 1688';

export function pandaPonKeywordSearchWorkflow(opts: { credential: CredentialRef; keyword: string; limit: number }) {
	return linearWorkflow({
		name: 'PandaPon e2e: pandaPon node, 1688 keyword search',
		nodes: [
			pandaPonNode({
				name: PANDAPON_SEARCH_NODE,
				credential: opts.credential,
				parameters: {
					resource: 'alibabaProduct',
					operation: 'search',
					keyword: opts.keyword,
					returnAll: false,
					limit: opts.limit,
				},
			}),
		],
	});
}
