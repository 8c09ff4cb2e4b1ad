// Browser tests: Debian's Chromium (no browser download here), TypeScript through esbuild, msw in the page.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '@cbmo4ers/testkit';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const require = createRequire(import.meta.url);
const serviceWorker = readFileSync(require.resolve('msw/mockServiceWorker.js'));

/** nanostores reads process.env.NODE_ENV, which a browser does not have. */
const nodeEnv = {
  name: 'node-env',
  transform(context) {
    if (
      context.response.is('js') &&
      typeof context.body === 'string' &&
      context.body.includes('process.env.NODE_ENV')
    ) {
      return { body: context.body.replaceAll('process.env.NODE_ENV', '"development"') };
    }
  },
};

/** The SDK from source: the tests do not wait for its build. */
const sdkSource = {
  name: 'sdk-source',
  resolveImport({ source }) {
    if (source === '@cbmo4ers/sdk') return '/packages/sdk/src/index.ts';
  },
};

export default {
  rootDir: fileURLToPath(new URL('../..', import.meta.url)),
  files: ['src/**/*.test.ts'],
  nodeResolve: { browser: true },
  concurrency: 1,
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  plugins: [
    sdkSource,
    nodeEnv,
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
  ],
  middleware: [
    (context, next) => {
      if (context.path !== '/mockServiceWorker.js') return next();
      context.type = 'application/javascript';
      context.body = serviceWorker;
    },
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [...CHROMIUM_FLAGS],
      },
    }),
  ],
  testFramework: { config: { timeout: 10000 } },
};
