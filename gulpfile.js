const { src, dest } = require('gulp');

/** tsc compiles the code; n8n also needs the node and credential icons next to it in dist. */
function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

exports['build:icons'] = buildIcons;
