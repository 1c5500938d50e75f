/** 1688 › After-sales (REFERENCE.md 5.8). */

import { createHash } from 'crypto';

import { NOT_FOUND_CODE } from '../codes';
import { ids } from '../fixtures';
import {
	bodyOf,
	idOf,
	invalid,
	optionalArray,
	optionalText,
	queryOf,
	requireId,
	requireInteger,
	requireText,
} from '../input';
import type { RouteDefinition } from '../router';
import { findAlibabaOrder, findAlibabaRefund, touch, type AlibabaRefund } from '../state';
import { BusinessError } from '../types';
import { alibabaRefundInfo } from '../views';
import { get, post } from './helpers';

const REFUND_REASONS = [
	{ id: 20006, name: '不想要了', needVoucher: false, noRefundCarriage: true, tip: null },
	{ id: 20007, name: '商品质量问题', needVoucher: true, noRefundCarriage: false, tip: '请上传问题商品照片' },
	{ id: 20008, name: '少件/漏发', needVoucher: true, noRefundCarriage: false, tip: null },
	{ id: 20009, name: '卖家发错货', needVoucher: true, noRefundCarriage: false, tip: null },
];

const LOGISTICS_COMPANIES = [
	{ id: 1, companyName: '顺丰速运', companyNo: 'SF', companyPhone: '95338', supportPrint: 'Y', spelling: 'shunfeng' },
	{ id: 2, companyName: '圆通速递', companyNo: 'YTO', companyPhone: '95554', supportPrint: 'Y', spelling: 'yuantong' },
	{ id: 3, companyName: '中通快递', companyNo: 'ZTO', companyPhone: '95311', supportPrint: 'Y', spelling: 'zhongtong' },
	{ id: 4, companyName: '韵达快递', companyNo: 'YUNDA', companyPhone: '95546', supportPrint: 'Y', spelling: 'yunda' },
];

export const alibabaAfterSalesRoutes: RouteDefinition[] = [
	// Answer assumed (undocumented).
	post('/alibaba/refund/info', (req, fake) => {
		// The Chinese page puts refundId in the body, the Vietnamese one in the query: accept either.
		const refundId = idOf(bodyOf(req).refundId) ?? idOf(queryOf(req).refundId);
		if (refundId === undefined) throw invalid('refundId must not be empty');
		const refund = findAlibabaRefund(fake.state, refundId);
		if (!refund) throw new BusinessError(NOT_FOUND_CODE, `refund does not exist: ${refundId}`);
		return alibabaRefundInfo(refund);
	}),

	// Answer assumed (undocumented).
	post('/alibaba/refund/reason/list', (req) => {
		const body = bodyOf(req);
		requireId(body, 'orderId');
		requireText(body, 'goodsStatus');
		optionalArray(body, 'orderEntryIds');
		return { reasons: REFUND_REASONS };
	}),

	// Answer assumed (undocumented).
	post('/alibaba/refund/voucher/upload', (req) => {
		const body = bodyOf(req);
		const image = optionalText(body, 'imageBase64') ?? optionalText(body, 'imageAddress');
		if (image === undefined) throw invalid('imageBase64 or imageAddress is required');
		const digest = createHash('md5').update(image).digest('hex');
		return { imageDomain: 'cbu01.alicdn.com', imageRelativeUrl: `img/ibank/refund/${digest}.jpg` };
	}),

	post('/alibaba/refund/detail/create', (req, fake) => {
		const body = bodyOf(req);
		const orderId = requireId(body, 'orderId');
		const order = findAlibabaOrder(fake.state, orderId);
		const entryIds = (optionalArray(body, 'orderEntryIds') ?? []).map(idOf);
		const now = Date.now();
		const refund: AlibabaRefund = {
			id: ids.alibabaRefundRowId(fake.state.sequences.alibabaRefund),
			refundId: ids.alibabaRefundId(fake.state.sequences.alibabaRefund++),
			orderId,
			orderEntryId: entryIds[0] ?? order?.items[0]?.subItemId ?? orderId,
			status: 'waitselleragree',
			disputeRequest: requireText(body, 'disputeRequest'),
			goodsStatus: requireText(body, 'goodsStatus'),
			applyPayment: requireInteger(body, 'applyPayment'),
			applyCarriage: requireInteger(body, 'applyCarriage'),
			applyReasonId: requireInteger(body, 'applyReasonId'),
			applyReason: '',
			description: requireText(body, 'description'),
			vouchers: (optionalArray(body, 'vouchers') ?? []).map(String),
			logisticsCompanyNo: null,
			freightBill: null,
			gmtCreate: now,
			gmtModified: now,
		};
		refund.applyReason = REFUND_REASONS.find((reason) => reason.id === refund.applyReasonId)?.name ?? '其他';
		fake.state.alibabaRefunds.push(refund);
		return { refundId: refund.refundId };
	}),

	// Answer assumed (undocumented).
	post('/alibaba/refund/goods/return', (req, fake) => {
		const body = bodyOf(req);
		const refundId = requireId(body, 'refundId');
		const logisticsCompanyNo = requireText(body, 'logisticsCompanyNo');
		const freightBill = requireText(body, 'freightBill');
		const refund = findAlibabaRefund(fake.state, refundId);
		if (refund) touch(refund, { logisticsCompanyNo, freightBill, status: 'waitsellerreceive' }, Date.now());
		return true;
	}),

	// Answer assumed (undocumented).
	get('/alibaba/refund/logistics/company/list', () => LOGISTICS_COMPANIES),
];
