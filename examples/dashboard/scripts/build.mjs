// Builds the static dashboard into dist/: the page, its stylesheet and script, and the one-file widgets
// bundles (the page loads the classic one; other sites embed the ES module one). CBM_API_URL (optional) bakes
// the API base URL into <meta name="cbm-api">; empty means "same origin", which is what the server serving the
// dashboard at / wants.
//
// What the page loads gets a content hash in its name (assets/name.0123abcd.ext), so servers can let browsers
// keep it for a year (`immutable`); the page itself is revalidated. `/cbm-widgets.js` and `/cbm-widgets.iife.js`
// keep their plain names too: other sites embed them by those URLs. Every text file gets precompressed copies
// beside it (.br, .gz), which the server sends as they are instead of compressing per request.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const widgetsDist = fileURLToPath(new URL('../../../packages/widgets/dist/', import.meta.url));
for (const name of ['cbm-widgets.js', 'cbm-widgets.iife.js']) {
  if (!existsSync(`${widgetsDist}${name}`)) {
    console.error(
      `dashboard: ${widgetsDist}${name} is missing; build @cbmo4ers/widgets first (pnpm build at the root does)`,
    );
    process.exit(1);
  }
}
const api = (process.env.CBM_API_URL ?? '').trim();
if (api !== '' && !/^https?:\/\/[^\s"<>]+$/.test(api)) {
  console.error(`dashboard: CBM_API_URL must be an http(s) URL, got ${JSON.stringify(api)}`);
  process.exit(1);
}

const dist = `${root}dist`;
rmSync(dist, { recursive: true, force: true });
mkdirSync(`${dist}/assets`, { recursive: true });

/** Writes `content` as assets/<name>.<hash><ext> and returns its path relative to the page. */
const hashed = (name, content) => {
  const dot = name.lastIndexOf('.');
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 10);
  const file = `assets/${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
  writeFileSync(`${dist}/${file}`, content);
  return `./${file}`;
};

/**
 * Copies a widgets bundle and its source map to the root, where other sites embed it by name; returns its
 * code with the source map addressed from assets/, for a hashed copy.
 */
const widgetsBundle = (name) => {
  const code = readFileSync(`${widgetsDist}${name}`, 'utf8');
  writeFileSync(`${dist}/${name}`, code);
  if (existsSync(`${widgetsDist}${name}.map`))
    writeFileSync(`${dist}/${name}.map`, readFileSync(`${widgetsDist}${name}.map`));
  return code.replace(`//# sourceMappingURL=${name}.map`, `//# sourceMappingURL=../${name}.map`);
};

/**
 * The dashboard's own code ships without source maps (the widgets bundles keep theirs: a library's map, with its
 * sources, is for the sites that embed it): no sourceMappingURL comment points at one.
 */
const withoutSourceMap = (code) =>
  code.replace(/\n?(?:\/\/# sourceMappingURL=\S*|\/\*# sourceMappingURL=\S* \*\/)\s*$/, '\n');

// The ES module build, for the embed snippet (`<script type="module" src=".../cbm-widgets.js">`).
widgetsBundle('cbm-widgets.js');
const assets = {
  // The page's own copy: the classic build (see index.html).
  './cbm-widgets.iife.js': hashed('cbm-widgets.iife.js', widgetsBundle('cbm-widgets.iife.js')),
  './dashboard.css': hashed(
    'dashboard.css',
    withoutSourceMap(readFileSync(`${root}src/dashboard.css`, 'utf8')),
  ),
  './dashboard.js': hashed('dashboard.js', withoutSourceMap(readFileSync(`${root}src/dashboard.js`, 'utf8'))),
};
writeFileSync(`${dist}/favicon.svg`, readFileSync(`${root}src/favicon.svg`));

const source = readFileSync(`${root}src/index.html`, 'utf8');
// Every inline script must be allowed by its hash in both CSPs that serve this page: the server's and Vercel's.
for (const [, script] of source.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
  const allowed = `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
  for (const file of ['../../packages/server/src/http/security-headers.ts', 'vercel.json']) {
    if (!readFileSync(`${root}${file}`, 'utf8').includes(allowed)) {
      console.error(
        `dashboard: ${file} does not allow the inline script of index.html; its CSP source is ${allowed}`,
      );
      process.exit(1);
    }
  }
}
let page = source.replace('content="" data-build-api', `content="${api}" data-build-api`);
for (const [plain, file] of Object.entries(assets)) {
  if (!page.includes(`"${plain}"`)) throw new Error(`dashboard: index.html does not reference ${plain}`);
  page = page.replaceAll(`"${plain}"`, `"${file}"`);
}
writeFileSync(`${dist}/index.html`, page);

// The only source maps in dist/ are the widgets bundles' own (and their compressed copies).
const WIDGET_MAPS = /^cbm-widgets(\.iife)?\.js\.map$/;
const strayMaps = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter(
  (file) => file.endsWith('.map') && !WIDGET_MAPS.test(file),
);
if (strayMaps.length > 0) {
  console.error(
    `dashboard: dist/ must carry no source map but the widgets bundles'; found ${strayMaps.join(', ')}`,
  );
  process.exit(1);
}

const COMPRESSIBLE = /\.(html|css|js|mjs|map|svg|json|txt)$/;
let saved = 0;
for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
  if (!COMPRESSIBLE.test(file)) continue;
  const content = readFileSync(`${dist}/${file}`);
  const copies = {
    br: brotliCompressSync(content, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    }),
    gz: gzipSync(content, { level: 9 }),
  };
  for (const [suffix, copy] of Object.entries(copies)) {
    // A copy no smaller than the file is not worth a Content-Encoding.
    if (copy.length >= content.length) continue;
    writeFileSync(`${dist}/${file}.${suffix}`, copy);
    if (suffix === 'br' && !file.endsWith('.map')) saved += content.length - copy.length;
  }
}
console.log(
  `dashboard: built ${dist}${api ? ` (API ${api})` : ' (API: same origin)'}; ${Object.values(assets).join(', ')}; brotli saves ${(saved / 1024).toFixed(1)} KiB (source maps aside)`,
);
