/** 1688 › Order (REFERENCE.md 5.7). */

import { JsonInteger } from '../../../nodes/shared/losslessJson';
import { INVALID_PARAMETER_CODE, NOT_FOUND_CODE } from '../codes';
import { alibabaSubItemId, DOCS_ALIBABA_ADDRESS, ids, SELLERS } from '../fixtures';
import {
	asObject,
	bodyOf,
	idOf,
	invalid,
	optionalArray,
	optionalText,
	queryOf,
	requireId,
	requireNonEmptyArray,
	requireText,
	type Params,
} from '../input';
import { readPageRequest, recordsPage } from '../paging';
import type { RouteDefinition } from '../router';
import type { FakePandaPon } from '../server';
import {
	findAlibabaOrder,
	findAlibabaProduct,
	newestFirst,
	touch,
	type AlibabaAddress,
	type AlibabaOrder,
	type FakeState,
} from '../state';
import { BusinessError } from '../types';
import { alibabaOrderDetail, alibabaOrderRecord, chinaDateTime } from '../views';
import { get, post } from './helpers';

interface Cargo {
	offerId: string;
	specId: string;
	quantity: number;
	sellerOpenId: string;
	name: string;
	/** Fen per unit. */
	unitPrice: number;
}

/** `cargoParamList[]`: offerId is an int64 JSON number, specId 32 hex, quantity > 0. */
export function readCargo(state: FakeState, body: Params): Cargo[] {
	return requireNonEmptyArray(body, 'cargoParamList').map((entry) => {
		const cargo = asObject(entry);
		const offerId = requireId(cargo, 'offerId');
		const specId = requireText(cargo, 'specId');
		const quantity = Number(cargo.quantity);
		if (!(quantity > 0)) throw invalid('cargoParamList quantity must be greater than 0');
		const product = findAlibabaProduct(state, offerId);
		const spec = product?.specs.find((candidate) => candidate.specId === specId);
		return {
			offerId,
			specId,
			quantity,
			sellerOpenId: product?.sellerOpenId ?? optionalText(cargo, 'sellerOpenId') ?? SELLERS[0][0],
			name: product?.subject ?? `商品 ${offerId}`,
			unitPrice: Math.round(Number(spec?.price ?? product?.price ?? '10.00') * 100),
		};
	});
}

function groupBySeller(cargo: Cargo[]): Cargo[][] {
	const groups = new Map<string, Cargo[]>();
	for (const entry of cargo) groups.set(entry.sellerOpenId, [...(groups.get(entry.sellerOpenId) ?? []), entry]);
	return [...groups.values()];
}

function readAddress(body: Params, required: boolean): AlibabaAddress {
	const address = body.addressParam;
	if (address === undefined && required) throw invalid('addressParam must not be null');
	return { ...DOCS_ALIBABA_ADDRESS, ...(asObject(address) as Partial<AlibabaAddress>) };
}

/** One preview entry per seller, in the underlying 1688 preview's 14 fields (amounts in fen). */
function previewFor(sellerCargo: Cargo[]) {
	const sumPaymentNoCarriage = sellerCargo.reduce((sum, cargo) => sum + cargo.unitPrice * cargo.quantity, 0);
	const sumCarriage = 800;
	return {
		discountFee: 0,
		tradeModeNameList: ['assureTrade'],
		status: true,
		taoSampleSinglePromotion: false,
		sumPayment: sumPaymentNoCarriage + sumCarriage,
		message: null,
		sumCarriage,
		resultCode: null,
		sumPaymentNoCarriage,
		additionalFee: 0,
		flowFlag: 'general',
		cargoList: sellerCargo.map((cargo) => ({
			amount: (cargo.unitPrice * cargo.quantity) / 100,
			message: null,
			finalUnitPrice: cargo.unitPrice / 100,
			specId: cargo.specId,
			skuId: null,
			resultCode: null,
			offerId: new JsonInteger(cargo.offerId),
			cargoPromotionList: [],
		})),
		shopPromotionList: [],
		tradeModelList: [{ tradeWay: 'assureTrade', name: '担保交易', tradeType: 'fxassure', description: '担保交易', opSupport: true }],
	};
}

function previewAnswer(state: FakeState, body: Params) {
	return {
		orderPreviewResuslt: groupBySeller(readCargo(state, body)).map(previewFor),
		success: true,
		errorCode: null,
		errorMsg: null,
		postFeeByDescOfferList: [],
		consignOfferList: [],
		unsupportedCrossBorderPayOfferList: [],
	};
}

export function createAlibabaOrder(
	state: FakeState,
	sellerCargo: Cargo[],
	receiver: AlibabaAddress,
	message: string,
	nowMs: number,
): AlibabaOrder {
	const orderId = ids.alibabaOrderId(state.sequences.alibabaOrder++);
	const shippingFee = 800;
	const items = sellerCargo.map((cargo, position) => ({
		subItemId: alibabaSubItemId(orderId, position),
		offerId: cargo.offerId,
		specId: cargo.specId,
		skuId: ids.alibabaSkuId(9_000 + position),
		name: cargo.name,
		quantity: cargo.quantity,
		price: cargo.unitPrice,
	}));
	const sellerOpenId = sellerCargo[0].sellerOpenId;
	const order: AlibabaOrder = {
		orderId,
		status: 'waitbuyerpay',
		sellerOpenId,
		sellerCompanyName: SELLERS.find(([openId]) => openId === sellerOpenId)?.[1] ?? '1688 商家',
		items,
		shippingFee,
		totalAmount: items.reduce((sum, item) => sum + item.price * item.quantity, shippingFee),
		receiver,
		message,
		logisticsBillNo: null,
		gmtCreate: nowMs,
		gmtModified: nowMs,
	};
	state.alibabaOrders.push(order);
	return order;
}

function requireOrder(fake: FakePandaPon, orderId: string): AlibabaOrder {
	const order = findAlibabaOrder(fake.state, orderId);
	if (!order) throw new BusinessError(NOT_FOUND_CODE, `order does not exist: ${orderId}`);
	return order;
}

function requireWebSite(body: Params): void {
	if (requireText(body, 'webSite') !== '1688') throw invalid('webSite must be "1688"');
}

export const alibabaOrderRoutes: RouteDefinition[] = [
	// Answer assumed (undocumented).
	post('/alibaba/order/batch/submit/to/pay', (req, fake) => {
		const orderIds = requireNonEmptyArray(bodyOf(req), 'orderIds').map((value) => {
			const orderId = idOf(value);
			if (orderId === undefined) throw invalid('orderIds must hold order ids');
			return orderId;
		});
		const paid: JsonInteger[] = [];
		const cantPay: JsonInteger[] = [];
		for (const orderId of orderIds) {
			const order = findAlibabaOrder(fake.state, orderId);
			if (order && order.status !== 'waitbuyerpay') {
				cantPay.push(new JsonInteger(orderId));
				continue;
			}
			if (order) touch(order, { status: 'waitsellersend' }, Date.now());
			paid.push(new JsonInteger(orderId));
		}
		return { protocolPaySuccess: cantPay.length === 0, successOrderList: paid, cantPayOrderList: cantPay };
	}),

	// Answer assumed (undocumented).
	post('/alibaba/order/create/previewbatch', (req, fake) => {
		const body = bodyOf(req);
		readAddress(body, false);
		return previewAnswer(fake.state, body);
	}),

	post('/alibaba/order/batch/create', (req, fake) => {
		const body = bodyOf(req);
		const receiver = readAddress(body, false);
		const message = optionalText(body, 'message') ?? '';
		return groupBySeller(readCargo(fake.state, body)).map((sellerCargo) =>
			alibabaOrderDetail(createAlibabaOrder(fake.state, sellerCargo, receiver, message, Date.now())),
		);
	}),

	// Answer assumed (undocumented).
	get('/alibaba/order/logistics/trace', (req, fake) => {
		const order = requireOrder(fake, requireId(queryOf(req), 'orderId'));
		if (!order.logisticsBillNo) return [];
		return [
			{
				logisticsId: `BX${order.orderId.slice(-10)}`,
				logisticsBillNo: order.logisticsBillNo,
				orderId: new JsonInteger(order.orderId),
				logisticsSteps: [
					{ acceptTime: chinaDateTime(order.gmtModified), remark: '卖家已发货' },
					{ acceptTime: chinaDateTime(order.gmtModified + 6 * 3_600_000), remark: '快件已到达金华转运中心' },
				],
			},
		];
	}),

	// Answer assumed (undocumented).
	post('/alibaba/order/page', (req, fake) => {
		const body = bodyOf(req);
		const page = readPageRequest(body, { pageKey: 'pageNo', defaultSize: 10, maxSize: fake.settings.maxPageSize });
		const status = optionalText(body, 'status');
		const matching = fake.state.alibabaOrders.filter((order) => status === undefined || order.status === status);
		return recordsPage(newestFirst(matching, (order) => order.orderId), page, alibabaOrderRecord);
	}),

	post('/alibaba/order/create/preview', (req, fake) => {
		const body = bodyOf(req);
		readAddress(body, false);
		return previewAnswer(fake.state, body);
	}),

	// Answer assumed (undocumented).
	post('/alibaba/order/create', (req, fake) => {
		const body = bodyOf(req);
		requireText(body, 'flow');
		const receiver = readAddress(body, true);
		const cargo = readCargo(fake.state, body);
		if (groupBySeller(cargo).length > 1) {
			throw new BusinessError(INVALID_PARAMETER_CODE, 'invalid parameter: all cargo must come from one seller; use batch create');
		}
		const order = createAlibabaOrder(fake.state, cargo, receiver, optionalText(body, 'message') ?? '', Date.now());
		return {
			orderId: new JsonInteger(order.orderId),
			totalSuccessAmount: order.totalAmount,
			postFee: order.shippingFee,
			success: true,
		};
	}),

	post('/alibaba/order/cancel', (req, fake) => {
		const body = bodyOf(req);
		requireWebSite(body);
		const orderId = requireId(body, 'orderId');
		requireText(body, 'cancelReason');
		const order = findAlibabaOrder(fake.state, orderId);
		if (order && order.status !== 'waitbuyerpay') {
			throw new BusinessError(INVALID_PARAMETER_CODE, `invalid parameter: order ${orderId} is ${order.status} and can no longer be cancelled`);
		}
		if (order) touch(order, { status: 'cancel' }, Date.now());
		return true;
	}),

	get('/alibaba/order/pay/url', (req, fake) => {
		const orderId = requireId(queryOf(req), 'orderId');
		const order = findAlibabaOrder(fake.state, orderId);
		const payable = !order || order.status === 'waitbuyerpay';
		return {
			orderId: new JsonInteger(orderId),
			protocolPaySuccess: false,
			payUrl: payable ? `https://trade.1688.com/order/cashier.htm?orderId=${orderId}` : null,
			cantPayOrderList: payable ? [] : [new JsonInteger(orderId)],
		};
	}),

	post('/alibaba/order/receivegoods', (req, fake) => {
		const body = bodyOf(req);
		const orderId = requireId(body, 'orderId');
		optionalArray(body, 'orderEntryIds');
		const order = findAlibabaOrder(fake.state, orderId);
		if (order) touch(order, { status: 'confirm_goods' }, Date.now());
		return { success: true, errorInfo: null, errorCode: null };
	}),

	post('/alibaba/order/detail', (req, fake) => {
		const body = bodyOf(req);
		requireWebSite(body);
		return alibabaOrderDetail(requireOrder(fake, requireId(body, 'orderId')));
	}),
];
