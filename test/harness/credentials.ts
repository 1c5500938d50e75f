import { Credentials } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	UnexpectedError,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeProperties,
	type IRequestOptionsSimplified,
} from 'n8n-workflow';

import { PandaPonApi } from '../../credentials/PandaPonApi.credentials';

/** What a test hands the harness for the `pandaPonApi` credential. */
export interface HarnessCredentials {
	accessKey: string;
	accessSecret: string;
	userId: string;
	baseUrl: string;
	timestampUnit?: 'milliseconds' | 'seconds';
}

export const PANDAPON_CREDENTIAL_TYPE = 'pandaPonApi';

const extraCredentialTypes = new Map<string, ICredentialType>();

/** Makes another credential type known to every harness run (e.g. a trigger's own credential). */
export function registerCredentialType(type: ICredentialType): void {
	extraCredentialTypes.set(type.name, type);
}

/** Every credential type the harness knows, by name. */
export function defaultCredentialTypes(): Map<string, ICredentialType> {
	const pandaPon = new PandaPonApi();
	return new Map<string, ICredentialType>([[pandaPon.name, pandaPon], ...extraCredentialTypes]);
}

/**
 * Stands in for n8n's CredentialsHelper (packages/cli/src/credentials-helper.ts), which
 * needs n8n's database. Data is kept encrypted with n8n-core's own `Credentials` class and
 * the instance's encryption key, decrypted on every `getDecrypted`, and given the
 * credential type's defaults, as n8n does. `authenticate` hands over to the credential
 * type's `authenticate` function exactly as n8n does.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly stored = new Map<string, Credentials>();

	constructor(private readonly credentialTypes: Map<string, ICredentialType> = defaultCredentialTypes()) {
		super();
	}

	/** Saves credential data (encrypted) and returns the reference a node stores. */
	async store(type: string, data: ICredentialDataDecryptedObject): Promise<INodeCredentialsDetails> {
		this.getType(type);
		const details = { id: `harness-${type}-${this.stored.size + 1}`, name: `${type} (harness)` };
		const credentials = new Credentials(details, type);
		await credentials.setData(data);
		this.stored.set(details.id, credentials);
		return details;
	}

	getParentTypes(name: string): string[] {
		const parents = this.credentialTypes.get(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.credentialTypes.get(credentialType);
		if (!type?.restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).some((name) => nodeType === name || nodeType.endsWith(`.${name}`));
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.getType(typeName);
		if (authenticate === undefined) return requestOptions as IHttpRequestOptions;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		throw new UnexpectedError(`The harness supports only function-style authenticate (${typeName})`);
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.getType(typeName);
		const expirable = type.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable === undefined || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		return output[expirable.name] === undefined ? undefined : Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.getType(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<Credentials> {
		const credentials = nodeCredentials.id === null ? undefined : this.stored.get(nodeCredentials.id);
		if (credentials === undefined || credentials.type !== type) {
			throw new UnexpectedError(`Harness has no credential "${String(nodeCredentials.id)}" of type ${type}`);
		}
		return credentials;
	}

	async getDecrypted(
		_additionalData: unknown,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		_mode?: unknown,
		_executeData?: unknown,
		raw?: boolean,
	): Promise<ICredentialDataDecryptedObject> {
		const data = await (await this.getCredentials(nodeCredentials, type)).getData();
		return raw === true ? data : this.applyDefaults(type, data);
	}

	/** As n8n's `applyDefaultsAndOverwrites`, minus overwrites and expression resolution. */
	applyDefaults(type: string, data: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			data as never,
			true,
			false,
			null,
			null,
		);
		return (withDefaults ?? {}) as unknown as ICredentialDataDecryptedObject;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		await (await this.getCredentials(nodeCredentials, type)).setData(data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		await (await this.getCredentials(nodeCredentials, type)).updateData({ oauthTokenData: data.oauthTokenData });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.getType(type);
		const inherited = (credentialType.extends ?? []).flatMap((parent) => this.getCredentialsProperties(parent));
		const merged = [...inherited];
		NodeHelpers.mergeNodeProperties(merged, credentialType.properties);
		return merged;
	}

	getType(name: string): ICredentialType {
		const type = this.credentialTypes.get(name);
		if (type === undefined) throw new UnexpectedError(`Unknown credential type "${name}"`);
		return type;
	}
}
