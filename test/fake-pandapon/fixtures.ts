/**
 * Deterministic seed data. Every ID comes from a fixed series (base + index × step, in
 * BigInt), and every other choice from a PRNG with a fixed seed, so two fakes seeded alike
 * hold the same records. Only the times depend on `seedTime`.
 *
 * The first record of each series is the ID used in the docs' examples, so a test that
 * copies an example (order 1024285237573584051, 1688 order 2019601741959504495, refund
 * 110002685755, item 672991141190, offer 706627393257, cart ids 75/76) finds a record.
 * All 19-digit IDs and the 18-digit item IDs exceed 2^53.
 */

import { createHash } from 'crypto';

import type {
	Address,
	AlibabaAddress,
	AlibabaCartItem,
	AlibabaOrder,
	AlibabaOrderStatus,
	AlibabaProduct,
	AlibabaRefund,
	FakeState,
	TaobaoCartItem,
	TaobaoOrder,
	TaobaoProduct,
	TaobaoReceiver,
	TaobaoRefund,
} from './state';
import { TAOBAO_ORDER_STATUS, TAOBAO_REFUND_STATUS } from './state';
import type { SeedSizes } from './types';

export const DEFAULT_SEED_SIZES: Required<SeedSizes> = {
	refunds: 25,
	taobaoOrders: 25,
	alibabaOrders: 25,
	products: 25,
	taobaoProducts: 25,
	alibabaRefunds: 8,
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** One ID series: `base + index × step`, rendered as digits (with an optional prefix). */
function series(base: bigint, step: bigint, prefix = ''): (index: number) => string {
	return (index) => prefix + (base + BigInt(index) * step).toString();
}

export const ids = {
	taobaoOrderId: series(1024285237573584051n, 7_310_928_406_173n),
	taobaoPurchaseOrderId: series(3305075341149134260n, 5_209_735_118_029n),
	taobaoSubPurchaseOrderId: series(200033789041n, 9_731n),
	taobaoPurchaseOrderOuterId: series(2150046893124958862n, 1_000_000_007n),
	taobaoLineItemId: series(600126245031041190n, 3_100_000_000_017n),
	taobaoRefundId: series(110002685755n, 7_919n),
	taobaoSkuId: series(5016042822039n, 104_729n),
	alibabaOrderId: series(2019601741959504495n, 40_516_733_000_000n),
	alibabaRefundRowId: series(1795000134567890123n, 1_234_567_891n),
	alibabaRefundId: series(93371718826552458n, 3_333_331n, 'TQ'),
	alibabaOfferId: series(706627393257n, 10_007_311n),
	alibabaSkuId: series(4951323355633n, 7_777_777n),
};

/** Taobao catalogue IDs come in the three documented lengths: 12, 16 and 18 digits. */
const taobaoItemIdSeries = [
	series(672991141190n, 1_000_003n),
	series(2048175493257375n, 1_000_000_007n),
	series(600120680003951077n, 2_700_000_000_019n),
];

export function taobaoCatalogueItemId(index: number): string {
	return taobaoItemIdSeries[index % 3](Math.floor(index / 3));
}

/** 1688 sub-order ids sit just above their order id, as on 1688. */
export function alibabaSubItemId(orderId: string, position: number): string {
	return (BigInt(orderId) + BigInt(position + 1) * 1_000_000n).toString();
}

/** 32 lowercase hex, stable for the same offer and spec position. */
export function specIdFor(offerId: string, position: number): string {
	return createHash('md5').update(`spec:${offerId}:${position}`).digest('hex');
}

/** mulberry32: tiny, fast and good enough to vary fixture values reproducibly. */
export function createRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

type Random = () => number;

function pick<T>(random: Random, values: readonly T[]): T {
	return values[Math.floor(random() * values.length)];
}

function intBetween(random: Random, min: number, max: number): number {
	return min + Math.floor(random() * (max - min + 1));
}

const PRODUCT_NAMES: ReadonlyArray<readonly [string, string]> = [
	['男士休闲运动鞋', "Men's casual sneakers"],
	['女款纯棉短袖T恤', "Women's cotton short-sleeve T-shirt"],
	['不锈钢真空保温杯', 'Stainless steel vacuum flask'],
	['硅胶防摔手机壳', 'Shockproof silicone phone case'],
	['无线蓝牙耳机', 'Wireless Bluetooth earbuds'],
	['儿童益智积木玩具', "Children's educational building blocks"],
	['家用塑料收纳箱', 'Household plastic storage box'],
	['真皮男士长款钱包', "Genuine leather men's long wallet"],
	['纯棉运动背心', 'Cotton sports vest'],
	['电动车安全头盔', 'E-bike safety helmet'],
	['陶瓷马克杯', 'Ceramic mug'],
	['LED护眼台灯', 'LED eye-care desk lamp'],
];

const CATEGORIES: ReadonlyArray<readonly [number, string]> = [
	[1038378, '鞋'],
	[127380009, '女装'],
	[1036810, '杯子'],
	[1042954, '手机配件'],
	[201148501, '耳机'],
	[1037025, '玩具'],
];

/** The first seller is the docs' store-query example, so that example finds offers. */
export const SELLERS: ReadonlyArray<readonly [string, string]> = [
	['BBBwAN4GQ60zRPzBkv7BYPJRQ', '义乌市晨光日用品有限公司'],
	['BBBgGWh2O6JFI6v1aQuZVgRIA', '广州市白云区鞋业商行'],
	['BBBJ82cNui3EUaxxMi_7Go73g', '深圳市华强电子科技有限公司'],
	['BBBpR5nJ8Yt3Qm2LkXc9Wv4Zd', '杭州四季青服饰有限公司'],
];

const TAOBAO_SHOPS = ['英皇保罗旗舰店', '南极人官方旗舰店', '小米官方旗舰店', '优衣库官方旗舰店'];

const REFUND_REASONS: ReadonlyArray<readonly [number, string]> = [
	[1, '不想要了'],
	[2, '商品质量问题'],
	[3, '尺码拍错'],
	[4, '卖家发错货'],
	[5, '未按约定时间发货'],
];

export const DOCS_RECEIVER: TaobaoReceiver = {
	name: 'simon',
	mobile_phone: '15068763421',
	phone: '15068763421',
	country: '中国',
	state: '浙江省',
	city: '杭州市',
	district: '余杭区',
	address: '智溢路西部科技园',
	zip: '311121',
};

export const DOCS_ALIBABA_ADDRESS: AlibabaAddress = {
	fullName: 'zhang',
	mobile: '18600888861',
	phone: '18600888861',
	postCode: '100000',
	provinceText: '浙江省',
	cityText: '杭州市',
	areaText: '西湖区',
	townText: '转塘',
	address: '之江路 88 号',
};

const TAOBAO_REFUND_STATUS_CYCLE = [
	TAOBAO_REFUND_STATUS.APPLIED_REFUND,
	TAOBAO_REFUND_STATUS.AGREE_TO_REFUND,
	TAOBAO_REFUND_STATUS.WAITING_SELLER_RECEIPT,
	TAOBAO_REFUND_STATUS.REFUND_SUCCESSFUL,
	TAOBAO_REFUND_STATUS.SELLER_REFUSES_REFUND,
	TAOBAO_REFUND_STATUS.REFUND_CLOSED,
];

const TAOBAO_ORDER_STATUS_CYCLE = [
	TAOBAO_ORDER_STATUS.WAIT_BUYER_PAY,
	TAOBAO_ORDER_STATUS.WAIT_SELLER_SEND_GOODS,
	TAOBAO_ORDER_STATUS.WAIT_BUYER_CONFIRM_GOODS,
	TAOBAO_ORDER_STATUS.PAY_VOUCHER_UPLOADED,
	TAOBAO_ORDER_STATUS.FINANCE_PASS,
	TAOBAO_ORDER_STATUS.CANCEL,
	TAOBAO_ORDER_STATUS.ORDER_BULIDING,
];

const ALIBABA_ORDER_STATUS_CYCLE: AlibabaOrderStatus[] = [
	'waitbuyerpay',
	'waitsellersend',
	'waitbuyerreceive',
	'confirm_goods',
	'success',
	'cancel',
	'terminated',
];

function productName(index: number): readonly [string, string] {
	return PRODUCT_NAMES[index % PRODUCT_NAMES.length];
}

function yuan(fen: number): string {
	return (fen / 100).toFixed(2);
}

export function taobaoProductFixture(index: number, random: Random): TaobaoProduct {
	const [title] = productName(index);
	const [categoryId, categoryName] = CATEGORIES[index % CATEGORIES.length];
	return {
		itemId: taobaoCatalogueItemId(index),
		mpId: String(26 + index),
		title: `${title} ${index + 1}号款`,
		price: intBetween(random, 500, 30_000),
		picUrl: `https://img.alicdn.com/imgextra/i1/2200723183810/O1CN01fake${index}_!!2200723183810.jpg`,
		shopName: TAOBAO_SHOPS[index % TAOBAO_SHOPS.length],
		categoryId,
		categoryName,
		quantity: intBetween(random, 0, 5_000),
		skuIds: [0, 1].map((position) => ids.taobaoSkuId(index * 2 + position)),
	};
}

export function alibabaProductFixture(index: number, random: Random): AlibabaProduct {
	const [subject, subjectTrans] = productName(index);
	const [categoryId, categoryName] = CATEGORIES[index % CATEGORIES.length];
	const [sellerOpenId, companyName] = SELLERS[index % SELLERS.length];
	const offerId = ids.alibabaOfferId(index);
	const basePrice = intBetween(random, 150, 90_000);
	return {
		offerId,
		subject: `${subject} 厂家直销`,
		subjectTrans: `${subjectTrans}, factory direct`,
		imageUrl: `https://cbu01.alicdn.com/img/ibank/O1CN01fake${index}_!!2211085014978-0-cib.jpg`,
		price: yuan(basePrice),
		categoryId,
		categoryName,
		sellerOpenId,
		companyName,
		monthSold: intBetween(random, 0, 20_000),
		repurchaseRate: `${intBetween(random, 0, 60)}%`,
		isJxhyOffer: random() < 0.3,
		minOrderQuantity: pick(random, [1, 2, 5, 10]),
		specs: [0, 1, 2].map((position) => ({
			specId: specIdFor(offerId, position),
			skuId: ids.alibabaSkuId(index * 3 + position),
			attributes: `颜色:${['黑色', '白色', '蓝色'][position]}`,
			price: yuan(basePrice + position * 100),
			amountOnSale: intBetween(random, 0, 9_999),
		})),
	};
}

export function taobaoOrderFixture(index: number, random: Random, seedTime: number): TaobaoOrder {
	const gmtCreate = seedTime - (index + 1) * 3 * HOUR - intBetween(random, 0, 59) * MINUTE;
	const lineCount = intBetween(random, 1, 3);
	const lines = Array.from({ length: lineCount }, (_, position) => {
		const lineIndex = index * 3 + position;
		return {
			subPurchaseOrderId: ids.taobaoSubPurchaseOrderId(lineIndex),
			purchaseOrderOuterId: ids.taobaoPurchaseOrderOuterId(lineIndex),
			itemId: ids.taobaoLineItemId(lineIndex),
			skuId: ids.taobaoSkuId(1_000 + lineIndex),
			title: productName(lineIndex)[0],
			quantity: intBetween(random, 1, 5),
			price: intBetween(random, 500, 20_000),
		};
	});
	const postFee = pick(random, [0, 600, 1_000]);
	return {
		orderId: ids.taobaoOrderId(index),
		purchaseOrderId: ids.taobaoPurchaseOrderId(index),
		sellerOrderNumber: `SO${20250000 + index}`,
		orderSource: pick(random, ['lazada', 'shopee', 'tiktok']),
		orderStatus: TAOBAO_ORDER_STATUS_CYCLE[index % TAOBAO_ORDER_STATUS_CYCLE.length],
		purchaseAmount: lines.reduce((sum, line) => sum + line.price * line.quantity, 0),
		postFee,
		currency: 'CNY',
		receiver: { ...DOCS_RECEIVER },
		lines,
		warehouseName: null,
		warehouseAddress: null,
		gmtCreate,
		gmtModified: Math.min(seedTime, gmtCreate + intBetween(random, 1, 600) * MINUTE),
	};
}

/** A refund on an existing order line when there is one, so the links resolve. */
export function taobaoRefundFixture(
	index: number,
	random: Random,
	seedTime: number,
	orders: TaobaoOrder[],
): TaobaoRefund {
	const order = orders.length > 0 ? orders[index % orders.length] : undefined;
	const line = order?.lines[index % order.lines.length];
	const [reasonId, reasonDesc] = pick(random, REFUND_REASONS);
	const gmtCreate = seedTime - (index + 1) * 2 * HOUR - intBetween(random, 0, 59) * MINUTE;
	const quantity = line?.quantity ?? 1;
	const price = line?.price ?? intBetween(random, 500, 20_000);
	return {
		refundId: ids.taobaoRefundId(index),
		refundStatus: TAOBAO_REFUND_STATUS_CYCLE[index % TAOBAO_REFUND_STATUS_CYCLE.length],
		refundType: pick(random, [1, 2]),
		goodsStatus: pick(random, [1, 2]),
		refundFee: price * quantity,
		currency: 'CNY',
		reasonId,
		reasonDesc,
		refundDesc: `${reasonDesc}，申请退款`,
		salesOrderId: order?.orderId ?? ids.taobaoOrderId(10_000 + index),
		purchaseOrderId: order?.purchaseOrderId ?? ids.taobaoPurchaseOrderId(10_000 + index),
		purchaseOrderLineId: line?.subPurchaseOrderId ?? ids.taobaoSubPurchaseOrderId(30_000 + index),
		itemId: line?.itemId ?? ids.taobaoLineItemId(30_000 + index),
		itemTitle: line?.title ?? productName(index)[0],
		quantity,
		price,
		logisticsCompanyCode: null,
		mailNo: null,
		messages: [
			{ messageId: index * 10 + 1, sender: 'buyer', content: reasonDesc, images: '', createTime: gmtCreate },
		],
		gmtCreate,
		gmtModified: Math.min(seedTime, gmtCreate + intBetween(random, 1, 100) * MINUTE),
	};
}

export function alibabaOrderFixture(
	index: number,
	random: Random,
	seedTime: number,
	products: AlibabaProduct[],
): AlibabaOrder {
	const orderId = ids.alibabaOrderId(index);
	const itemCount = intBetween(random, 1, 3);
	const chosen = Array.from({ length: itemCount }, (_, position) =>
		products.length > 0 ? products[(index + position) % products.length] : alibabaProductFixture(index + position, random),
	);
	const items = chosen.map((product, position) => {
		const spec = product.specs[position % product.specs.length];
		return {
			subItemId: alibabaSubItemId(orderId, position),
			offerId: product.offerId,
			specId: spec.specId,
			skuId: spec.skuId,
			name: product.subject,
			quantity: intBetween(random, 1, 20),
			price: Math.round(Number(spec.price) * 100),
		};
	});
	const shippingFee = pick(random, [0, 500, 800]);
	const [sellerOpenId, sellerCompanyName] = SELLERS.find(([openId]) => openId === chosen[0].sellerOpenId) ?? SELLERS[0];
	const gmtCreate = seedTime - (index + 1) * 4 * HOUR - intBetween(random, 0, 59) * MINUTE;
	return {
		orderId,
		status: ALIBABA_ORDER_STATUS_CYCLE[index % ALIBABA_ORDER_STATUS_CYCLE.length],
		sellerOpenId,
		sellerCompanyName,
		items,
		shippingFee,
		totalAmount: items.reduce((sum, item) => sum + item.price * item.quantity, shippingFee),
		receiver: { ...DOCS_ALIBABA_ADDRESS },
		message: '',
		logisticsBillNo: index % 2 === 0 ? `YT${7500000000000 + index}` : null,
		gmtCreate,
		gmtModified: Math.min(seedTime, gmtCreate + intBetween(random, 1, 300) * MINUTE),
	};
}

export function alibabaRefundFixture(
	index: number,
	random: Random,
	seedTime: number,
	orders: AlibabaOrder[],
): AlibabaRefund {
	const order = orders.length > 0 ? orders[index % orders.length] : undefined;
	const item = order?.items[0];
	const [applyReasonId, applyReason] = pick(random, REFUND_REASONS);
	const gmtCreate = seedTime - (index + 1) * 5 * HOUR;
	return {
		id: ids.alibabaRefundRowId(index),
		refundId: ids.alibabaRefundId(index),
		orderId: order?.orderId ?? ids.alibabaOrderId(10_000 + index),
		orderEntryId: item?.subItemId ?? alibabaSubItemId(ids.alibabaOrderId(10_000 + index), 0),
		status: pick(random, ['waitselleragree', 'waitbuyermodify', 'waitbuyersend', 'refundsuccess', 'refundclose']),
		disputeRequest: pick(random, ['refund', 'returnRefund']),
		goodsStatus: pick(random, ['refundWaitSellerSend', 'refundWaitBuyerReceive', 'refundBuyerReceived']),
		applyPayment: item ? item.price * item.quantity : intBetween(random, 100, 10_000),
		applyCarriage: 0,
		applyReasonId,
		applyReason,
		description: applyReason,
		vouchers: [],
		logisticsCompanyNo: null,
		freightBill: null,
		gmtCreate,
		gmtModified: Math.min(seedTime, gmtCreate + intBetween(random, 1, 120) * MINUTE),
	};
}

function taobaoCartFixture(products: TaobaoProduct[]): TaobaoCartItem[] {
	// Ids 75 and 76 are the docs' create-order example.
	return products.slice(0, 3).map((product, position) => ({
		id: 75 + position,
		itemId: product.itemId,
		skuId: product.skuIds[0],
		mpId: product.mpId,
		mpSkuId: String(65 + position),
		itemTitle: product.title,
		itemPic: product.picUrl,
		price: product.price,
		promotionPrice: Math.round(product.price * 0.9),
		quantity: position + 1,
		shopId: 42 + position,
		shopName: product.shopName,
		properties: JSON.stringify([{ valueId: 28324, valueName: '黄色', propId: 1627207, propName: '颜色分类' }]),
	}));
}

function alibabaCartFixture(products: AlibabaProduct[]): AlibabaCartItem[] {
	return products.slice(0, 4).map((product, position) => {
		const spec = product.specs[0];
		const seller = SELLERS.find(([openId]) => openId === product.sellerOpenId) ?? SELLERS[0];
		return {
			id: 75 + position,
			offerId: product.offerId,
			specId: spec.specId,
			skuId: spec.skuId,
			sellerOpenId: product.sellerOpenId,
			sellerNickName: seller[1],
			itemTitle: product.subject,
			itemPic: product.imageUrl,
			price: spec.price,
			quantity: product.minOrderQuantity + position,
			amountOnSale: spec.amountOnSale,
			properties: JSON.stringify([{ name: '颜色', value: spec.attributes.split(':')[1] }]),
			enabled: position !== 3,
		};
	});
}

const ADDRESSES: Address[] = [
	{ id: 1, name: 'simon', province: '浙江省', city: '杭州市', district: '余杭区', address: '智溢路西部科技园', phone: '15068763421' },
	{ id: 2, name: 'zhang', province: '广东省', city: '广州市', district: '白云区', address: '机场路 1 号', phone: '18600888861' },
];

export function createState(sizes: SeedSizes = {}, seedTime = Date.now()): FakeState {
	const size = { ...DEFAULT_SEED_SIZES, ...sizes };
	const random = createRandom(0x9a4da9);
	const range = (count: number) => Array.from({ length: count }, (_, index) => index);

	const taobaoProducts = range(size.taobaoProducts).map((index) => taobaoProductFixture(index, random));
	const alibabaProducts = range(size.products).map((index) => alibabaProductFixture(index, random));
	const taobaoOrders = range(size.taobaoOrders).map((index) => taobaoOrderFixture(index, random, seedTime));
	const taobaoRefunds = range(size.refunds).map((index) =>
		taobaoRefundFixture(index, random, seedTime, taobaoOrders),
	);
	const alibabaOrders = range(size.alibabaOrders).map((index) =>
		alibabaOrderFixture(index, random, seedTime, alibabaProducts),
	);
	const alibabaRefunds = range(size.alibabaRefunds).map((index) =>
		alibabaRefundFixture(index, random, seedTime, alibabaOrders),
	);
	return {
		taobaoProducts,
		taobaoOrders,
		taobaoRefunds,
		taobaoCart: taobaoCartFixture(taobaoProducts),
		alibabaProducts,
		alibabaOrders,
		alibabaRefunds,
		alibabaCart: alibabaCartFixture(alibabaProducts),
		addresses: ADDRESSES.map((address) => ({ ...address })),
		sequences: {
			taobaoOrder: size.taobaoOrders,
			taobaoRefund: size.refunds,
			taobaoRefundMessage: size.refunds * 10 + 1,
			taobaoCart: 100,
			alibabaOrder: size.alibabaOrders,
			alibabaRefund: size.alibabaRefunds,
			alibabaCart: 100,
			address: ADDRESSES.length,
			freightRender: 0,
		},
	};
}
