/**
 * Webhook (POST /webhook/<path>, answers with the last node) -> HTTP Request node signed
 * with pandaPonApi -> fake PandaPon. Exercises a long-running `n8n start` the way trigger
 * tests will (a pandaPonTrigger workflow is built the same way with its own trigger spec).
 */
import { httpRequestWithPandaPonCredential, linearWorkflow, webhookTrigger, type CredentialRef } from './build';
import { KEYWORD_QUERY_PATH } from './httpRequestKeywordQuery';

export function webhookThenKeywordQueryWorkflow(opts: { path: string; baseUrl: string; credential: CredentialRef }) {
	return linearWorkflow({
		name: 'PandaPon e2e: webhook -> keyword query',
		trigger: webhookTrigger({ path: opts.path, responseMode: 'lastNode' }),
		nodes: [
			httpRequestWithPandaPonCredential({
				name: 'Keyword query',
				credential: opts.credential,
				method: 'POST',
				url: `${opts.baseUrl.replace(/\/+$/, '')}${KEYWORD_QUERY_PATH}`,
				// The keyword comes from the webhook's JSON body.
				jsonBody: '={{ JSON.stringify({ keyword: $json.body.keyword, beginPage: 1, pageSize: 2, country: "en" }) }}',
			}),
		],
	});
}
