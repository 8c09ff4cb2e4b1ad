#!/usr/bin/env node
// Size budget of the one-file bundle (Lit, nanostores and the SDK included): built in memory from the
// current source, minified as shipped, gzipped.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { bundleInput, bundleOutputs } from '../rollup.config.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const budget = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))['size-limit'];

const bundle = await rollup({ ...bundleInput, onwarn: () => {} });
const { output } = await bundle.generate({ ...bundleOutputs[0], sourcemap: false });
await bundle.close();
const bytes = gzipSync(output[0].code, { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(2);
console.log(
  `@cbmo4ers/widgets bundle: ${kb(bytes)} KB min+gzip, ${bytes} bytes (budget ${kb(budget).replace(/\.00$/, '')} KB)`,
);
if (bytes > budget) {
  console.error(`@cbmo4ers/widgets bundle: over budget by ${bytes - budget} bytes`);
  process.exit(1);
}
