import type { Field } from '../endpoints/types';
import { addressParts, textField } from './address';

/** The overseas recipient of warehouse-logistics requests (country as an ISO code, camelCase mobile). */
export const receiverAddressField: Field = {
	name: 'receiverAddress',
	displayName: 'Receiver Address',
	kind: 'group',
	description: 'The final recipient abroad',
	fields: [
		addressParts.name,
		textField('email', 'Email', undefined, 'e.g. name@email.com'),
		addressParts.phone,
		textField('mobilePhone', 'Mobile Phone'),
		textField('country', 'Country Code', 'Two-letter ISO country code', 'e.g. US'),
		textField('state', 'State', 'State or province', 'e.g. California'),
		{ ...addressParts.city, placeholder: 'e.g. Los Angeles' },
		{ ...addressParts.street, placeholder: 'e.g. 5818 Whitsett Ave 401' },
		{ ...addressParts.zip, placeholder: 'e.g. 91607' },
		textField('taxId', 'Tax ID', 'Tax number of the recipient, where customs need one'),
	],
};

/** The parts of a shipped product every freight request names. */
export const freightItem = {
	itemId: {
		name: 'itemId',
		displayName: 'Item ID',
		kind: 'id',
		placeholder: 'e.g. 2048020617114736',
		description: 'ID of the product',
	},
	skuId: { name: 'skuId', displayName: 'SKU ID', kind: 'id', placeholder: 'e.g. 413185732720', description: 'ID of the variant' },
	quantity: { name: 'quantity', displayName: 'Quantity', kind: 'integer', default: 1 },
	currency: { name: 'currency', displayName: 'Currency', kind: 'string', placeholder: 'e.g. CNY' },
	price: {
		name: 'price',
		displayName: 'Unit Price',
		kind: 'string',
		placeholder: 'e.g. 12.30',
		description: 'Price of one unit, as text passed through unchanged (unit undocumented)',
	},
} satisfies Record<string, Field>;

/** The chosen freight service of an item, nested as `freightInfo` on the wire. */
export const FREIGHT_INFO_FIELDS: Field[] = [
	{
		name: 'serviceId',
		displayName: 'Freight Service ID',
		kind: 'id',
		wire: 'freightInfo.serviceId',
		placeholder: 'e.g. 1',
		description: 'ID of the international shipping service to use',
	},
	{ name: 'companyName', displayName: 'Carrier Name', kind: 'string', wire: 'freightInfo.companyName' },
	{ name: 'serviceCategory', displayName: 'Service Category', kind: 'string', wire: 'freightInfo.serviceCategory' },
];

/** Marks fields as required (for the lists whose entries need them). */
export function requiredFields(fields: Field[]): Field[] {
	return fields.map((field) => ({ ...field, required: true }));
}
