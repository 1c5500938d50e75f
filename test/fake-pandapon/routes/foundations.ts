/** Foundations (addresses) and Warehouse logistics (REFERENCE.md 5.12, 5.13). */

import {
	asObject,
	bodyOf,
	optionalArray,
	optionalInteger,
	optionalText,
	requireId,
	requireNonEmptyArray,
	requireText,
} from '../input';
import type { RouteDefinition } from '../router';
import type { Address } from '../state';
import { post } from './helpers';

const FREIGHT_SERVICES = [
	{ serviceId: '1', companyName: 'YunExpress', serviceCategory: 'STANDARD', estimatedDays: '7-12' },
	{ serviceId: '2', companyName: 'Cainiao', serviceCategory: 'ECONOMY', estimatedDays: '12-20' },
];

function freightFor(quantity: number, serviceId: string): number {
	return (serviceId === '2' ? 900 : 1_500) * Math.max(1, quantity);
}

export const foundationRoutes: RouteDefinition[] = [
	// Answer assumed (undocumented).
	post('/open/address/get', (_req, fake) => fake.state.addresses),

	{
		method: 'POST',
		path: '/open/address/addOrUpdate',
		envelope: 'codeAndMsgOnly',
		handler: (req, fake) => {
			const body = bodyOf(req);
			const fields: Omit<Address, 'id'> = {
				name: requireText(body, 'name'),
				province: requireText(body, 'province'),
				city: requireText(body, 'city'),
				district: requireText(body, 'district'),
				address: requireText(body, 'address'),
				phone: requireText(body, 'phone'),
			};
			const id = optionalInteger(body, 'id') ?? 0;
			const existing = fake.state.addresses.find((address) => address.id === id);
			if (existing) Object.assign(existing, fields);
			else fake.state.addresses.push({ id: ++fake.state.sequences.address, ...fields });
			return undefined;
		},
	},

	// Answer assumed (undocumented).
	post('/open/pp/logistics/itemLogisticsPrice', (req) => {
		const body = bodyOf(req);
		requireId(body, 'itemId');
		const quantity = optionalInteger(body, 'quantity') ?? 1;
		const currency = optionalText(body, 'currency') ?? 'CNY';
		return FREIGHT_SERVICES.map((service) => ({ ...service, currency, price: String(freightFor(quantity, service.serviceId) / 100) }));
	}),

	// Answer assumed (undocumented).
	post('/open/pp/logistics/orderRenderFreight', (req, fake) => {
		const items = requireNonEmptyArray(bodyOf(req), 'renderItems').map(asObject);
		const renderIndex = ++fake.state.sequences.freightRender;
		const lines = items.map((item) => {
			const serviceId = String(asObject(item.freightInfo).serviceId ?? '1');
			return { itemId: item.itemId, skuId: item.skuId, quantity: item.quantity, serviceId, freight: freightFor(Number(item.quantity) || 1, serviceId) };
		});
		return {
			renderId: `FF20240802${String(renderIndex).padStart(5, '0')}`,
			currency: 'CNY',
			totalFreight: lines.reduce((sum, line) => sum + line.freight, 0),
			items: lines,
		};
	}),

	// Answer assumed (undocumented).
	post('/open/pp/logistics/updateLogisticInfo', (req) => {
		optionalArray(bodyOf(req), 'logisticInfos');
		return true;
	}),

	// Answer assumed (undocumented).
	post('/open/pp/logistics/orderBookingFreight', (req) => {
		const body = bodyOf(req);
		const renderId = optionalText(body, 'renderId') ?? null;
		return {
			logisticsOrderId: `LP${Date.now()}`,
			renderId,
			tmallOrderId: optionalText(asObject(body.tmallOrderInfo), 'tmallOrderId') ?? null,
			status: 'CREATED',
		};
	}),
];
