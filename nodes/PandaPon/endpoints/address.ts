import { addressParts, textField } from '../fields/address';
import type { Resource } from './types';

/** Your saved delivery addresses at PandaPon. */
export const address: Resource = {
	value: 'address',
	name: 'Address',
	description: 'Saved delivery addresses of your PandaPon account',
	endpoints: [
		{
			key: 'address.get',
			operation: 'getAll',
			name: 'Get Many',
			action: 'Get the saved addresses',
			description: 'List the delivery addresses saved in your PandaPon account, one item per address.',
			method: 'POST',
			path: '/open/address/get',
			confidence: 'inferred',
			changesData: false,
			fields: [],
		},
		{
			key: 'address.addOrUpdate',
			operation: 'upsert',
			name: 'Create or Update',
			action: 'Create or update a saved address',
			description:
				'Save a new delivery address, or overwrite a saved one when Address to Update is set. Returns only a success flag.',
			method: 'POST',
			path: '/open/address/addOrUpdate',
			confidence: 'documented-v1',
			changesData: true,
			fields: [
				{ ...addressParts.name, required: true },
				{ ...textField('province', 'Province', 'Province or state', 'e.g. 浙江省'), required: true },
				{ ...addressParts.city, required: true },
				{ ...addressParts.district, required: true },
				{ ...addressParts.street, required: true },
				{ ...addressParts.phone, required: true, description: 'Mobile number of the recipient' },
				{
					name: 'id',
					displayName: 'Address to Update',
					kind: 'options',
					itemKind: 'int64',
					loadOptionsMethod: 'getSavedAddresses',
					description:
						'The saved address to overwrite; leave empty to add a new address. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
			],
		},
	],
};
