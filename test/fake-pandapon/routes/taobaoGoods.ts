/** Taobao › Goods (REFERENCE.md 5.1). */

import { JsonInteger } from '../../../nodes/shared/losslessJson';
import { createRandom, taobaoProductFixture } from '../fixtures';
import { bodyOf, invalid, optionalText, queryOf, requireId, requireJsonString, requireText, type Params } from '../input';
import { readPageRequest, recordsPage } from '../paging';
import type { RouteDefinition } from '../router';
import type { FakePandaPon } from '../server';
import { findTaobaoProduct, type TaobaoProduct } from '../state';
import { taobaoProductView } from '../views';
import { get, post, rankByKeyword } from './helpers';

function taobaoCard(product: TaobaoProduct) {
	return {
		itemId: new JsonInteger(product.itemId),
		title: product.title,
		price: product.price,
		picUrl: product.picUrl,
		shopName: product.shopName,
		categoryId: product.categoryId,
	};
}

function searchTaobao(fake: FakePandaPon, params: Params, keyword: string | undefined) {
	const page = readPageRequest(params, { pageKey: 'pageNo', defaultSize: 20, maxSize: fake.settings.maxPageSize });
	const ranked = rankByKeyword(fake.state.taobaoProducts, keyword, (product) => [product.title, product.shopName]);
	return recordsPage(ranked, page, taobaoCard);
}

/** Unknown items are made up from their id: product reads are lenient (see routes/index.ts). */
function productOrInvented(fake: FakePandaPon, itemId: string): TaobaoProduct {
	return findTaobaoProduct(fake.state, itemId) ?? { ...taobaoProductFixture(0, createRandom(Number(itemId.slice(-6)))), itemId };
}

export const taobaoGoodsRoutes: RouteDefinition[] = [
	// Answer assumed (undocumented).
	post('/open/product/image/query', (req, fake) => {
		const body = bodyOf(req);
		if (!optionalText(body, 'imageBase64') && !optionalText(body, 'imageAddress')) {
			throw invalid('imageBase64 or imageAddress is required');
		}
		return searchTaobao(fake, body, undefined);
	}),

	// Answer assumed (undocumented).
	post('/open/product/item/search', (req, fake) => {
		const body = bodyOf(req);
		return searchTaobao(fake, body, requireText(body, 'keyword'));
	}),

	post('/open/product/batch/check', (req, fake) => {
		const requested = requireJsonString(bodyOf(req), 'params');
		if (!Array.isArray(requested)) throw invalid('params must encode an array');
		const mpProducts: unknown[] = [];
		const noMpProductItemIds: string[] = [];
		const noMpReasonList: unknown[] = [];
		for (const entry of requested) {
			const itemId = requireId((entry ?? {}) as Params, 'itemId');
			const product = findTaobaoProduct(fake.state, itemId);
			if (product) {
				mpProducts.push({ itemId: new JsonInteger(itemId), mpId: product.mpId, skuIds: product.skuIds });
			} else {
				noMpProductItemIds.push(itemId);
				noMpReasonList.push({ itemId, reason: 'ITEM_NOT_DISTRIBUTABLE' });
			}
		}
		return { mpProducts, noMpProductItemIds, noMpReasonList };
	}),

	// Answer assumed (undocumented).
	get('/open/product/get', (req, fake) => taobaoProductView(productOrInvented(fake, requireId(queryOf(req), 'itemId')))),

	// Answer assumed (undocumented).
	get('/open/product/query', (req, fake) => {
		const query = queryOf(req);
		return searchTaobao(fake, query, requireText(query, 'keyword'));
	}),

	// Answer assumed (undocumented).
	post('/open/product/source/get', (req, fake) => {
		const body = bodyOf(req);
		const product = productOrInvented(fake, requireId(body, 'itemId'));
		return {
			itemId: new JsonInteger(product.itemId),
			title: product.title,
			description: `<p>${product.title}</p>`,
			language: optionalText(body, 'language') ?? 'en',
			sourceUrl: `https://item.taobao.com/item.htm?id=${product.itemId}`,
			price: product.price,
		};
	}),
];
