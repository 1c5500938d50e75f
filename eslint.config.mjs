import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

// n8n's community-node rules apply to what ships (nodes, credentials, package.json).
// Tests and scripts are excluded: they legitimately import undici, use timers, etc.
export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'scripts/**', 'bench/**', '*.js', '*.mjs'] },
	{
		...n8nCommunityNodesPlugin.configs.recommended,
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { sourceType: 'module', extraFileExtensions: ['.json'] },
		},
	},
];
