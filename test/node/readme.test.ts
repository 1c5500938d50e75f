import { readFileSync } from 'fs';
import { join } from 'path';

import { RESOURCES } from '../../nodes/PandaPon/endpoints';

const CONFIDENCE_LABEL = {
	'documented-v1': 'documented',
	'documented-v2-only': 'v2 docs only',
	'third-party-code': 'third-party code',
	inferred: 'inferred',
} as const;

describe('README', () => {
	const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

	it.each(RESOURCES.map((resource) => [resource.name, resource]))('lists every %s operation with its endpoint and confidence', (_name, resource) => {
		expect(readme).toContain(`#### ${resource.name}\n`);
		for (const endpoint of resource.endpoints) {
			const row = `| ${endpoint.name} | \`${endpoint.method} ${endpoint.path}\` | ${CONFIDENCE_LABEL[endpoint.confidence]} | ${endpoint.changesData ? 'yes' : ''} |`;
			expect(readme).toContain(row);
		}
	});

	it('names the test command that CI runs', () => {
		const ci = readFileSync(join(__dirname, '..', '..', '.ci', 'run'), 'utf8');
		expect(readme).toContain('npm test');
		expect(ci).toMatch(/^npm test$/m);
	});
});
