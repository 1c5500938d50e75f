import type { INodeProperties } from 'n8n-workflow';

import { CUSTOM_API_CALL, PandaPon } from '../../nodes/PandaPon/PandaPon.node';
import { PandaPonTrigger } from '../../nodes/PandaPonTrigger/PandaPonTrigger.node';
import { RESOURCES } from '../../nodes/PandaPon/endpoints';
import { buildNode, buildWorkflow, HarnessNodeTypes, nodeTypeName } from '../harness/workflow';

const pandaPon = new PandaPon();
const properties = pandaPon.description.properties;

function visibleFor(property: INodeProperties, resource: string, operation: string): boolean {
	const show = property.displayOptions?.show;
	return show?.resource?.includes(resource) === true && show?.operation?.includes(operation) === true;
}

function noticesOf(resource: string, operation: string): string[] {
	return properties.filter((p) => p.type === 'notice' && visibleFor(p, resource, operation)).map((p) => p.displayName);
}

describe('what the editor shows for each operation', () => {
	const cases = RESOURCES.flatMap((resource) => resource.endpoints.map((endpoint) => [`${resource.value} › ${endpoint.operation}`, resource, endpoint] as const));

	it.each(cases)('%s: a one-line dropdown entry, details and warnings in the panel', (_label, resource, endpoint) => {
		const operationProperty = properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource.value));
		const option = operationProperty?.options?.find((o) => 'value' in o && o.value === endpoint.operation) as { description?: string };
		expect(option.description).toBe(endpoint.action);
		expect(option.description).not.toMatch(/live PandaPon account|unconfirmed|\. \S/);

		const notices = noticesOf(resource.value, endpoint.operation);
		expect(notices).toHaveLength(1);
		const notice = notices[0];
		expect(notice.startsWith(endpoint.description)).toBe(true);
		expect(notice.includes('live PandaPon account')).toBe(endpoint.changesData);
		expect(notice.includes('if PandaPon answers 404')).toBe(endpoint.confidence !== 'documented-v1');
	});
});

describe('canvas subtitle', () => {
	const nodeTypes = new HarnessNodeTypes();
	nodeTypes.add(nodeTypeName(pandaPon), pandaPon);

	function subtitleFor(parameters: Record<string, string>): unknown {
		const node = buildNode(pandaPon, { parameters }, undefined);
		const workflow = buildWorkflow({ nodes: [node], nodeTypes });
		return workflow.expression.getSimpleParameterValue(node, pandaPon.description.subtitle!, 'internal', {});
	}

	it.each(RESOURCES.flatMap((resource) => resource.endpoints.map((endpoint) => [resource, endpoint] as const)))(
		'shows the labels of %s › %s',
		(resource, endpoint) => {
			expect(subtitleFor({ resource: resource.value, operation: endpoint.operation })).toBe(`${endpoint.name}: ${resource.name}`);
		},
	);

	it('names the Custom API Call resource', () => {
		expect(subtitleFor({ resource: CUSTOM_API_CALL })).toBe('Custom API Call');
	});

	it('falls back to the raw values for an operation it does not know', () => {
		expect(subtitleFor({ resource: 'taobaoOrder', operation: 'somethingNew' })).toBe('somethingNew: taobaoOrder');
	});
});

describe('PandaPon Trigger subtitle', () => {
	const trigger = new PandaPonTrigger();
	const nodeTypes = new HarnessNodeTypes();
	nodeTypes.add(nodeTypeName(trigger), trigger);

	it('lists the chosen events by their labels', () => {
		const node = buildNode(trigger, { parameters: { events: ['priceChanged', 'refund', 'somethingNew'] } }, undefined);
		const workflow = buildWorkflow({ nodes: [node], nodeTypes });
		const subtitle = workflow.expression.getSimpleParameterValue(node, trigger.description.subtitle!, 'internal', {});
		expect(subtitle).toBe('Order Price Changed, After-Sales Refund, somethingNew');
	});
});
