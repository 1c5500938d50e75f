import type { IDataObject } from 'n8n-workflow';

import { simplifyWithLines } from '../fields/taobao';
import type { Resource } from './types';

const keyword = {
	name: 'keyword',
	displayName: 'Keyword',
	kind: 'string',
	required: true,
	placeholder: 'e.g. 电动车',
	description: 'Words to search for; Chinese keywords match best',
} as const;

/** The fields of a product a user looks at first; pictures, SKUs and IDs as they arrive. */
function simplifyProduct(data: IDataObject): IDataObject {
	return simplifyWithLines(
		data,
		[
			'itemId',
			'mpId',
			'title',
			'itemTitle',
			'price',
			'promotionPrice',
			'beginAmount',
			'productUnit',
			'quantity',
			'status',
			'shopName',
			'categoryName',
			'picUrls',
		],
		{ from: ['skuList', 'skus'], as: 'skus', keys: ['skuId', 'mpSkuId', 'price', 'promotionPrice', 'quantity', 'status', 'properties'] },
	);
}

/** Taobao and Tmall goods: search, details and availability for purchase through PandaPon. */
export const taobaoProduct: Resource = {
	value: 'taobaoProduct',
	name: 'Taobao Product',
	description: 'Search Taobao and Tmall goods and read their details',
	endpoints: [
		{
			key: 'taobaoGoods.get',
			operation: 'get',
			name: 'Get',
			action: 'Get a Taobao product',
			description:
				'Get one Taobao or Tmall product by its ID or page URL: title, price, pictures, stock, category and SKUs. Prices are integers in the unit the API expects (undocumented, likely fen: 1 CNY = 100).',
			method: 'GET',
			path: '/open/product/get',
			confidence: 'documented-v1',
			changesData: false,
			product: { platform: 'taobao', wire: 'itemId', kind: 'id', in: 'query' },
			simplify: simplifyProduct,
			fields: [],
		},
		{
			key: 'taobaoGoods.getSource',
			operation: 'getSource',
			name: 'Get Source',
			action: 'Get the source listing of a Taobao product',
			description:
				'Get the original listing of a Taobao product (description and details as the seller published them), optionally translated.',
			method: 'POST',
			path: '/open/product/source/get',
			confidence: 'documented-v1',
			changesData: false,
			product: { platform: 'taobao', wire: 'itemId', kind: 'id' },
			fields: [
				{
					name: 'language',
					displayName: 'Language',
					kind: 'string',
					placeholder: 'e.g. vi',
					description: 'Language code to translate into, e.g. vi or en (supported codes undocumented)',
				},
			],
		},
		{
			key: 'taobaoGoods.keywordQuery',
			operation: 'search',
			name: 'Search',
			action: 'Search Taobao products by keyword',
			description: 'Find Taobao products matching a keyword, one item per product.',
			method: 'POST',
			path: '/open/product/item/search',
			confidence: 'documented-v2-only',
			changesData: false,
			list: { style: 'pageNo', defaultPageSize: 40, maxPageSize: 40 },
			fields: [
				keyword,
				{
					name: 'sort',
					displayName: 'Sort',
					kind: 'string',
					placeholder: 'e.g. tk_rate_desc',
					description: 'Sort key; only tk_rate_desc is documented, other values are unknown',
				},
			],
		},
		{
			key: 'taobaoGoods.imageQuery',
			operation: 'searchByImage',
			name: 'Search by Image',
			action: 'Search Taobao products by image',
			description: 'Find Taobao products that look like a picture (a binary file or an image URL), one item per product.',
			method: 'POST',
			path: '/open/product/image/query',
			confidence: 'inferred',
			changesData: false,
			image: { base64Wire: 'imageBase64', urlWire: 'imageAddress' },
			list: { style: 'pageNo', defaultPageSize: 20 },
			fields: [],
		},
		{
			key: 'taobaoGoods.query',
			operation: 'getAll',
			name: 'Get Many',
			action: 'Get many Taobao products',
			description:
				"List Taobao products matching a keyword through PandaPon's commodity inquiry, one item per product. Its parameters are a guess; Search is the documented keyword search.",
			method: 'GET',
			path: '/open/product/query',
			confidence: 'inferred',
			changesData: false,
			list: { style: 'pageNo', defaultPageSize: 20 },
			fields: [keyword],
		},
		{
			key: 'taobaoGoods.batchCheck',
			operation: 'checkAvailability',
			name: 'Check Availability',
			action: 'Check whether Taobao products can be bought',
			description:
				'Check a batch of Taobao products (and SKUs) at once: the answer lists the ones PandaPon can buy (mpProducts, with the mpId and mpSkuId a cart needs), the item IDs it cannot (noMpProductItemIds) and why (noMpReasonList).',
			method: 'POST',
			path: '/open/product/batch/check',
			confidence: 'documented-v1',
			changesData: false,
			fields: [
				{
					name: 'params',
					displayName: 'Products',
					kind: 'group',
					required: true,
					multiple: true,
					jsonString: true,
					description: 'The products to check, one entry per product',
					fields: [
						{
							name: 'itemId',
							displayName: 'Item ID',
							kind: 'id',
							required: true,
							placeholder: 'e.g. 672991141190',
							description: 'Taobao item ID (the id= number of the product URL)',
						},
						{
							name: 'skuIds',
							displayName: 'SKU IDs',
							kind: 'idList',
							placeholder: 'e.g. 3452545926724, 3452545926725',
							description: 'SKUs of this product to check, separated by commas',
						},
					],
				},
			],
		},
	],
};
