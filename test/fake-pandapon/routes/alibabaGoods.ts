/** 1688 › Goods and 1688 › Marketing (REFERENCE.md 5.6, 5.11). */

import { createRandom, alibabaProductFixture } from '../fixtures';
import {
	asObject,
	bodyOf,
	idOf,
	invalid,
	optionalJsonString,
	optionalText,
	requireId,
	requireText,
	type Params,
} from '../input';
import { alibabaSearchPage, readPageRequest } from '../paging';
import type { RouteDefinition } from '../router';
import type { FakePandaPon } from '../server';
import { findAlibabaProduct, type AlibabaProduct } from '../state';
import { alibabaProductCard, alibabaProductDetail, alibabaStoreCard } from '../views';
import { post, rankByKeyword, withinPriceRange } from './helpers';

interface SearchOptions {
	keyword?: string;
	pageKey: 'beginPage' | 'pageNo';
	restrictTo?: (product: AlibabaProduct) => boolean;
	card?: (product: AlibabaProduct) => unknown;
}

/** `sort` is a JSON-encoded string such as "{\"price\":\"desc\"}" (REFERENCE.md 4.1). */
function sortByRequest(products: AlibabaProduct[], params: Params): AlibabaProduct[] {
	const sort = asObject(optionalJsonString(params, 'sort'));
	const direction = sort.price;
	if (direction !== 'asc' && direction !== 'desc') return products;
	const sign = direction === 'asc' ? 1 : -1;
	return [...products].sort((a, b) => sign * (Number(a.price) - Number(b.price)));
}

function matchesCategory(product: AlibabaProduct, categoryId: unknown): boolean {
	const wanted = idOf(categoryId);
	return wanted === undefined || String(product.categoryId) === wanted;
}

/** 1688 product search over state: keyword ranking, price/category filters, sort, paging. */
function search(fake: FakePandaPon, params: Params, options: SearchOptions) {
	const page = readPageRequest(params, { pageKey: options.pageKey, defaultSize: 20, maxSize: fake.settings.maxPageSize });
	const filtered = fake.state.alibabaProducts.filter(
		(product) =>
			(options.restrictTo?.(product) ?? true) &&
			withinPriceRange(product.price, params.priceStart, params.priceEnd) &&
			matchesCategory(product, params.categoryId),
	);
	const ranked = rankByKeyword(filtered, options.keyword, (product) => [product.subject, product.subjectTrans]);
	return alibabaSearchPage(sortByRequest(ranked, params), page, options.card ?? alibabaProductCard);
}

function productOrInvented(fake: FakePandaPon, offerId: string): AlibabaProduct {
	return findAlibabaProduct(fake.state, offerId) ?? { ...alibabaProductFixture(0, createRandom(Number(offerId.slice(-6)))), offerId };
}

function keywordSearchRoute(path: string): RouteDefinition {
	return post(path, (req, fake) => {
		const body = bodyOf(req);
		return search(fake, body, { keyword: requireText(body, 'keyword'), pageKey: 'beginPage' });
	});
}

export const alibabaGoodsRoutes: RouteDefinition[] = [
	post('/alibaba/product/detail/get', (req, fake) => alibabaProductDetail(productOrInvented(fake, requireId(bodyOf(req), 'offerId')))),

	// Answer assumed (undocumented).
	post('/alibaba/product/openuid/decrypt', (req) => {
		const body = bodyOf(req);
		const openUid = requireText(body, 'openUid');
		requireId(body, 'offerId');
		const nick = `tb${openUid.slice(3, 11).toLowerCase()}`;
		return {
			wangwangNick: nick,
			wangwangUrl: `https://amos.alicdn.com/getcid.aw?v=3&uid=${encodeURIComponent(nick)}&site=cnalichn`,
		};
	}),

	keywordSearchRoute('/alibaba/product/keywords/query'),

	post('/alibaba/product/image/query', (req, fake) => {
		const body = bodyOf(req);
		if (!optionalText(body, 'imageBase64') && !optionalText(body, 'imageAddress')) {
			throw invalid('imageBase64 or imageAddress is required');
		}
		return search(fake, body, { pageKey: 'beginPage' });
	}),

	post('/alibaba/product/query/selleroffer', (req, fake) => {
		const body = bodyOf(req);
		const sellerOpenId = requireText(body, 'sellerOpenId');
		return search(fake, body, {
			keyword: optionalText(body, 'keyword'),
			pageKey: 'beginPage',
			restrictTo: (product) => product.sellerOpenId === sellerOpenId,
			card: alibabaStoreCard,
		});
	}),

	// Answer assumed (undocumented).
	post('/alibaba/category/get', (req, fake) => {
		const categoryId = requireId(bodyOf(req), 'categoryId');
		const sample = fake.state.alibabaProducts.find((product) => String(product.categoryId) === categoryId);
		return {
			categoryId: Number(categoryId),
			chineseName: sample?.categoryName ?? '类目',
			translatedName: sample ? `Category ${categoryId}` : 'Category',
			language: optionalText(bodyOf(req), 'country') ?? 'en',
			leaf: categoryId !== '0',
			level: categoryId === '0' ? 0 : 1,
			parentCateId: categoryId === '0' ? null : 0,
			childCategorys: [],
		};
	}),

	// Answer assumed (undocumented).
	post('/alibaba/product/productRecommendQuery', (req, fake) => search(fake, bodyOf(req), { pageKey: 'pageNo' })),

	// Answer assumed (undocumented).
	post('/alibaba/product/productRelatedRecommendQuery', (req, fake) => {
		const body = bodyOf(req);
		const offerId = requireId(body, 'offerId');
		return search(fake, body, { pageKey: 'pageNo', restrictTo: (product) => product.offerId !== offerId });
	}),

	// Answers assumed (undocumented): the documented keyword-search page.
	keywordSearchRoute('/alibaba/product/globalStrictSelectionQuery'),
	keywordSearchRoute('/alibaba/product/strictSelectionQuery'),

	// Answer assumed (undocumented).
	post('/alibaba/product/hotListQuery', (req, fake) => {
		const body = bodyOf(req);
		return search(fake, body, { pageKey: 'beginPage', restrictTo: (product) => product.monthSold > 0 });
	}),
];
