import { readFileSync } from 'fs';
import { join } from 'path';

import { RESOURCES } from '../../nodes/PandaPon/endpoints';

const CONFIDENCE_LABEL = {
	'documented-v1': 'documented',
	'documented-v2-only': 'v2 docs only',
	'third-party-code': 'third-party code',
	inferred: 'inferred',
} as const;

describe('README and docs', () => {
	const root = join(__dirname, '..', '..');
	const readme = readFileSync(join(root, 'README.md'), 'utf8');
	const operations = readFileSync(join(root, 'docs', 'operations.md'), 'utf8');

	it.each(RESOURCES.map((resource) => [resource.name, resource]))('docs/operations.md lists every %s operation with its endpoint and confidence', (_name, resource) => {
		expect(operations).toContain(`### ${resource.name}\n`);
		for (const endpoint of resource.endpoints) {
			const row = `| ${endpoint.name} | \`${endpoint.method} ${endpoint.path}\` | ${CONFIDENCE_LABEL[endpoint.confidence]} | ${endpoint.changesData ? 'yes' : ''} |`;
			expect(operations).toContain(row);
		}
	});

	it('names the test command that CI runs', () => {
		const ci = readFileSync(join(__dirname, '..', '..', '.ci', 'run'), 'utf8');
		expect(readme).toContain('npm test');
		expect(ci).toMatch(/^npm test$/m);
	});
});
