import { categoryIdField, COUNTRY_DEFAULT, countryField, keywordField, searchFilterFields } from '../fields/alibaba';
import type { Endpoint, ListBehaviour, Resource } from './types';

const PAGING: ListBehaviour = { style: 'beginPage', defaultPageSize: 20 };

const INFERRED_BODY =
	'Low confidence: the body is the keyword-search body, because the v2 menu calls this a keyword query.';

/** A curated list searched by keyword, with the keyword-search body (an inference). */
function keywordSelection(entry: Pick<Endpoint, 'key' | 'operation' | 'name' | 'action' | 'description' | 'path'>): Endpoint {
	return {
		...entry,
		method: 'POST',
		confidence: 'inferred',
		changesData: false,
		list: PAGING,
		constants: COUNTRY_DEFAULT,
		fields: [keywordField, ...searchFilterFields('string')],
		notes: INFERRED_BODY,
	};
}

/** 1688 marketing lists: strict selection and hot sellers. */
export const alibabaMarketing: Resource = {
	value: 'alibabaMarketing',
	name: '1688 Marketing',
	description: 'Curated 1688 product lists: strict selection and hot sellers',
	endpoints: [
		keywordSelection({
			key: 'alibabaMarketing.strictSelection',
			operation: 'searchStrictSelection',
			name: 'Search Strict Selection',
			action: 'Search 1688 strict selection products',
			description: `Search by keyword among 1688's curated "strict selection" (严选) goods. Returns one item per product.`,
			path: '/alibaba/product/strictSelectionQuery',
		}),
		keywordSelection({
			key: 'alibabaMarketing.globalStrictSelection',
			operation: 'searchGlobalStrictSelection',
			name: 'Search Global Strict Selection',
			action: 'Search 1688 global strict selection products',
			description: `Search by keyword among 1688's curated "global strict selection" goods, aimed at cross-border buyers. Returns one item per product.`,
			path: '/alibaba/product/globalStrictSelectionQuery',
		}),
		{
			key: 'alibabaMarketing.hotList',
			operation: 'getHotList',
			name: 'Get Hot List',
			action: 'Get the 1688 hot selling list',
			description: 'List the best-selling 1688 products, optionally of one category. Returns one item per product.',
			method: 'POST',
			path: '/alibaba/product/hotListQuery',
			confidence: 'inferred',
			changesData: false,
			list: PAGING,
			constants: COUNTRY_DEFAULT,
			fields: [categoryIdField('string'), countryField],
			notes: 'Low confidence: the body follows the paging of the 1688 goods searches.',
		},
	],
};
