import type { IDataObject } from 'n8n-workflow';

import {
	categoryIdField,
	COUNTRY_DEFAULT,
	countryField,
	keywordField,
	LANGUAGE_DEFAULT,
	languageField,
	outMemberIdField,
	searchFilterFields,
	sellerOpenIdField,
} from '../fields/alibaba';
import { pick } from '../output';
import { asObject, asObjects, keepUnrecognised } from '../simplify';
import type { ListBehaviour, Resource } from './types';

/** 1688 searches page with beginPage; 20 is the page size of every documented example. */
const SEARCH_PAGING: ListBehaviour = { style: 'beginPage', defaultPageSize: 20 };
const RECOMMEND_PAGING: ListBehaviour = { style: 'pageNo', defaultPageSize: 20 };

/** "Colour: red / Size: XL" from a SKU's attribute list (translated names when present). */
function skuLabel(sku: IDataObject): string | undefined {
	const parts = asObjects(sku.skuAttributes).map((attribute) => {
		const name = attribute.attributeNameTrans ?? attribute.attributeName;
		const value = attribute.valueTrans ?? attribute.value;
		return name === undefined ? String(value ?? '') : `${String(name)}: ${String(value ?? '')}`;
	});
	return parts.length > 0 ? parts.join(' / ') : undefined;
}

/** A SKU's IDs, prices and stock; a SKU with none of them is kept whole. */
function skuSummary(sku: unknown): unknown {
	const fields = asObject(sku);
	if (fields === undefined) return sku;
	const picked = pick(fields, ['skuId', 'specId', 'price', 'promotionPrice', 'consignPrice', 'amountOnSale']);
	if (Object.keys(picked).length === 0) return sku;
	const label = skuLabel(fields);
	return label === undefined ? picked : { ...picked, attributes: label };
}

const PRODUCT_KEYS = ['offerId', 'subject', 'subjectTrans', 'categoryId', 'categoryName', 'status', 'sellerOpenId', 'companyName', 'minOrderQuantity'];
const SALE_KEYS = ['amountOnSale', 'priceRangeList', 'unitInfo'];
/**
 * Left out on purpose: the HTML description, videos, the 1688 tracking string and details a
 * first look does not need. Any other field the answer has is kept (keepUnrecognised).
 */
const PRODUCT_LEFT_OUT = [
	'description',
	'mainVideo',
	'detailVideo',
	'traceInfo',
	'productAttribute',
	'productShippingInfo',
	'tagInfoList',
	'isJxhy',
	'batchNumber',
	'sellingPoint',
	'offerIdentities',
];

/**
 * The fields a buyer looks at first. Only offerId, categoryId, categoryName, subject,
 * subjectTrans and description are documented by name; the blocks read here follow the
 * underlying 1688 product model (productImage, productSkuInfos, productSaleInfo). A block
 * whose contents are not the expected ones is kept as it came, and so is every field not
 * named here. IDs are left exactly as they arrive.
 */
export function simplifyAlibabaProduct(data: IDataObject): IDataObject {
	const summary = pick(data, PRODUCT_KEYS);
	const recognised = [...PRODUCT_KEYS, ...PRODUCT_LEFT_OUT];
	const sale = pick(asObject(data.productSaleInfo) ?? {}, SALE_KEYS);
	if (Object.keys(sale).length > 0) {
		Object.assign(summary, sale);
		recognised.push('productSaleInfo');
	}
	const images = asObject(data.productImage)?.images;
	if (images !== undefined) {
		summary.images = images;
		recognised.push('productImage');
	}
	if (Array.isArray(data.productSkuInfos)) {
		summary.skus = data.productSkuInfos.map(skuSummary) as IDataObject[];
		recognised.push('productSkuInfos');
	}
	return keepUnrecognised(data, summary, recognised);
}

/** 1688 (Alibaba wholesale) goods: details, searches, categories, recommendations. */
export const alibabaProduct: Resource = {
	value: 'alibabaProduct',
	name: '1688 Product',
	description: 'Search 1688 wholesale goods and get their details, SKUs and categories',
	endpoints: [
		{
			key: 'alibabaGoods.get',
			operation: 'get',
			name: 'Get',
			action: 'Get a 1688 product',
			description:
				'Get one 1688 product with its title (original and translated), images, attributes, SKUs (specId, price, stock), sale and shipping info and seller. The specId of a SKU is what orders and the cart need.',
			method: 'POST',
			path: '/alibaba/product/detail/get',
			confidence: 'documented-v1',
			changesData: false,
			product: { platform: '1688', wire: 'offerId', kind: 'int64' },
			constants: COUNTRY_DEFAULT,
			fields: [countryField, outMemberIdField],
			simplify: simplifyAlibabaProduct,
		},
		{
			key: 'alibabaGoods.keywordQuery',
			operation: 'search',
			name: 'Search',
			action: 'Search 1688 products by keyword',
			description:
				'Search 1688 products by keyword, optionally filtered by price range and category and sorted by price. Returns one item per product (title, image and a few more fields).',
			method: 'POST',
			path: '/alibaba/product/keywords/query',
			confidence: 'documented-v1',
			changesData: false,
			list: SEARCH_PAGING,
			constants: COUNTRY_DEFAULT,
			fields: [keywordField, ...searchFilterFields('string')],
		},
		{
			key: 'alibabaGoods.imageQuery',
			operation: 'searchByImage',
			name: 'Search by Image',
			action: 'Search 1688 products by image',
			description:
				'Find 1688 products that look like a picture, given as a binary file or a public URL. Returns one item per product.',
			method: 'POST',
			path: '/alibaba/product/image/query',
			confidence: 'documented-v1',
			changesData: false,
			list: SEARCH_PAGING,
			image: { base64Wire: 'imageBase64', urlWire: 'imageAddress' },
			constants: COUNTRY_DEFAULT,
			fields: [
				{
					name: 'region',
					displayName: 'Region',
					kind: 'string',
					description: 'Part of the image to search for (the subject box); format undocumented, leave empty for the whole image',
				},
				...searchFilterFields('int64'),
			],
		},
		{
			key: 'alibabaGoods.storeQuery',
			operation: 'searchSeller',
			name: 'Search Seller Products',
			action: 'Search the products of a 1688 seller',
			description:
				"List or search the products of one 1688 seller's shop, identified by its encrypted seller ID. Returns one item per product.",
			method: 'POST',
			path: '/alibaba/product/query/selleroffer',
			confidence: 'documented-v1',
			changesData: false,
			list: SEARCH_PAGING,
			constants: COUNTRY_DEFAULT,
			fields: [
				{ ...sellerOpenIdField, required: true },
				{ ...keywordField, required: false, description: 'Search words; leave empty for all products of the shop' },
				...searchFilterFields('int64'),
			],
		},
		{
			key: 'alibabaGoods.getCategory',
			operation: 'getCategory',
			name: 'Get Category',
			action: 'Get a 1688 category',
			description: 'Get a 1688 category with its translated name, by category ID (0 is the root in the underlying 1688 API).',
			method: 'POST',
			path: '/alibaba/category/get',
			confidence: 'inferred',
			changesData: false,
			constants: COUNTRY_DEFAULT,
			fields: [categoryIdField('int64', true), countryField],
		},
		{
			key: 'alibabaGoods.recommend',
			operation: 'getRecommended',
			name: 'Get Recommended',
			action: 'Get recommended 1688 products',
			description: 'List products PandaPon recommends on 1688. Returns one item per product.',
			method: 'POST',
			path: '/alibaba/product/productRecommendQuery',
			confidence: 'inferred',
			changesData: false,
			list: RECOMMEND_PAGING,
			constants: LANGUAGE_DEFAULT,
			fields: [languageField],
		},
		{
			key: 'alibabaGoods.relatedRecommend',
			operation: 'getRelated',
			name: 'Get Related',
			action: 'Get products related to a 1688 product',
			description: 'List 1688 products similar to a given product. Returns one item per product.',
			method: 'POST',
			path: '/alibaba/product/productRelatedRecommendQuery',
			confidence: 'documented-v2-only',
			changesData: false,
			list: RECOMMEND_PAGING,
			product: { platform: '1688', wire: 'offerId', kind: 'id' },
			constants: LANGUAGE_DEFAULT,
			fields: [languageField],
			notes:
				"The v2 docs pass an encrypted offer ID here (offerMapId); whether v1 takes the numeric ID is unknown. If PandaPon rejects it, pass the encrypted ID as offerId in Options > Extra Body Fields.",
		},
		{
			key: 'alibabaGoods.decryptWangwang',
			operation: 'getWangwangLink',
			name: 'Get Wangwang Link',
			action: 'Get the Wangwang chat link of a 1688 seller',
			description:
				"Turn a seller's encrypted ID (sellerOpenId) into their Wangwang (1688 chat) nickname or chat link, for a given product.",
			method: 'POST',
			path: '/alibaba/product/openuid/decrypt',
			confidence: 'third-party-code',
			changesData: false,
			product: { platform: '1688', wire: 'offerId', kind: 'id' },
			fields: [{ ...sellerOpenIdField, name: 'openUid', required: true }],
		},
	],
};
