import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { signRequestOptions, type PandaPonSigningCredentials } from '../nodes/shared/signing';

export const DEFAULT_BASE_URL = 'https://api.pandapon.com';

/**
 * A cheap, documented read used to prove that the keys sign correctly. The nodes run it
 * through `methods.credentialTest` (testedBy), because only code can read PandaPon's
 * business `code`: a bad signature still comes back as HTTP 200.
 */
export const CREDENTIAL_TEST_REQUEST = {
	method: 'POST' as const,
	path: '/alibaba/product/keywords/query',
	body: { keyword: 'phone case', beginPage: 1, pageSize: 1, country: 'en' },
};

export class PandaPonApi implements ICredentialType {
	name = 'pandaPonApi';

	displayName = 'PandaPon API';

	icon: Icon = { light: 'file:../nodes/PandaPon/pandapon.svg', dark: 'file:../nodes/PandaPon/pandapon.dark.svg' };

	documentationUrl = 'https://doc-en.pandapon.com/doc-6055770';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Key',
			name: 'accessKey',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 7f3c2a…',
			description: 'Your developer Access Key, from the PandaPon console under AccessKey management',
		},
		{
			displayName: 'Access Secret',
			name: 'accessSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The Access Secret paired with the key (console → AccessKey management → View). It signs every request and verifies callbacks. Resetting it in the console invalidates the old one at once.',
		},
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 2100007341207',
			description: 'The user ID sent in the user-id header (PandaPon uses it for sub-account permissions)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description: 'PandaPon API address. Change it only to reach a proxy or a test server.',
		},
		{
			displayName: 'Timestamp Unit',
			name: 'timestampUnit',
			type: 'options',
			default: 'milliseconds',
			options: [
				{ name: 'Milliseconds', value: 'milliseconds' },
				{ name: 'Seconds', value: 'seconds' },
			],
			description:
				"Unit of the signed timestamp header. PandaPon's docs show milliseconds; some clients send seconds. If requests fail with a timestamp error although your clock is right, switch this.",
		},
	];

	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> =>
		signRequestOptions(credentials as unknown as PandaPonSigningCredentials & { baseUrl?: string }, requestOptions);
}
