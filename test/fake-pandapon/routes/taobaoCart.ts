/** Taobao › Shopping cart (REFERENCE.md 5.5). */

import { JsonInteger } from '../../../nodes/shared/losslessJson';
import { DOCS_RECEIVER } from '../fixtures';
import {
	asObject,
	bodyOf,
	idOf,
	invalid,
	optionalInteger,
	optionalText,
	requireId,
	requireInteger,
	requireNonEmptyArray,
	type Params,
} from '../input';
import type { RouteDefinition } from '../router';
import type { FakePandaPon } from '../server';
import type { TaobaoCartItem, TaobaoReceiver } from '../state';
import { createTaobaoOrder } from './taobaoOrders';
import { get, post } from './helpers';

function cartItemView(item: TaobaoCartItem) {
	return { ...item, itemId: new JsonInteger(item.itemId) };
}

function selectedItems(fake: FakePandaPon, body: Params): TaobaoCartItem[] {
	const wanted = new Set(requireNonEmptyArray(body, 'ids').map(idOf));
	const items = fake.state.taobaoCart.filter((item) => wanted.has(String(item.id)));
	if (items.length === 0) throw invalid('no shopping cart item matches ids');
	return items;
}

function readOrderAddress(body: Params): TaobaoReceiver {
	const address = body.orderAddress;
	if (address !== undefined && (address === null || typeof address !== 'object' || Array.isArray(address))) {
		throw invalid('orderAddress must be an object');
	}
	return { ...DOCS_RECEIVER, ...(asObject(address) as Partial<TaobaoReceiver>) };
}

function amountOf(items: TaobaoCartItem[]): number {
	return items.reduce((sum, item) => sum + item.promotionPrice * item.quantity, 0);
}

export const taobaoCartRoutes: RouteDefinition[] = [
	// Answer assumed (undocumented).
	post('/open/cart/create/order', (req, fake) => {
		const body = bodyOf(req);
		const items = selectedItems(fake, body);
		const order = createTaobaoOrder(
			fake.state,
			items.map((item) => ({ itemId: item.itemId, skuId: item.skuId, quantity: item.quantity, price: item.promotionPrice })),
			readOrderAddress(body),
			{ purchaseAmount: amountOf(items), orderSource: 'cart' },
			Date.now(),
		);
		fake.state.taobaoCart = fake.state.taobaoCart.filter((item) => !items.includes(item));
		return { orderIds: [new JsonInteger(order.orderId)], purchaseAmount: order.purchaseAmount };
	}),

	// Answer assumed (undocumented).
	post('/open/cart/preview/order', (req, fake) => {
		const body = bodyOf(req);
		const items = selectedItems(fake, body);
		readOrderAddress(body);
		const productAmount = amountOf(items);
		return {
			currency: 'CNY',
			productAmount,
			postFee: 600,
			totalAmount: productAmount + 600,
			items: items.map(cartItemView),
		};
	}),

	// Answer assumed (undocumented).
	get('/open/cart/list', (_req, fake) => fake.state.taobaoCart.map(cartItemView)),

	// Answer assumed (undocumented).
	post('/open/cart/delete', (req, fake) => {
		const wanted = new Set(requireNonEmptyArray(bodyOf(req), 'ids').map(idOf));
		fake.state.taobaoCart = fake.state.taobaoCart.filter((item) => !wanted.has(String(item.id)));
		return true;
	}),

	// Answer assumed (undocumented).
	post('/open/cart/add', (req, fake) => {
		const body = bodyOf(req);
		const itemId = requireId(body, 'itemId');
		const quantity = requireInteger(body, 'quantity');
		if (quantity < 1) throw invalid('quantity must be at least 1');
		const item: TaobaoCartItem = {
			id: fake.state.sequences.taobaoCart++,
			itemId,
			skuId: requireId(body, 'skuId'),
			mpId: idOf(body.mpId) ?? '',
			mpSkuId: idOf(body.mpSkuId) ?? '',
			itemTitle: optionalText(body, 'itemTitle') ?? '',
			itemPic: optionalText(body, 'itemPic') ?? '',
			price: optionalInteger(body, 'price') ?? 0,
			promotionPrice: optionalInteger(body, 'promotionPrice') ?? optionalInteger(body, 'price') ?? 0,
			quantity,
			shopId: optionalInteger(body, 'shopId') ?? 0,
			shopName: optionalText(body, 'shopName') ?? '',
			properties: optionalText(body, 'properties') ?? '[]',
		};
		fake.state.taobaoCart.push(item);
		return cartItemView(item);
	}),

	// Answer assumed (undocumented).
	post('/open/cart/edit-quantity', (req, fake) => {
		const body = bodyOf(req);
		const id = requireInteger(body, 'id');
		const quantity = requireInteger(body, 'quantity');
		if (quantity < 1) throw invalid('quantity must be at least 1');
		const item = fake.state.taobaoCart.find((candidate) => candidate.id === id);
		if (item) item.quantity = quantity;
		return true;
	}),
];
