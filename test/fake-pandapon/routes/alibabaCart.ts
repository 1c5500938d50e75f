/** 1688 › Shopping cart (REFERENCE.md 5.10). */

import { JsonInteger } from '../../../nodes/shared/losslessJson';
import { DOCS_ALIBABA_ADDRESS, SELLERS } from '../fixtures';
import {
	asObject,
	bodyOf,
	idOf,
	invalid,
	optionalText,
	requireId,
	requireInteger,
	requireNonEmptyArray,
	requireText,
	type Params,
} from '../input';
import type { RouteDefinition } from '../router';
import type { FakePandaPon } from '../server';
import { findAlibabaProduct, type AlibabaAddress, type AlibabaCartItem } from '../state';
import { createAlibabaOrder, readCargo } from './alibabaOrders';
import { get, post } from './helpers';

function selectedItems(fake: FakePandaPon, body: Params): AlibabaCartItem[] {
	const wanted = new Set(requireNonEmptyArray(body, 'cartIds').map(idOf));
	const items = fake.state.alibabaCart.filter((item) => item.enabled && wanted.has(String(item.id)));
	if (items.length === 0) throw invalid('no valid shopping cart item matches cartIds');
	return items;
}

function asCargoBody(items: AlibabaCartItem[]): Params {
	return { cargoParamList: items.map((item) => ({ offerId: item.offerId, specId: item.specId, quantity: item.quantity })) };
}

function cartItemView(item: AlibabaCartItem) {
	return {
		id: item.id,
		offerId: new JsonInteger(item.offerId),
		specId: item.specId,
		skuId: new JsonInteger(item.skuId),
		itemTitle: item.itemTitle,
		itemPic: item.itemPic,
		price: item.price,
		quantity: item.quantity,
		amountOnSale: item.amountOnSale,
		properties: item.properties,
	};
}

/** The v2-documented shape: valid and invalid items, each grouped by seller. */
function groupedBySeller(items: AlibabaCartItem[]) {
	const sellers = [...new Set(items.map((item) => item.sellerOpenId))];
	return sellers.map((sellerOpenId) => {
		const sellerItems = items.filter((item) => item.sellerOpenId === sellerOpenId);
		return { sellerOpenId, sellerNickName: sellerItems[0].sellerNickName, cartItemInfos: sellerItems.map(cartItemView) };
	});
}

function readAddress(body: Params): AlibabaAddress {
	return { ...DOCS_ALIBABA_ADDRESS, ...(asObject(body.addressParam) as Partial<AlibabaAddress>) };
}

export const alibabaCartRoutes: RouteDefinition[] = [
	// Answer assumed (undocumented).
	post('/alibaba/cart/create/order', (req, fake) => {
		const body = bodyOf(req);
		requireText(body, 'flow');
		const items = selectedItems(fake, body);
		const cargo = readCargo(fake.state, asCargoBody(items));
		const sellers = [...new Set(cargo.map((entry) => entry.sellerOpenId))];
		const orders = sellers.map((sellerOpenId) =>
			createAlibabaOrder(
				fake.state,
				cargo.filter((entry) => entry.sellerOpenId === sellerOpenId),
				readAddress(body),
				optionalText(body, 'message') ?? '',
				Date.now(),
			),
		);
		fake.state.alibabaCart = fake.state.alibabaCart.filter((item) => !items.includes(item));
		return {
			success: true,
			orderList: orders.map((order) => ({
				orderId: new JsonInteger(order.orderId),
				totalSuccessAmount: order.totalAmount,
				postFee: order.shippingFee,
			})),
		};
	}),

	// Answer assumed (undocumented).
	post('/alibaba/cart/delete', (req, fake) => {
		const wanted = new Set(requireNonEmptyArray(bodyOf(req), 'cartIds').map(idOf));
		fake.state.alibabaCart = fake.state.alibabaCart.filter((item) => !wanted.has(String(item.id)));
		return true;
	}),

	// Answer assumed (undocumented).
	post('/alibaba/cart/preview/order', (req, fake) => {
		const body = bodyOf(req);
		const items = selectedItems(fake, body);
		const cargo = readCargo(fake.state, asCargoBody(items));
		const sumPaymentNoCarriage = cargo.reduce((sum, entry) => sum + entry.unitPrice * entry.quantity, 0);
		return {
			success: true,
			orderPreviewResuslt: [
				{ sumPayment: sumPaymentNoCarriage + 800, sumCarriage: 800, sumPaymentNoCarriage, status: true, tradeModeNameList: ['assureTrade'] },
			],
			errorCode: null,
			errorMsg: null,
		};
	}),

	post('/alibaba/cart/edit-quantity', (req, fake) => {
		const body = bodyOf(req);
		const id = requireInteger(body, 'id');
		const quantity = requireInteger(body, 'quantity');
		if (quantity < 1) throw invalid('quantity must be at least 1');
		const item = fake.state.alibabaCart.find((candidate) => candidate.id === id);
		if (item) item.quantity = quantity;
		return true;
	}),

	// Answer assumed (undocumented).
	post('/alibaba/cart/add', (req, fake) => {
		const body = bodyOf(req);
		const offerId = requireId(body, 'offerId');
		const specId = requireText(body, 'specId');
		const quantity = Number(body.quantity);
		if (!(quantity > 0)) throw invalid('quantity must be greater than 0');
		const product = findAlibabaProduct(fake.state, offerId);
		const spec = product?.specs.find((candidate) => candidate.specId === specId);
		const sellerOpenId = product?.sellerOpenId ?? optionalText(body, 'sellerOpenId') ?? SELLERS[0][0];
		const item: AlibabaCartItem = {
			id: fake.state.sequences.alibabaCart++,
			offerId,
			specId,
			skuId: spec?.skuId ?? '0',
			sellerOpenId,
			sellerNickName: SELLERS.find(([openId]) => openId === sellerOpenId)?.[1] ?? '1688 商家',
			itemTitle: product?.subject ?? `商品 ${offerId}`,
			itemPic: product?.imageUrl ?? '',
			price: spec?.price ?? product?.price ?? '10.00',
			quantity,
			amountOnSale: spec?.amountOnSale ?? 999,
			properties: '[]',
			enabled: true,
		};
		fake.state.alibabaCart.push(item);
		return { cartId: item.id, success: true };
	}),

	get('/alibaba/cart/list', (_req, fake) => ({
		enableList: groupedBySeller(fake.state.alibabaCart.filter((item) => item.enabled)),
		disableList: groupedBySeller(fake.state.alibabaCart.filter((item) => !item.enabled)),
	})),
];
