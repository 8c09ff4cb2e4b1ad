// Size budgets (`pnpm size`, part of the test command): what each case costs a user, measured from the built
// packages as npm installs them, bundled with their dependencies by esbuild, minified and gzipped.
// Budgets are in KiB (1 KiB = 1,024 bytes), the unit the README states.

/**
 * Bundled for a browser in production, as an app's bundler would: an ES module (esbuild's default for the
 * browser would wrap it in an IIFE with CommonJS helpers no app ships), nanostores' development checks dropped.
 */
const production = (config) => ({
  ...config,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  define: { 'process.env.NODE_ENV': '"production"' },
});

/**
 * What a page downloads before anything asks for more: modules behind a dynamic `import()` stay out (a
 * bundler makes them chunks of their own). The SDK's HTTP transport (ky) is such a chunk; a page whose stream
 * opens never loads it.
 */
const atLoad = (config) => ({
  ...production(config),
  plugins: [
    ...(config.plugins ?? []),
    {
      name: 'lazy-chunks-out',
      setup(build) {
        build.onResolve({ filter: /.*/ }, (args) =>
          args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
        );
      },
    },
  ],
});

/** One element's subpath import at page load: the element, the shared base, Lit and the SDK. */
const element = (name, file, limit = '16 KiB') => ({
  name: `<${name}> at page load (its subpath import, with Lit, the SDK and the base)`,
  path: `packages/widgets/dist/components/${file}`,
  gzip: true,
  modifyEsbuildConfig: atLoad,
  limit,
});

export default [
  {
    // Inlining the lazy transport costs about 0.4 kB of module wrappers over a static import; what a live
    // page loads is the next entry.
    name: '@cbmo4ers/sdk with ky and nanostores, all in one file',
    path: 'packages/sdk/dist/index.js',
    gzip: true,
    modifyEsbuildConfig: production,
    limit: '9.5 KiB',
  },
  {
    name: '@cbmo4ers/sdk at page load (ky comes on the first HTTP request)',
    path: 'packages/sdk/dist/index.js',
    gzip: true,
    modifyEsbuildConfig: atLoad,
    limit: '6.5 KiB',
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
