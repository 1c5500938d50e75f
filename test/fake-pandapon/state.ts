/**
 * The fake's mutable data. IDs are kept as strings of digits here (tests compare and look
 * them up as strings); views.ts decides which ones go over the wire as raw JSON integers.
 * Times are epoch milliseconds. Money is an integer in fen unless a field says otherwise.
 */

/** Taobao sub-order refund status (`RefundStatusEnum`, white-label copy; REFERENCE.md section 6). */
export const TAOBAO_REFUND_STATUS = {
	NOT_APPLY_FOR_REFUND: 0,
	APPLIED_REFUND: 10,
	AGREE_TO_REFUND: 20,
	WAITING_SELLER_RECEIPT: 30,
	REFUND_SUCCESSFUL: 100,
	SELLER_REFUSES_REFUND: -10,
	REFUND_CLOSED: -20,
} as const;

/** Taobao order status (`TaoBaoOrderStatusEnum`, white-label copy; REFERENCE.md section 6). */
export const TAOBAO_ORDER_STATUS = {
	WAIT_BUYER_PAY: 0,
	PAY_VOUCHER_UPLOADED: 1,
	FINANCE_PASS: 2,
	FINANCE_REFUSE: 3,
	CANCEL: 4,
	WAIT_FINANCE_PAY: 5,
	OTHER: 9,
	WAIT_SELLER_SEND_GOODS: 10,
	WAIT_BUYER_CONFIRM_GOODS: 11,
	ORDER_BULIDING: 12,
} as const;

/** 1688 order status values (REFERENCE.md section 6). */
export type AlibabaOrderStatus =
	| 'waitbuyerpay'
	| 'waitsellersend'
	| 'waitbuyerreceive'
	| 'confirm_goods'
	| 'success'
	| 'cancel'
	| 'terminated';

export interface TaobaoProduct {
	itemId: string;
	mpId: string;
	title: string;
	price: number;
	picUrl: string;
	shopName: string;
	categoryId: number;
	categoryName: string;
	quantity: number;
	skuIds: string[];
}

export interface TaobaoReceiver {
	name: string;
	mobile_phone: string;
	phone: string;
	country: string;
	state: string;
	city: string;
	district: string;
	address: string;
	zip: string;
}

export interface TaobaoOrderLine {
	subPurchaseOrderId: string;
	purchaseOrderOuterId: string;
	itemId: string;
	skuId: string;
	title: string;
	quantity: number;
	price: number;
}

export interface TaobaoOrder {
	orderId: string;
	purchaseOrderId: string;
	sellerOrderNumber: string;
	orderSource: string;
	orderStatus: number;
	purchaseAmount: number;
	postFee: number;
	currency: string;
	receiver: TaobaoReceiver;
	lines: TaobaoOrderLine[];
	warehouseName: string | null;
	warehouseAddress: string | null;
	gmtCreate: number;
	gmtModified: number;
}

export interface TaobaoRefundMessage {
	messageId: number;
	sender: 'buyer' | 'seller' | 'platform';
	content: string;
	images: string;
	createTime: number;
}

export interface TaobaoRefund {
	refundId: string;
	refundStatus: number;
	refundType: number;
	goodsStatus: number;
	refundFee: number;
	currency: string;
	reasonId: number;
	reasonDesc: string;
	refundDesc: string;
	salesOrderId: string;
	purchaseOrderId: string;
	purchaseOrderLineId: string;
	itemId: string;
	itemTitle: string;
	quantity: number;
	price: number;
	logisticsCompanyCode: string | null;
	mailNo: string | null;
	messages: TaobaoRefundMessage[];
	gmtCreate: number;
	gmtModified: number;
}

export interface TaobaoCartItem {
	id: number;
	itemId: string;
	skuId: string;
	mpId: string;
	mpSkuId: string;
	itemTitle: string;
	itemPic: string;
	price: number;
	promotionPrice: number;
	quantity: number;
	shopId: number;
	shopName: string;
	properties: string;
}

export interface AlibabaSpec {
	specId: string;
	skuId: string;
	attributes: string;
	/** Decimal yuan, as 1688 prices appear in the goods endpoints. */
	price: string;
	amountOnSale: number;
}

export interface AlibabaProduct {
	offerId: string;
	subject: string;
	subjectTrans: string;
	imageUrl: string;
	/** Decimal yuan. */
	price: string;
	categoryId: number;
	categoryName: string;
	sellerOpenId: string;
	companyName: string;
	monthSold: number;
	repurchaseRate: string;
	isJxhyOffer: boolean;
	minOrderQuantity: number;
	specs: AlibabaSpec[];
}

export interface AlibabaAddress {
	fullName: string;
	mobile: string;
	phone: string;
	postCode: string;
	provinceText: string;
	cityText: string;
	areaText: string;
	townText: string;
	address: string;
}

export interface AlibabaOrderItem {
	subItemId: string;
	offerId: string;
	specId: string;
	skuId: string;
	name: string;
	quantity: number;
	/** Fen per unit. */
	price: number;
}

export interface AlibabaOrder {
	orderId: string;
	status: AlibabaOrderStatus;
	sellerOpenId: string;
	sellerCompanyName: string;
	items: AlibabaOrderItem[];
	shippingFee: number;
	totalAmount: number;
	receiver: AlibabaAddress;
	message: string;
	logisticsBillNo: string | null;
	gmtCreate: number;
	gmtModified: number;
}

export interface AlibabaRefund {
	id: string;
	refundId: string;
	orderId: string;
	orderEntryId: string;
	status: string;
	disputeRequest: string;
	goodsStatus: string;
	applyPayment: number;
	applyCarriage: number;
	applyReasonId: number;
	applyReason: string;
	description: string;
	vouchers: string[];
	logisticsCompanyNo: string | null;
	freightBill: string | null;
	gmtCreate: number;
	gmtModified: number;
}

export interface AlibabaCartItem {
	id: number;
	offerId: string;
	specId: string;
	skuId: string;
	sellerOpenId: string;
	sellerNickName: string;
	itemTitle: string;
	itemPic: string;
	/** Decimal yuan. */
	price: string;
	quantity: number;
	amountOnSale: number;
	properties: string;
	enabled: boolean;
}

export interface Address {
	id: number;
	name: string;
	province: string;
	city: string;
	district: string;
	address: string;
	phone: string;
}

/** Counters for records created through the API, so new IDs continue the seeded series. */
export interface Sequences {
	taobaoOrder: number;
	taobaoRefund: number;
	taobaoRefundMessage: number;
	taobaoCart: number;
	alibabaOrder: number;
	alibabaRefund: number;
	alibabaCart: number;
	address: number;
	freightRender: number;
}

export interface FakeState {
	taobaoProducts: TaobaoProduct[];
	taobaoOrders: TaobaoOrder[];
	taobaoRefunds: TaobaoRefund[];
	taobaoCart: TaobaoCartItem[];
	alibabaProducts: AlibabaProduct[];
	alibabaOrders: AlibabaOrder[];
	alibabaRefunds: AlibabaRefund[];
	alibabaCart: AlibabaCartItem[];
	addresses: Address[];
	sequences: Sequences;
}

export function findTaobaoOrder(state: FakeState, orderId: string): TaobaoOrder | undefined {
	return state.taobaoOrders.find((order) => order.orderId === orderId);
}

export function findTaobaoRefund(state: FakeState, refundId: string): TaobaoRefund | undefined {
	return state.taobaoRefunds.find((refund) => refund.refundId === refundId);
}

export function findAlibabaOrder(state: FakeState, orderId: string): AlibabaOrder | undefined {
	return state.alibabaOrders.find((order) => order.orderId === orderId);
}

export function findAlibabaRefund(state: FakeState, refundId: string): AlibabaRefund | undefined {
	return state.alibabaRefunds.find((refund) => refund.refundId === refundId);
}

export function findAlibabaProduct(state: FakeState, offerId: string): AlibabaProduct | undefined {
	return state.alibabaProducts.find((product) => product.offerId === offerId);
}

export function findTaobaoProduct(state: FakeState, itemId: string): TaobaoProduct | undefined {
	return state.taobaoProducts.find((product) => product.itemId === itemId);
}

/** Applies a patch and stamps `gmtModified`, as the server would on any change. */
export function touch<T extends { gmtModified: number }>(record: T, patch: Partial<T>, nowMs: number): T {
	Object.assign(record, patch);
	record.gmtModified = Math.max(nowMs, record.gmtModified + 1);
	return record;
}

/** Newest first; ties broken by id so that paging is stable. */
export function newestFirst<T extends { gmtCreate: number }>(records: T[], idOf: (record: T) => string): T[] {
	return [...records].sort((a, b) => b.gmtCreate - a.gmtCreate || compareDigits(idOf(b), idOf(a)));
}

/** Orders digit strings numerically without going through a JS number. */
export function compareDigits(a: string, b: string): number {
	return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
