import { address } from './address';
import { alibabaCart } from './alibabaCart';
import { alibabaMarketing } from './alibabaMarketing';
import { alibabaOrder } from './alibabaOrder';
import { alibabaProduct } from './alibabaProduct';
import { alibabaRefund } from './alibabaRefund';
import { logistics } from './logistics';
import { taobaoCart } from './taobaoCart';
import { taobaoOrder } from './taobaoOrder';
import { taobaoProduct } from './taobaoProduct';
import { taobaoRefund } from './taobaoRefund';
import type { Endpoint, Resource } from './types';

/** Every resource of the PandaPon node, in the order the UI lists them. */
export const RESOURCES: Resource[] = [
	taobaoProduct,
	taobaoOrder,
	taobaoRefund,
	taobaoCart,
	alibabaProduct,
	alibabaOrder,
	alibabaRefund,
	alibabaCart,
	alibabaMarketing,
	address,
	logistics,
];

const ENDPOINTS = new Map<string, Endpoint>(
	RESOURCES.flatMap((resource) => resource.endpoints.map((endpoint) => [`${resource.value}.${endpoint.operation}`, endpoint])),
);

export function findEndpoint(resource: string, operation: string): Endpoint | undefined {
	return ENDPOINTS.get(`${resource}.${operation}`);
}

/** The entry for a REFERENCE.md key such as `alibabaAfterSales.listReasons`. */
export function endpointByKey(key: string): Endpoint {
	const endpoint = RESOURCES.flatMap((resource) => resource.endpoints).find((candidate) => candidate.key === key);
	if (!endpoint) throw new Error(`No endpoint entry for ${key}`);
	return endpoint;
}
