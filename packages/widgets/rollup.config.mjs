// Builds: ESM per element for npm (dependencies external), and one self-contained file for a script tag
// (ESM and IIFE) that registers every element.
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

const sdkSource = fileURLToPath(new URL('../sdk/src/index.ts', import.meta.url));

/** The SDK from source, so the bundle does not wait for the SDK's own build. */
const sdkFromSource = {
  name: 'sdk-from-source',
  resolveId: (source) => (source === '@cbmo4ers/sdk' ? sdkSource : null),
};

/** Drops comments and collapses whitespace in `css` tagged templates: Lit ships styles as written. */
const minifyCss = {
  name: 'minify-css',
  transform(code, id) {
    if (!id.endsWith('.styles.ts') && !id.endsWith('base.styles.ts')) return null;
    return {
      code: code.replace(
        /css`([^`]*)`/g,
        (_, body) =>
          `css\`${body
            .replace(/\/\*[\s\S]*?\*\//g, '')
            .replace(/\s+/g, ' ')
            .replace(/\s*([{};,>])\s*/g, '$1')
            .replace(/:\s+/g, ':')
            .replace(/;}/g, '}')
            .trim()}\``,
      ),
      map: null,
    };
  },
};

const typescript = () =>
  esbuild({ target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) });

export const ELEMENTS = {
  'cbm-price-ticker': 'price-ticker/price-ticker',
  'cbm-volume-ticker': 'volume-ticker/volume-ticker',
  'cbm-gainers-table': 'movers-table/gainers-table',
  'cbm-losers-table': 'movers-table/losers-table',
  'cbm-status': 'status/status',
  'cbm-dashboard': 'dashboard/dashboard',
};

const external = (id) => /^(lit|nanostores|react)(\/|$)|^@lit\/|^@cbmo4ers\/sdk$/.test(id);

/** npm: one module per source file, so importing one element loads only what it needs. */
export const npmBuild = {
  input: {
    index: 'src/index.ts',
    react: 'src/react.ts',
    'components/movers-table/movers-table': 'src/components/movers-table/movers-table.ts',
    ...Object.fromEntries(
      Object.values(ELEMENTS).map((path) => [`components/${path}`, `src/components/${path}.ts`]),
    ),
  },
  external,
  plugins: [typescript()],
  output: { dir: 'dist', format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap: true },
};

/** Script tag: Lit, nanostores and the SDK included, minified. */
export const bundleInput = {
  input: 'src/index.ts',
  plugins: [
    sdkFromSource,
    minifyCss,
    replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
    nodeResolve({ browser: true }),
    typescript(),
  ],
};

export const bundleOutputs = [
  {
    file: 'dist/cbm-widgets.js',
    format: 'es',
    sourcemap: true,
    plugins: [terser({ module: true, ecma: 2020, compress: { passes: 2 } })],
  },
  // No `module: true` here: terser would drop the global name of the IIFE.
  {
    file: 'dist/cbm-widgets.iife.js',
    format: 'iife',
    name: 'CBMWidgets',
    sourcemap: true,
    plugins: [terser({ ecma: 2020, compress: { passes: 2 } })],
  },
];

export default [npmBuild, { ...bundleInput, output: bundleOutputs }];
