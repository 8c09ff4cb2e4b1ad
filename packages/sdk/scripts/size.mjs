#!/usr/bin/env node
// Size budget: the public entry bundled the way a browser app gets it (minified, ky and nanostores included).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const budget = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))['size-limit'];

const result = await build({
  entryPoints: [join(root, 'src/index.ts')],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  logLevel: 'silent',
  define: { 'process.env.NODE_ENV': '"production"' },
});
const bytes = gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(2);
console.log(
  `@cbmo4ers/sdk: ${kb(bytes)} KB min+gzip (${bytes} bytes) (budget ${kb(budget).replace(/\.00$/, '')} KB)`,
);
if (bytes > budget) {
  console.error(`@cbmo4ers/sdk: over budget by ${bytes - budget} bytes`);
  process.exit(1);
}
