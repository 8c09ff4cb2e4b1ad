// Builds: ESM per element for npm (dependencies external), and one self-contained file for a script tag
// (ESM and IIFE) that registers every element. Lit's own template minifier shrinks the markup and CSS inside
// `html` and `css` templates in both builds; terser minifies the script tag's files.
import { fileURLToPath } from 'node:url';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
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

/**
 * The text of our `html` and `css` templates minified (html-minifier-next and lightningcss), before the
 * TypeScript transform sees it. A template it cannot parse fails the build rather than shipping unminified.
 */
const minifyTemplates = () =>
  minifyHtmlLiterals({
    include: ['src/**/*.ts'],
    // Its tags are static expressions from the topic table (lit/static-html), which the HTML parser rejects.
    exclude: ['src/components/dashboard/dashboard.component.ts'],
    failOnError: true,
    // An `svg` fragment (the pause icon's two <rect />s) is minified as HTML, where a dropped `/` would nest
    // the second shape inside the first and the icon would lose a bar.
    options: { minifyOptions: { keepClosingSlash: true } },
  });

const typescript = () =>
  esbuild({ target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) });

/** The modules that register elements, one per subpath export (`@cbmo4ers/widgets/price-ticker`...). */
const REGISTRATIONS = [
  'price-ticker/price-ticker',
  'volume-ticker/volume-ticker',
  'movers-table/gainers-table',
  'movers-table/losers-table',
  'movers-table/movers-table',
  'status/status',
  'dashboard/dashboard',
];

/** The dependencies of the npm modules: a user's bundler or import map provides them. */
const external = (id) => /^(lit|nanostores|react)(\/|$)|^@lit\/|^@cbmo4ers\/(sdk|contract)$/.test(id);

/** npm: one module per source file, so importing one element loads only what it needs. */
const npmBuild = {
  input: {
    index: 'src/index.ts',
    react: 'src/react.ts',
    ...Object.fromEntries(REGISTRATIONS.map((path) => [`components/${path}`, `src/components/${path}.ts`])),
  },
  external,
  plugins: [minifyTemplates(), typescript()],
  output: { dir: 'dist', format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap: true },
};

/** Script tag: Lit, nanostores, the contract's topic table and the SDK included. */
const bundleInput = {
  input: 'src/index.ts',
  plugins: [
    sdkFromSource,
    replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
    nodeResolve({ browser: true }),
    minifyTemplates(),
    typescript(),
  ],
};

const bundleOutputs = [
  {
    file: 'dist/cbm-widgets.js',
    format: 'es',
    // One file: the SDK's lazily loaded transport goes inline.
    inlineDynamicImports: true,
    sourcemap: true,
    plugins: [terser({ module: true, ecma: 2020, compress: { passes: 2 } })],
  },
  // No `module: true` here: terser would drop the global name of the IIFE.
  {
    file: 'dist/cbm-widgets.iife.js',
    format: 'iife',
    inlineDynamicImports: true,
    name: 'CBMWidgets',
    sourcemap: true,
    plugins: [terser({ ecma: 2020, compress: { passes: 2 } })],
  },
];

export default [npmBuild, { ...bundleInput, output: bundleOutputs }];
