/**
 * The workflow `npm run demo` runs. Until the pandaPon action node exists it uses n8n's
 * HTTP Request node with our credential; to switch, build the nodes with `pandaPonNode`
 * instead, e.g.
 *
 *   nodes: [pandaPonNode({ name: DEMO_NODE_NAME, credential,
 *     parameters: { resource: 'alibabaGoods', operation: 'searchByKeyword', keyword, pageSize } })]
 *
 * (resource/operation names as the node defines them). Everything else in the demo
 * (summary, fake or real server) stays the same.
 */
import { httpRequestWithPandaPonCredential, linearWorkflow, type CredentialRef } from './build';
import { KEYWORD_QUERY_PATH } from './httpRequestKeywordQuery';

export const DEMO_NODE_NAME = 'Search 1688 by keyword';

export function demoWorkflow(opts: { baseUrl: string; credential: CredentialRef; keyword?: string; pageSize?: number }) {
	return linearWorkflow({
		name: 'PandaPon demo: search 1688 goods by keyword',
		nodes: [
			httpRequestWithPandaPonCredential({
				name: DEMO_NODE_NAME,
				credential: opts.credential,
				method: 'POST',
				url: `${opts.baseUrl.replace(/\/+$/, '')}${KEYWORD_QUERY_PATH}`,
				jsonBody: { keyword: opts.keyword ?? 'phone case', beginPage: 1, pageSize: opts.pageSize ?? 3, country: 'en' },
			}),
		],
	});
}
