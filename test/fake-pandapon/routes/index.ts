/**
 * The built-in route table: every HTTP endpoint of REFERENCE.md section 5 (72 of them; the
 * 6 callbacks are pushed by PandaPon, not served).
 *
 * Policy for ids the fake does not hold:
 * - detail reads (`/open/order/detail/get`, `/alibaba/order/detail`,
 *   `/open/order/refund/query`, `/alibaba/refund/info`, plus refund cancel, refund message
 *   list and 1688 logistics trace, whose answers are built from the stored record) answer
 *   code 4004;
 * - product reads invent a product with the requested id;
 * - mutations update a known record (stamping `gmtModified`) and otherwise still succeed,
 *   echoing the input;
 * - cart operations need existing cart ids (there is nothing to echo otherwise).
 * Documented-required parameters that the fake needs are validated (code 4000).
 */

import type { RouteDefinition } from '../router';
import { alibabaAfterSalesRoutes } from './alibabaAfterSales';
import { alibabaCartRoutes } from './alibabaCart';
import { alibabaGoodsRoutes } from './alibabaGoods';
import { alibabaOrderRoutes } from './alibabaOrders';
import { foundationRoutes } from './foundations';
import { taobaoAfterSalesRoutes } from './taobaoAfterSales';
import { taobaoCartRoutes } from './taobaoCart';
import { taobaoGoodsRoutes } from './taobaoGoods';
import { taobaoOrderRoutes } from './taobaoOrders';

export const ENDPOINT_ROUTES: readonly RouteDefinition[] = [
	...taobaoGoodsRoutes,
	...taobaoOrderRoutes,
	...taobaoAfterSalesRoutes,
	...taobaoCartRoutes,
	...alibabaGoodsRoutes,
	...alibabaOrderRoutes,
	...alibabaAfterSalesRoutes,
	...alibabaCartRoutes,
	...foundationRoutes,
];
