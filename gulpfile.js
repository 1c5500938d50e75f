const { src, dest } = require('gulp');

/**
 * tsc compiles the code; n8n also needs the icons and the codex files (*.node.json, which
 * carry categories and documentation links) next to the compiled nodes in dist.
 */
function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = buildIcons;
