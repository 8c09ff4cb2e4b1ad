// Storybook for @cbmo4ers/widgets: the stories sit beside each element, data comes from msw in the browser.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/web-components-vite';
import type { Plugin } from 'vite';

const require = createRequire(import.meta.url);

/**
 * msw's worker script at the root of the preview (dev and build), straight from the installed msw: no copy
 * to keep in step with the msw version, as in the widgets' web-test-runner config.
 */
const mswWorker = (): Plugin => {
  const source = () => readFileSync(require.resolve('msw/mockServiceWorker.js'));
  return {
    name: 'cbm-msw-worker',
    configureServer(server) {
      server.middlewares.use('/mockServiceWorker.js', (_request, response) => {
        response.setHeader('Content-Type', 'application/javascript');
        response.setHeader('Cache-Control', 'no-cache');
        response.end(source());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'mockServiceWorker.js', source: source() });
    },
  };
};

/**
 * The widgets' `sideEffects` names their dist files only, so a production build would drop the stories'
 * `import './price-ticker.js'` of the sources, and with it `customElements.define`. Sources keep their effects.
 */
const widgetsSideEffects = (): Plugin => ({
  name: 'cbm-widgets-side-effects',
  transform(_code, id) {
    return id.includes('/packages/widgets/src/') ? { moduleSideEffects: true } : null;
  },
});

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../packages/widgets/src/components/**/*.stories.ts'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(viteConfig, { configType }) {
    const { mergeConfig } = await import('vite');
    return mergeConfig(viteConfig, {
      // nanostores reads process.env.NODE_ENV, which a browser does not have.
      define: {
        'process.env.NODE_ENV': JSON.stringify(configType === 'PRODUCTION' ? 'production' : 'development'),
      },
      resolve: {
        // The SDK from source, as in the widgets' tests and bundle: no need to build it first.
        alias: { '@cbmo4ers/sdk': fileURLToPath(new URL('../packages/sdk/src/index.ts', import.meta.url)) },
      },
      // One Lit in dev: the renderer imports `lit/directive-helpers.js`, which vite would otherwise serve
      // unbundled beside the pre-bundled `lit`, loading lit-html twice.
      optimizeDeps: {
        include: ['lit', 'lit/directive-helpers.js', 'lit/directives/if-defined.js', 'lit/static-html.js'],
      },
      plugins: [mswWorker(), widgetsSideEffects()],
      // The preview's own chunk (Storybook's runtime) is over vite's 500 kB warning; nothing to split here.
      build: { chunkSizeWarningLimit: 2000 },
    });
  },
};

export default config;
