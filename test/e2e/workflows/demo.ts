/**
 * The workflow `npm run demo` runs: a small sourcing story with the pandaPon node, read-only
 * so that it is safe against the real API too.
 *
 *   Manual Trigger ─┬─ 1688 Product › Search "phone case" (limit 3)
 *                   │     └─ 1688 Product › Get, once per hit, by {{ $json.offerId }} (simplified)
 *                   └─ Taobao Refund › Get Many (limit 5)
 *
 * The second branch starts from the trigger (not after the product chain), so it runs once.
 */
import { branchedWorkflow, pandaPonNode, type CredentialRef } from './build';

export const DEMO_NODES = {
	search: 'Search 1688 products',
	details: 'Get 1688 product details',
	refunds: 'Get Taobao refunds',
} as const;

export const DEMO_DEFAULTS = { keyword: 'phone case', limit: 3, refundLimit: 5 };

/** What the demo sends, per node: method and path of each request (for the fake: exact counts). */
export const DEMO_ENDPOINTS = {
	[DEMO_NODES.search]: { method: 'POST', path: '/alibaba/product/keywords/query' },
	[DEMO_NODES.details]: { method: 'POST', path: '/alibaba/product/detail/get' },
	[DEMO_NODES.refunds]: { method: 'POST', path: '/open/order/refund/queryList' },
} as const;

export function demoWorkflow(opts: { credential: CredentialRef; keyword?: string; limit?: number; refundLimit?: number }) {
	const { keyword, limit, refundLimit } = { ...DEMO_DEFAULTS, ...opts };
	return branchedWorkflow({
		name: `PandaPon demo: 1688 "${keyword}" with details, and recent Taobao refunds`,
		chains: [
			[
				pandaPonNode({
					name: DEMO_NODES.search,
					credential: opts.credential,
					parameters: { resource: 'alibabaProduct', operation: 'search', keyword, returnAll: false, limit },
				}),
				pandaPonNode({
					name: DEMO_NODES.details,
					credential: opts.credential,
					parameters: {
						resource: 'alibabaProduct',
						operation: 'get',
						productId: { __rl: true, mode: 'id', value: '={{ $json.offerId }}' },
						simplify: true,
					},
				}),
			],
			[
				pandaPonNode({
					name: DEMO_NODES.refunds,
					credential: opts.credential,
					parameters: { resource: 'taobaoRefund', operation: 'getAll', returnAll: false, limit: refundLimit, simplify: true },
				}),
			],
		],
	});
}
