/** Taobao › After-sales (REFERENCE.md 5.3). */

import { NOT_FOUND_CODE } from '../codes';
import { ids } from '../fixtures';
import {
	bodyOf,
	idOf,
	optionalInteger,
	optionalText,
	queryOf,
	requireId,
	requireInteger,
	requireText,
	type Params,
} from '../input';
import { readPageRequest, refundListPage } from '../paging';
import type { RouteDefinition } from '../router';
import type { FakePandaPon } from '../server';
import { findTaobaoRefund, newestFirst, TAOBAO_REFUND_STATUS, touch, type TaobaoRefund } from '../state';
import { BusinessError } from '../types';
import { DISTRIBUTOR_ID, RETURN_LOGISTICS_COMPANIES, taobaoRefundAggregate, taobaoRefundListAggregate } from '../views';
import { get, post } from './helpers';

const REFUND_REASONS = [
	{ reasonId: 1, reasonDesc: '不想要了', tips: null },
	{ reasonId: 2, reasonDesc: '商品质量问题', tips: '请上传商品问题照片' },
	{ reasonId: 3, reasonDesc: '尺码拍错', tips: null },
	{ reasonId: 4, reasonDesc: '卖家发错货', tips: '请上传收到商品的照片' },
];

function requireRefund(fake: FakePandaPon, refundId: string): TaobaoRefund {
	const refund = findTaobaoRefund(fake.state, refundId);
	if (!refund) throw new BusinessError(NOT_FOUND_CODE, `refund does not exist: ${refundId}`);
	return refund;
}

/** Filters of `/open/order/refund/queryList`; the times bound the creation time, inclusive, in ms. */
function refundFilter(body: Params): (refund: TaobaoRefund) => boolean {
	const refundId = idOf(body.refundId);
	const purchaseOrderId = idOf(body.purchaseOrderId);
	const salesOrderId = idOf(body.salesOrderId);
	const refundStatus = optionalInteger(body, 'refundStatus');
	const startTime = optionalInteger(body, 'refundStartTime');
	const endTime = optionalInteger(body, 'refundEndTime');
	return (refund) =>
		(refundId === undefined || refund.refundId === refundId) &&
		(purchaseOrderId === undefined || refund.purchaseOrderId === purchaseOrderId) &&
		(salesOrderId === undefined || refund.salesOrderId === salesOrderId) &&
		(refundStatus === undefined || refund.refundStatus === refundStatus) &&
		(startTime === undefined || refund.gmtCreate >= startTime) &&
		(endTime === undefined || refund.gmtCreate <= endTime);
}

function aggregateAnswer(refund: TaobaoRefund) {
	return { distributorId: DISTRIBUTOR_ID, currency: refund.currency, refundOrderAggregate: taobaoRefundAggregate(refund) };
}

function createRefund(fake: FakePandaPon, body: Params): TaobaoRefund {
	const subOrderId = requireId(body, 'subOrderId');
	const refundType = requireInteger(body, 'refundType');
	const goodsStatus = requireInteger(body, 'goodsStatus');
	const reasonId = requireInteger(body, 'reasonId');
	const order = fake.state.taobaoOrders.find((candidate) =>
		candidate.lines.some((line) => line.subPurchaseOrderId === subOrderId),
	);
	const line = order?.lines.find((candidate) => candidate.subPurchaseOrderId === subOrderId);
	const index = fake.state.sequences.taobaoRefund++;
	const now = Date.now();
	const reasonDesc = REFUND_REASONS.find((reason) => reason.reasonId === reasonId)?.reasonDesc ?? '其他';
	const refund: TaobaoRefund = {
		refundId: ids.taobaoRefundId(index),
		refundStatus: TAOBAO_REFUND_STATUS.APPLIED_REFUND,
		refundType,
		goodsStatus,
		refundFee: optionalInteger(body, 'refundFee') ?? (line ? line.price * line.quantity : 0),
		currency: 'CNY',
		reasonId,
		reasonDesc,
		refundDesc: optionalText(body, 'refundDesc') ?? '',
		salesOrderId: order?.orderId ?? '',
		purchaseOrderId: order?.purchaseOrderId ?? '0',
		purchaseOrderLineId: subOrderId,
		itemId: line?.itemId ?? '0',
		itemTitle: line?.title ?? '',
		quantity: line?.quantity ?? 1,
		price: line?.price ?? 0,
		logisticsCompanyCode: null,
		mailNo: null,
		messages: [],
		gmtCreate: now,
		gmtModified: now,
	};
	fake.state.taobaoRefunds.push(refund);
	return refund;
}

export const taobaoAfterSalesRoutes: RouteDefinition[] = [
	post('/open/order/refund/queryList', (req, fake) => {
		const body = bodyOf(req);
		const page = readPageRequest(body, {
			pageKey: 'pageNo',
			defaultSize: 10,
			sizeRequired: true,
			maxSize: fake.settings.maxPageSize,
		});
		const matching = fake.state.taobaoRefunds.filter(refundFilter(body));
		return refundListPage(newestFirst(matching, (refund) => refund.refundId), page, taobaoRefundListAggregate, DISTRIBUTOR_ID);
	}),

	// Answer assumed (undocumented).
	post('/open/order/refund/render', (req, fake) => {
		const body = bodyOf(req);
		const subOrderId = requireId(body, 'subOrderId');
		const refundType = requireInteger(body, 'refundType');
		const goodsStatus = requireInteger(body, 'goodsStatus');
		const line = fake.state.taobaoOrders
			.flatMap((order) => order.lines)
			.find((candidate) => candidate.subPurchaseOrderId === subOrderId);
		const maxFee = line ? line.price * line.quantity : 10_000;
		return {
			distributorId: DISTRIBUTOR_ID,
			currency: 'CNY',
			saleFlag: true,
			refundOrderTemplate: {
				refundReasons: REFUND_REASONS,
				goodsStatusList: ['1', '2'],
				refundOrder: {
					goodsStatus,
					refundDesc: null,
					refundStatus: TAOBAO_REFUND_STATUS.NOT_APPLY_FOR_REFUND,
					refundType,
					timeoutDate: null,
					feeTips: null,
					timeoutType: null,
					refundId: null,
					payOrderId: null,
					reasonId: null,
					canEditFee: true,
					sellerRefuseReasonDescribe: null,
					remainingTime: null,
					reasonDesc: null,
					sellerRefuseReason: null,
					refundFee: maxFee,
				},
				maxRefundFee: { minRefundFee: 1, feeTips: `最多可退 ${(maxFee / 100).toFixed(2)} 元`, refundFee: maxFee, canEditRefundFee: true },
			},
		};
	}),

	// Paths and field names assumed from the upstream Taobao API (REFERENCE section 8).
	get('/open/order/refund/render/logistics', (req, fake) => {
		const refundId = requireId(queryOf(req), 'refundId');
		const refund = findTaobaoRefund(fake.state, refundId);
		return {
			refundId,
			receiverAddress: '浙江省杭州市余杭区文一西路 969 号 退货仓',
			receiverName: '退货组',
			receiverPhone: '0571-88888888',
			logisticsCompanies: RETURN_LOGISTICS_COMPANIES,
			logisticsNo: refund?.mailNo ?? null,
		};
	}),

	post('/open/order/refund/submit/logistics', (req, fake) => {
		const body = bodyOf(req);
		const refundId = requireId(body, 'refundId');
		const logisticsCompanyCode = requireText(body, 'logisticsCompanyCode');
		const mailNo = requireText(body, 'logisticsNo');
		const refund = findTaobaoRefund(fake.state, refundId);
		if (refund) {
			touch(refund, { logisticsCompanyCode, mailNo, refundStatus: TAOBAO_REFUND_STATUS.WAITING_SELLER_RECEIPT }, Date.now());
		}
		return true;
	}),

	get('/open/order/refund/cancel/{refundId}', (req, fake) => {
		const refund = requireRefund(fake, req.params.refundId);
		const cancellable = refund.refundStatus !== TAOBAO_REFUND_STATUS.REFUND_SUCCESSFUL;
		if (cancellable) touch(refund, { refundStatus: TAOBAO_REFUND_STATUS.REFUND_CLOSED }, Date.now());
		return { cancelSuccess: cancellable, ...aggregateAnswer(refund) };
	}),

	// Answer assumed (undocumented).
	post('/open/order/refund/submit/message', (req, fake) => {
		const body = bodyOf(req);
		const refundId = requireId(body, 'refundId');
		const content = requireText(body, 'refundMessage');
		const messageId = fake.state.sequences.taobaoRefundMessage++;
		const refund = findTaobaoRefund(fake.state, refundId);
		if (refund) {
			refund.messages.push({ messageId, sender: 'buyer', content, images: optionalText(body, 'refundImages') ?? '', createTime: Date.now() });
			touch(refund, {}, Date.now());
		}
		return { messageId, refundId };
	}),

	// Answer assumed (undocumented).
	post('/open/order/refund/submit', (req, fake) => ({ refundId: createRefund(fake, bodyOf(req)).refundId })),

	// Answer assumed (undocumented).
	post('/open/order/refund/message/queryList', (req, fake) => {
		const refund = requireRefund(fake, requireId(bodyOf(req), 'refundId'));
		return refund.messages.map((message) => ({ refundId: refund.refundId, ...message }));
	}),

	// Answer assumed (undocumented).
	post('/open/order/refund/modify', (req, fake) => {
		const body = bodyOf(req);
		const refund = findTaobaoRefund(fake.state, requireId(body, 'refundId'));
		if (refund) {
			const patch: Partial<TaobaoRefund> = {};
			const refundType = optionalInteger(body, 'refundType');
			const goodsStatus = optionalInteger(body, 'goodsStatus');
			const reasonId = optionalInteger(body, 'reasonId');
			const refundFee = optionalInteger(body, 'refundFee');
			const refundDesc = optionalText(body, 'refundDesc');
			if (refundType !== undefined) patch.refundType = refundType;
			if (goodsStatus !== undefined) patch.goodsStatus = goodsStatus;
			if (reasonId !== undefined) patch.reasonId = reasonId;
			if (refundFee !== undefined) patch.refundFee = refundFee;
			if (refundDesc !== undefined) patch.refundDesc = refundDesc;
			touch(refund, patch, Date.now());
		}
		return true;
	}),

	// Answer assumed (undocumented).
	get('/open/order/refund/query', (req, fake) => aggregateAnswer(requireRefund(fake, requireId(queryOf(req), 'refundId')))),
];
