// Size budgets (`pnpm size`, part of the test command): what each case costs a user, measured from the built
// packages as npm installs them, bundled with their dependencies by esbuild, minified and gzipped.
// Budgets are in KiB (1 KiB = 1,024 bytes), the unit the README states.

/** Bundled for a browser in production, as an app's bundler would: nanostores' development checks dropped. */
const production = (config) => ({
  ...config,
  platform: 'browser',
  target: 'es2022',
  define: { 'process.env.NODE_ENV': '"production"' },
});

/** One element's subpath import: the element, the shared base, Lit and the SDK. */
const element = (name, file, limit = '16 KiB') => ({
  name: `<${name}> (its subpath import, with Lit, the SDK and the base)`,
  path: `packages/widgets/dist/components/${file}`,
  gzip: true,
  modifyEsbuildConfig: production,
  limit,
});

export default [
  {
    name: '@cbmo4ers/sdk with ky and nanostores',
    path: 'packages/sdk/dist/index.js',
    gzip: true,
    modifyEsbuildConfig: production,
    limit: '9 KiB',
  },
  element('cbm-price-ticker', 'price-ticker/price-ticker.js'),
  element('cbm-volume-ticker', 'volume-ticker/volume-ticker.js'),
  element('cbm-gainers-table', 'movers-table/gainers-table.js'),
  element('cbm-losers-table', 'movers-table/losers-table.js'),
  element('cbm-status', 'status/status.js'),
  // The dashboard places every other element, so it costs what the one-file bundle does.
  element('cbm-dashboard', 'dashboard/dashboard.js', '24 KiB'),
  {
    name: 'one-file bundle with every element (cbm-widgets.js as served)',
    path: 'packages/widgets/dist/cbm-widgets.js',
    gzip: true,
    import: null,
    limit: '24 KiB',
  },
];
