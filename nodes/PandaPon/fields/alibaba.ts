import type { IDataObject } from 'n8n-workflow';

import type { Field } from '../endpoints/types';

/*
 * Fields shared by the 1688 tables (REFERENCE.md 5.6-5.11). Where one field differs between
 * endpoints only by kind or requiredness, a small factory returns the variant.
 */

// ---------------------------------------------------------------------------------------
// Search filters: keyword, picture, store and marketing queries

/**
 * `country` is the language of the translated fields. PandaPon's docs say to "currently
 * always pass en", so the tables send `country: "en"` as a constant and offer this field
 * to override it (a third-party client sends "vi").
 */
export const COUNTRY_DEFAULT: IDataObject = { country: 'en' };

export const countryField: Field = {
	name: 'country',
	displayName: 'Language',
	kind: 'string',
	default: 'en',
	description:
		'Language code of the translated fields (e.g. subjectTrans). PandaPon documents only "en" and this node sends "en" unless changed here.',
};

/** The related/recommend queries call the same setting `language`; same default. */
export const LANGUAGE_DEFAULT: IDataObject = { language: 'en' };

export const languageField: Field = {
	...countryField,
	name: 'language',
	description: 'Language code of the translated fields, e.g. "en" or "vi". This node sends "en" unless changed here.',
};

export const outMemberIdField: Field = {
	name: 'outMemberId',
	displayName: 'Out Member ID',
	kind: 'string',
	description: 'Your own ID for the end user on whose behalf you call (optional, passed through)',
};

const filterField: Field = {
	name: 'filter',
	displayName: 'Filter',
	kind: 'string',
	placeholder: 'e.g. shipInToday,ksCiphertext',
	description:
		'Comma-separated filter flags, e.g. shipInToday (ships today). Only shipInToday and ksCiphertext are documented.',
};

/**
 * `sort` is a JSON-encoded string on the wire (REFERENCE.md 4.1). The only documented
 * sorts are by price, so the option values are the exact strings PandaPon expects; an
 * expression can still supply any other JSON string.
 */
const sortField: Field = {
	name: 'sort',
	displayName: 'Sort By',
	kind: 'options',
	default: '{"price":"asc"}',
	options: [
		{ name: 'Price: Low to High', value: '{"price":"asc"}' },
		{ name: 'Price: High to Low', value: '{"price":"desc"}' },
	],
	description: 'Result order. Sent as a JSON-encoded string such as {"price":"asc"}.',
};

const priceStartField: Field = {
	name: 'priceStart',
	displayName: 'Min Price',
	kind: 'string',
	placeholder: 'e.g. 9.90',
	description: 'Lowest wholesale price in CNY, as a decimal number (sent as text, e.g. "9.90")',
};

const priceEndField: Field = {
	name: 'priceEnd',
	displayName: 'Max Price',
	kind: 'string',
	placeholder: 'e.g. 99.00',
	description: 'Highest wholesale price in CNY, as a decimal number (sent as text, e.g. "99.00")',
};

/**
 * 1688 category ID. The API types it as a string on some endpoints and as an integer on
 * others; `int64` keeps a text box in the UI and sends a bare integer.
 */
export function categoryIdField(kind: 'string' | 'int64', required = false): Field {
	return {
		name: 'categoryId',
		displayName: 'Category ID',
		kind,
		required,
		placeholder: 'e.g. 1031910',
		description: 'A 1688 category ID (categoryId in product details)',
	};
}

/** The filters every 1688 product search takes, after its own fields. */
export function searchFilterFields(categoryKind: 'string' | 'int64'): Field[] {
	return [countryField, filterField, sortField, outMemberIdField, priceStartField, priceEndField, categoryIdField(categoryKind)];
}

export const keywordField: Field = {
	name: 'keyword',
	displayName: 'Keyword',
	kind: 'string',
	required: true,
	placeholder: 'e.g. 男鞋 or men shoes',
	description: 'Search words, in Chinese or another language',
};

// ---------------------------------------------------------------------------------------
// Sellers and goods

export const sellerOpenIdField: Field = {
	name: 'sellerOpenId',
	displayName: 'Seller Open ID',
	kind: 'string',
	placeholder: 'e.g. BBBwAN4GQ60zRPzBkv7BYPJRQ',
	description: 'Encrypted 1688 seller ID (sellerOpenId in product details, starts with "BBB")',
};

export const specIdField: Field = {
	name: 'specId',
	displayName: 'Spec ID',
	kind: 'string',
	required: true,
	placeholder: 'e.g. 0a7d3b5e8c1f4a2b9e6d7c8b5a4f3e2d',
	description: 'The SKU variant to buy: a specId (32 hex characters) from the product details SKU list',
};

export const quantityField: Field = {
	name: 'quantity',
	displayName: 'Quantity',
	kind: 'integer',
	required: true,
	default: 1,
	description: 'Number of pieces',
};

const offerIdField: Field = {
	name: 'offerId',
	displayName: 'Product ID',
	kind: 'int64',
	required: true,
	placeholder: 'e.g. 706627393257',
	description: 'The 1688 offer ID (the digits in detail.1688.com/offer/<ID>.html), sent as an exact integer',
};

/** Goods lines of order previews and creation; `withSeller` adds sellerOpenId (multi-seller endpoints). */
export function cargoParamListField(withSeller: boolean): Field {
	const fields: Field[] = [offerIdField, specIdField, quantityField];
	if (withSeller) fields.push(sellerOpenIdField);
	return {
		name: 'cargoParamList',
		displayName: 'Goods',
		kind: 'group',
		multiple: true,
		required: true,
		fields,
		description: 'The goods to order, one entry per SKU variant (at least one)',
	};
}

// ---------------------------------------------------------------------------------------
// Orders

/** The receiving address (`addressParam`); `required` marks what order creation requires. */
export function addressParamField(options: { required: boolean; districtCode: boolean }): Field {
	const needed = options.required;
	const fields: Field[] = [
		{ name: 'fullName', displayName: 'Full Name', kind: 'string', required: needed, description: 'Name of the consignee' },
		{ name: 'mobile', displayName: 'Mobile', kind: 'string', required: needed, placeholder: 'e.g. 18600888861' },
		{ name: 'phone', displayName: 'Phone', kind: 'string', required: needed, description: 'Landline or second phone number' },
		{ name: 'postCode', displayName: 'Post Code', kind: 'string', placeholder: 'e.g. 100000' },
		{ name: 'provinceText', displayName: 'Province', kind: 'string', required: needed, placeholder: 'e.g. 浙江省' },
		{ name: 'cityText', displayName: 'City', kind: 'string', required: needed, placeholder: 'e.g. 杭州市' },
		{ name: 'areaText', displayName: 'District', kind: 'string', placeholder: 'e.g. 西湖区' },
		{ name: 'townText', displayName: 'Town', kind: 'string', required: needed, placeholder: 'e.g. 转塘' },
		{ name: 'address', displayName: 'Street Address', kind: 'string', required: needed },
	];
	if (options.districtCode) {
		fields.push({ name: 'districtCode', displayName: 'District Code', kind: 'string', description: 'Administrative area code' });
	}
	return {
		name: 'addressParam',
		displayName: 'Receiving Address',
		kind: 'group',
		required: needed,
		fields,
		description: 'Where the seller ships to in China, usually your forwarding warehouse (Chinese names work best)',
	};
}

/**
 * The order-creation options shared by the order and cart "create" endpoints. `flow` has one
 * documented value, so the endpoints that need it send it as a constant and the field sits
 * under Additional Fields, for a value PandaPon may add.
 */
export const ORDER_FLOW = { flow: 'general' };

export function orderCreationFields(): Field[] {
	return [
		{
			name: 'flow',
			displayName: 'Flow',
			kind: 'string',
			placeholder: 'e.g. general',
			description: 'Order flow; leave unset for "general", the only documented value',
		},
		{ name: 'message', displayName: 'Message to Seller', kind: 'string', description: 'Remark left on the order' },
		{ name: 'shopPromotionId', displayName: 'Shop Promotion ID', kind: 'string', description: 'A shop promotion to apply (from Preview)' },
		{ name: 'tradeType', displayName: 'Trade Type', kind: 'string', description: 'Trade mode, e.g. from Preview (values undocumented)' },
	];
}

/** 1688 order ID; `int64` where the API wants a JSON integer, `id` where it wants a string. */
export function orderIdField(kind: 'id' | 'int64'): Field {
	return {
		name: 'orderId',
		displayName: 'Order ID',
		kind,
		required: true,
		placeholder: 'e.g. 2019601741959504495',
		description: 'The 1688 order ID (19 digits). Pass it as text, e.g. from a previous PandaPon node output.',
	};
}

export const orderEntryIdsField: Field = {
	name: 'orderEntryIds',
	displayName: 'Order Line IDs',
	kind: 'idList',
	itemKind: 'int64',
	description:
		'Comma-separated sub-order (order line) IDs, e.g. productItems[].subItemID of the order details; sent as exact integers. Leave empty for the whole order.',
};

// ---------------------------------------------------------------------------------------
// After-sales

export const goodsStatusField: Field = {
	name: 'goodsStatus',
	displayName: 'Goods Status',
	kind: 'options',
	required: true,
	default: 'refundWaitSellerSend',
	options: [
		{ name: 'Not Shipped Yet', value: 'refundWaitSellerSend' },
		{ name: 'Shipped, Not Received', value: 'refundWaitBuyerReceive' },
		{ name: 'Received', value: 'refundBuyerReceived' },
		{ name: 'After Sale, Not Received', value: 'aftersaleBuyerNotReceived' },
		{ name: 'After Sale, Received', value: 'aftersaleBuyerReceived' },
	],
	description:
		'Where the goods are. Values of the underlying 1688 API (PandaPon does not document them); use an expression for another value.',
};

export const vouchersField: Field = {
	name: 'vouchers',
	displayName: 'Vouchers',
	kind: 'idList',
	itemKind: 'string',
	description: 'Comma-separated voucher image references, e.g. returned by Upload Voucher (format undocumented)',
};

export const refundDescriptionField: Field = {
	name: 'description',
	displayName: 'Description',
	kind: 'string',
	placeholder: 'e.g. The goods do not match the description',
	description: 'Explanation for the seller',
};

// ---------------------------------------------------------------------------------------
// Cart

export const cartIdsField: Field = {
	name: 'cartIds',
	displayName: 'Cart Line IDs',
	kind: 'idList',
	itemKind: 'int64',
	required: true,
	placeholder: 'e.g. 75,76',
	description: 'Comma-separated IDs of cart lines (cartItemInfos[].id from Get Many), sent as exact integers',
};
