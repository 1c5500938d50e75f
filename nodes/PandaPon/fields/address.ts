import type { Field } from '../endpoints/types';

/** A free-text field; the building block of the address forms below. */
export function textField(name: string, displayName: string, description?: string, placeholder?: string): Field {
	return { name, displayName, kind: 'string', description, placeholder };
}

/**
 * Address parts PandaPon names alike wherever an address is sent (Taobao receivers, the
 * cart order address, saved addresses, warehouse-logistics recipients).
 */
export const addressParts = {
	name: textField('name', 'Recipient Name', 'Full name of the person receiving the goods', 'e.g. 张三'),
	phone: textField('phone', 'Phone', 'Phone number of the recipient', 'e.g. 13800138000'),
	city: textField('city', 'City', undefined, 'e.g. 杭州市'),
	district: textField('district', 'District', 'District or county', 'e.g. 余杭区'),
	street: textField('address', 'Street Address', 'Street, building and room', 'e.g. 智溢路西部科技园 3号楼'),
	zip: textField('zip', 'Postcode', undefined, 'e.g. 311121'),
};
