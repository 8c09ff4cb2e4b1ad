// Builds the static dashboard into dist/: the page, its stylesheet and script, and the one-file widgets
// bundle. CBM_API_URL (optional) bakes the API base URL into <meta name="cbm-api">; empty means "same origin",
// which is what the server serving the dashboard at / wants.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = fileURLToPath(new URL('../../../packages/widgets/dist/cbm-widgets.js', import.meta.url));
if (!existsSync(bundle)) {
  console.error(
    `dashboard: ${bundle} is missing; build @cbmo4ers/widgets first (pnpm build at the root does)`,
  );
  process.exit(1);
}
const dist = `${root}dist`;
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
for (const file of readdirSync(`${root}src`)) copyFileSync(`${root}src/${file}`, `${dist}/${file}`);
copyFileSync(bundle, `${dist}/cbm-widgets.js`);
if (existsSync(`${bundle}.map`)) copyFileSync(`${bundle}.map`, `${dist}/cbm-widgets.js.map`);

const api = (process.env.CBM_API_URL ?? '').trim();
if (api !== '' && !/^https?:\/\/[^\s"<>]+$/.test(api)) {
  console.error(`dashboard: CBM_API_URL must be an http(s) URL, got ${JSON.stringify(api)}`);
  process.exit(1);
}
const page = readFileSync(`${dist}/index.html`, 'utf8').replace(
  'content="" data-build-api',
  `content="${api}" data-build-api`,
);
writeFileSync(`${dist}/index.html`, page);
console.log(`dashboard: built ${dist}${api ? ` (API ${api})` : ' (API: same origin)'}`);
