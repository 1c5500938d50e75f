/**
 * Wire shapes. Where PandaPon's response is documented (REFERENCE.md section 5) the fake
 * serves exactly that shape: names, nesting, order and types. Every other shape here is
 * marked "assumed": the fake's guess, modelled on the underlying Taobao/1688 APIs, which
 * the node's readers must not depend on.
 *
 * Integer or string? REFERENCE.md 4.3 documents integers for `itemId` (product get, cart
 * add), `offerId`/`productID`, `cantPayOrderList` and 1688 sub-order ids. For undocumented
 * responses the fake writes order ids, purchase-order ids and row ids as raw JSON integers
 * (what a Java `Long` becomes by default), because that is the case a client must survive;
 * refund ids, sub-purchase-order ids, SKU ids and `salesOrderId` stay strings as documented.
 */

import { JsonInteger } from '../../nodes/shared/losslessJson';
import type {
	AlibabaOrder,
	AlibabaProduct,
	AlibabaRefund,
	TaobaoOrder,
	TaobaoProduct,
	TaobaoRefund,
} from './state';
import { TAOBAO_ORDER_STATUS, TAOBAO_REFUND_STATUS } from './state';

export const DISTRIBUTOR_ID = '2100005349129';

const int = (digits: string) => new JsonInteger(digits);

/** "yyyy-MM-dd HH:mm:ss" in China time (UTC+8), the zone a Hangzhou-based API would use. */
export function chinaDateTime(epochMs: number): string {
	return new Date(epochMs + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
}

function nameOf(table: Record<string, number>, value: number): string {
	return Object.keys(table).find((name) => table[name] === value) ?? 'UNKNOWN';
}

export function taobaoOrderStatusName(status: number): string {
	return nameOf(TAOBAO_ORDER_STATUS, status);
}

const TAOBAO_SUPPLIERS: ReadonlyArray<readonly [string, string]> = [
	['3937219703', '天天特卖工厂店'],
	['2200723183810', '英皇保罗旗舰店'],
	['2206532219470', '南极人官方旗舰店'],
];

/** The same supplier for the same order line, so repeated reads agree. */
function supplierOf(refund: TaobaoRefund): readonly [string, string] {
	return TAOBAO_SUPPLIERS[Number(BigInt(refund.purchaseOrderLineId) % BigInt(TAOBAO_SUPPLIERS.length))];
}

/** Seller's deadline for the current step: seven days after the last change. */
const timeoutOf = (refund: TaobaoRefund) => refund.gmtModified + 7 * 86_400_000;

/**
 * `refundOrder` with the documented keys (REFERENCE.md 5.3). The list documents
 * `refundStatus` as a string ("100"), the v2 detail page as an integer: `statusAs` picks.
 */
function refundOrderBlock(refund: TaobaoRefund, statusAs: 'string' | 'integer') {
	return {
		refundFee: refund.refundFee,
		payOrderId: refund.purchaseOrderId,
		timeoutType: 'sAgreeRefundT',
		sellerRefuseReason: refund.refundStatus === TAOBAO_REFUND_STATUS.SELLER_REFUSES_REFUND ? '商品已发出' : null,
		refundStatus: statusAs === 'string' ? String(refund.refundStatus) : refund.refundStatus,
		canEditFee: refund.refundStatus === TAOBAO_REFUND_STATUS.APPLIED_REFUND,
		remainingTime: null,
		refundType: refund.refundType,
		feeTips: null,
		reasonDesc: refund.reasonDesc,
		goodsStatus: refund.goodsStatus,
		refundDesc: refund.refundDesc,
		reasonId: refund.reasonId,
		timeoutDate: String(timeoutOf(refund)),
		sellerRefuseReasonDescribe: null,
		refundId: refund.refundId,
	};
}

/**
 * `purchaseOrderLine` with the documented keys and types (REFERENCE.md 5.3): the line and
 * order ids and `createTime` are JSON numbers, written as raw digits (19 digits for the
 * fake's purchase orders, beyond 2^53).
 */
function purchaseOrderLineBlock(refund: TaobaoRefund) {
	const [supplierId, supplierNick] = supplierOf(refund);
	return {
		salesOrderId: refund.salesOrderId,
		supplierId: int(supplierId),
		quantity: refund.quantity,
		totalPrice: refund.price * refund.quantity,
		itemTitle: refund.itemTitle,
		postFee: 0,
		productFee: refund.price * refund.quantity,
		salesMarket: 'TAOBAO_BUYER',
		purchaseOrderLineId: int(refund.purchaseOrderLineId),
		createTime: refund.gmtCreate,
		purchaseOrderId: int(refund.purchaseOrderId),
		price: refund.price,
		supplierNick,
		currency: refund.currency,
		properties: { 颜色分类: '黑色' },
	};
}

/** One element of `refundOrderAggregates` in the refund list, exactly as documented (REFERENCE.md 5.3). */
export function taobaoRefundListAggregate(refund: TaobaoRefund) {
	return {
		logistics: null,
		subUserId: null,
		refundOrder: refundOrderBlock(refund, 'string'),
		purchaseOrderLine: purchaseOrderLineBlock(refund),
	};
}

/** `refundOrderAggregate` as documented for `/open/order/refund/query` (v2 shape; the logistics contents are assumed). */
export function taobaoRefundAggregate(refund: TaobaoRefund) {
	return {
		logistics: {
			receiverAddress: '浙江省杭州市余杭区文一西路 969 号 退货仓',
			returnGoodsDesc: '请在 7 天内寄回，勿寄到付',
			buyerPhone: '15068763421',
			logisticsCompany: refund.logisticsCompanyCode
				? { logisticsCompanyCode: refund.logisticsCompanyCode, logisticsCompanyName: logisticsCompanyName(refund.logisticsCompanyCode) }
				: null,
			sellerAgreeReturnDescribe: refund.refundStatus >= TAOBAO_REFUND_STATUS.AGREE_TO_REFUND ? '同意退货' : null,
		},
		refundOrder: refundOrderBlock(refund, 'integer'),
		purchaseOrderLine: purchaseOrderLineBlock(refund),
	};
}

export const RETURN_LOGISTICS_COMPANIES = [
	{ logisticsCompanyCode: 'SF', logisticsCompanyName: '顺丰速运' },
	{ logisticsCompanyCode: 'YTO', logisticsCompanyName: '圆通速递' },
	{ logisticsCompanyCode: 'ZTO', logisticsCompanyName: '中通快递' },
	{ logisticsCompanyCode: 'STO', logisticsCompanyName: '申通快递' },
];

function logisticsCompanyName(code: string): string {
	return RETURN_LOGISTICS_COMPANIES.find((company) => company.logisticsCompanyCode === code)?.logisticsCompanyName ?? code;
}

/** A Taobao order, for the order list and detail (assumed: both answers are undocumented). */
export function taobaoOrderView(order: TaobaoOrder) {
	return {
		orderId: int(order.orderId),
		purchaseOrderId: int(order.purchaseOrderId),
		sellerOrderNumber: order.sellerOrderNumber,
		orderSource: order.orderSource,
		orderStatus: order.orderStatus,
		orderStatusDesc: taobaoOrderStatusName(order.orderStatus),
		purchaseAmount: order.purchaseAmount,
		postFee: order.postFee,
		currency: order.currency,
		receiver: order.receiver,
		warehouseName: order.warehouseName,
		warehouseAddress: order.warehouseAddress,
		orderLines: order.lines.map((line) => ({
			subPurchaseOrderId: line.subPurchaseOrderId,
			purchaseOrderOuterId: line.purchaseOrderOuterId,
			itemId: int(line.itemId),
			skuId: line.skuId,
			title: line.title,
			quantity: line.quantity,
			price: line.price,
		})),
		gmtCreate: order.gmtCreate,
		gmtModified: order.gmtModified,
	};
}

/** `/open/product/get` as documented: `itemId` is a JSON integer. */
export function taobaoProductView(product: TaobaoProduct) {
	return {
		itemId: int(product.itemId),
		mpId: product.mpId,
		title: product.title,
		beginAmount: 1,
		categoryId: product.categoryId,
		categoryName: product.categoryName,
		categoryPath: `${product.categoryId}`,
		description: `<p>${product.title}</p>`,
		itemType: 'HAVE_MATERIAL',
		picUrls: [product.picUrl],
		price: product.price,
		productUnit: '件',
		quantity: product.quantity,
		shopName: product.shopName,
		status: 'active',
		skuList: product.skuIds.map((skuId, position) => ({
			skuId,
			status: 'active',
			price: product.price + position * 100,
			properties: position === 0 ? '颜色分类:黑色' : '颜色分类:白色',
		})),
	};
}

/** A 1688 search hit: the 8 fields the docs count for keyword results (names beyond imageUrl and subject assumed). */
export function alibabaProductCard(product: AlibabaProduct) {
	return {
		imageUrl: product.imageUrl,
		subject: product.subject,
		subjectTrans: product.subjectTrans,
		offerId: int(product.offerId),
		isJxhyOffer: product.isJxhyOffer,
		priceInfo: { price: product.price, jxhyPrice: null, pfJxhyPrice: null },
		repurchaseRate: product.repurchaseRate,
		monthSold: product.monthSold,
	};
}

/** Store-search hits carry 9 fields, the first `imageUrl`. */
export function alibabaStoreCard(product: AlibabaProduct) {
	return { ...alibabaProductCard(product), sellerOpenId: product.sellerOpenId };
}

export function alibabaProductDetail(product: AlibabaProduct) {
	return {
		offerId: int(product.offerId),
		categoryId: product.categoryId,
		categoryName: product.categoryName,
		subject: product.subject,
		subjectTrans: product.subjectTrans,
		description: `<div><p>${product.subject}</p><img src="${product.imageUrl}"/></div>`,
		mainVideo: null,
		detailVideo: null,
		productImage: { images: [product.imageUrl] },
		productAttribute: [{ attributeId: '3216', attributeName: '颜色', value: '黑色', attributeNameTrans: 'Color', valueTrans: 'Black' }],
		productSkuInfos: product.specs.map((spec) => ({
			specId: spec.specId,
			skuId: int(spec.skuId),
			price: spec.price,
			amountOnSale: spec.amountOnSale,
			skuAttributes: [{ attributeName: spec.attributes.split(':')[0], value: spec.attributes.split(':')[1] }],
		})),
		productSaleInfo: { amountOnSale: product.specs.reduce((sum, spec) => sum + spec.amountOnSale, 0), priceRangeList: [{ startQuantity: product.minOrderQuantity, price: product.price }], unitInfo: { unit: '件' } },
		productShippingInfo: { sendGoodsAddressText: '浙江省 金华市', weight: 0.5 },
		isJxhy: product.isJxhyOffer,
		sellerOpenId: product.sellerOpenId,
		minOrderQuantity: product.minOrderQuantity,
		batchNumber: null,
		status: 'published',
		tagInfoList: [{ key: 'isOnePsale', value: true }],
		traceInfo: `object_id@${product.offerId}^object_type@offer`,
		companyName: product.companyName,
		sellingPoint: null,
		offerIdentities: ['tp_member'],
	};
}

function alibabaProductItems(order: AlibabaOrder) {
	return order.items.map((item) => ({
		productID: int(item.offerId),
		subItemID: int(item.subItemId),
		subItemIDString: item.subItemId,
		specId: item.specId,
		skuID: int(item.skuId),
		name: item.name,
		quantity: item.quantity,
		price: item.price / 100,
		itemAmount: (item.price * item.quantity) / 100,
		productImgUrl: [`https://cbu01.alicdn.com/img/ibank/${item.offerId}.jpg`],
		status: order.status,
		unit: '件',
	}));
}

/** One record of the 1688 order list (assumed: the list answer is undocumented). */
export function alibabaOrderRecord(order: AlibabaOrder) {
	return {
		orderId: int(order.orderId),
		status: order.status,
		sellerOpenId: order.sellerOpenId,
		sellerCompanyName: order.sellerCompanyName,
		totalAmount: order.totalAmount,
		shippingFee: order.shippingFee,
		productItems: alibabaProductItems(order),
		createTime: chinaDateTime(order.gmtCreate),
		modifyTime: chinaDateTime(order.gmtModified),
		gmtCreate: order.gmtCreate,
		gmtModified: order.gmtModified,
	};
}

/** The 1688 buyer-view order detail: the documented top-level keys, 1688-style contents (assumed). */
export function alibabaOrderDetail(order: AlibabaOrder) {
	return {
		baseInfo: {
			id: int(order.orderId),
			idOfStr: order.orderId,
			status: order.status,
			businessType: 'cn',
			buyerID: 'b2b-2215599894587ea1f',
			sellerID: order.sellerOpenId,
			sellerContact: { companyName: order.sellerCompanyName },
			totalAmount: order.totalAmount / 100,
			shippingFee: order.shippingFee / 100,
			sumProductPayment: (order.totalAmount - order.shippingFee) / 100,
			createTime: chinaDateTime(order.gmtCreate),
			modifyTime: chinaDateTime(order.gmtModified),
			tradeType: '50060',
			buyerFeedback: order.message,
		},
		nativeLogistics: {
			address: order.receiver.address,
			area: order.receiver.areaText,
			areaCode: '330106',
			city: order.receiver.cityText,
			contactPerson: order.receiver.fullName,
			fax: null,
			mobile: order.receiver.mobile,
			province: order.receiver.provinceText,
			telephone: order.receiver.phone,
			zip: order.receiver.postCode,
			town: order.receiver.townText,
			townCode: null,
			caid: null,
			logisticsItems: order.logisticsBillNo
				? [{ logisticsBillNo: order.logisticsBillNo, logisticsCompanyName: '圆通速递', status: 'alreadysend', subItemIds: order.items.map((item) => item.subItemId).join(',') }]
				: [],
		},
		productItems: alibabaProductItems(order),
		tradeTerms: [{ payStatus: order.status === 'waitbuyerpay' ? '1' : '2', phasAmount: order.totalAmount / 100, payWay: '13' }],
		extAttributes: [],
		orderRateInfo: { buyerRateStatus: 5, sellerRateStatus: 5 },
		orderInvoiceInfo: null,
		guaranteesTerms: { assuranceInfo: '交易保障', assuranceType: 'ssbxsfh' },
		customs: null,
		overseasExtraAddress: null,
		orderBizInfo: { odsCyd: false, creditOrder: false },
	};
}

/** `/alibaba/refund/info`: the documented audit columns plus the 1688 refund model (the rest assumed). */
export function alibabaRefundInfo(refund: AlibabaRefund) {
	return {
		id: int(refund.id),
		createBy: 'open-api',
		createById: int('1834567890123456789'),
		createTime: chinaDateTime(refund.gmtCreate),
		updateBy: 'open-api',
		updateById: int('1834567890123456789'),
		updateTime: chinaDateTime(refund.gmtModified),
		remark: null,
		refundId: refund.refundId,
		orderId: int(refund.orderId),
		orderEntryId: int(refund.orderEntryId),
		status: refund.status,
		disputeRequest: refund.disputeRequest,
		goodsStatus: refund.goodsStatus,
		alipayPaymentId: null,
		applyCarriage: refund.applyCarriage,
		applyExpect: null,
		applyPayment: refund.applyPayment,
		applyReason: refund.applyReason,
		applyReasonId: refund.applyReasonId,
		applySubReason: null,
		applySubReasonId: null,
		buyerAlipayId: null,
		buyerLogisticsName: refund.logisticsCompanyNo,
		buyerMemberId: 'b2b-2215599894587ea1f',
		buyerSendGoods: refund.freightBill !== null,
		buyerUserId: int('2215599894587'),
		freightBill: refund.freightBill,
		description: refund.description,
		vouchers: refund.vouchers,
		gmtCreate: refund.gmtCreate,
		gmtModified: refund.gmtModified,
	};
}
