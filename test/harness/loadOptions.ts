import { LoadOptionsContext } from 'n8n-core';
import {
	NodeHelpers,
	UnexpectedError,
	type ILoadOptionsFunctions,
	type INodeListSearchResult,
	type INodeParameters,
	type INodePropertyOptions,
	type INodeType,
	type IVersionedNodeType,
} from 'n8n-workflow';

import type { HarnessCredentials } from './credentials';
import { HarnessNodeTypes, buildAdditionalData, buildNode, buildWorkflow, prepareCredentials } from './workflow';

export interface LoadOptionsOptions {
	/** The node's current parameters, as the editor sends them. */
	parameters: INodeParameters;
	credentials?: HarnessCredentials;
	typeVersion?: number;
	/** Path of the parameter being loaded, e.g. `parameters.country`; default `parameters.<method>`. */
	path?: string;
}

/**
 * Builds the LoadOptionsContext the way n8n's DynamicNodeParametersService does for the
 * editor: a temporary workflow holding only this node, in 'internal' mode, with the current
 * parameters exposed through `additionalData.currentNodeParameters`.
 */
async function loadOptionsContext(
	nodeType: INodeType | IVersionedNodeType,
	method: string,
	options: LoadOptionsOptions,
): Promise<{ context: ILoadOptionsFunctions; resolved: INodeType }> {
	const { helper, nodeCredentials } = await prepareCredentials(options.credentials);
	const node = buildNode(
		nodeType,
		{ parameters: options.parameters, typeVersion: options.typeVersion, nodeName: 'Temp-Node' },
		nodeCredentials,
	);
	const nodeTypes = new HarnessNodeTypes();
	nodeTypes.add(node.type, nodeType);
	const workflow = buildWorkflow({ nodes: [node], nodeTypes });
	const additionalData = buildAdditionalData(helper, { mode: 'internal', nodes: [node] });
	additionalData.currentNodeParameters = node.parameters;
	const context = new LoadOptionsContext(workflow, node, additionalData, options.path ?? `parameters.${method}`);
	return { context, resolved: NodeHelpers.getVersionedNodeType(nodeType, node.typeVersion) };
}

/** Calls `methods.loadOptions[method]` in n8n-core's real LoadOptionsContext. */
export async function loadOptions(
	nodeType: INodeType | IVersionedNodeType,
	method: string,
	options: LoadOptionsOptions,
): Promise<INodePropertyOptions[]> {
	const { context, resolved } = await loadOptionsContext(nodeType, method, options);
	const loader = resolved.methods?.loadOptions?.[method];
	if (loader === undefined) throw new UnexpectedError(`Node has no loadOptions method "${method}"`);
	return await loader.call(context);
}

/** Calls `methods.listSearch[method]` (resource locator search) in a real LoadOptionsContext. */
export async function listSearch(
	nodeType: INodeType | IVersionedNodeType,
	method: string,
	options: LoadOptionsOptions & { filter?: string; paginationToken?: string },
): Promise<INodeListSearchResult> {
	const { context, resolved } = await loadOptionsContext(nodeType, method, options);
	const search = resolved.methods?.listSearch?.[method];
	if (search === undefined) throw new UnexpectedError(`Node has no listSearch method "${method}"`);
	return await search.call(context, options.filter, options.paginationToken);
}
