/**
 * Manual Trigger -> HTTP Request node (predefined credential type pandaPonApi) ->
 * POST <baseUrl>/alibaba/product/keywords/query. Works before the pandaPon node exists and
 * proves that n8n loaded our credential and that its `authenticate` signs requests.
 */
import { httpRequestWithPandaPonCredential, linearWorkflow, type CredentialRef } from './build';

export const KEYWORD_QUERY_PATH = '/alibaba/product/keywords/query';
export const HTTP_NODE_NAME = 'Keyword query (HTTP Request)';

export function httpRequestKeywordQueryWorkflow(opts: {
	id?: string;
	baseUrl: string;
	credential: CredentialRef;
	keyword?: string;
	pageSize?: number;
	/** Keep going on an HTTP error so the run data shows the server's answer. */
	continueOnError?: boolean;
}) {
	return linearWorkflow({
		id: opts.id,
		name: 'PandaPon e2e: keyword query via HTTP Request',
		nodes: [
			httpRequestWithPandaPonCredential({
				name: HTTP_NODE_NAME,
				credential: opts.credential,
				method: 'POST',
				url: `${opts.baseUrl.replace(/\/+$/, '')}${KEYWORD_QUERY_PATH}`,
				jsonBody: { keyword: opts.keyword ?? 'phone case', beginPage: 1, pageSize: opts.pageSize ?? 2, country: 'en' },
				onError: opts.continueOnError ? 'continueRegularOutput' : undefined,
			}),
		],
	});
}
