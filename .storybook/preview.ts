// Every story gets the mocked CBMo4ers API (msw in the browser, through msw-storybook-addon) at its own base
// URL, so stories never share an SDK client, a cache or localStorage entries.
import type { Preview } from '@storybook/web-components-vite';
import { sse } from 'msw';
import { setupWorker } from 'msw/browser';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { defaultReplies, type Endpoint } from '../packages/widgets/src/test-support/mock-api.js';

type Snapshot = { data?: Array<{ current_price: number }> };

/** The same snapshot with every price moved a little, so tables flash the cells that changed. */
const nudge = (body: unknown): unknown => {
  const snapshot = body as Snapshot;
  if (!Array.isArray(snapshot.data)) return body;
  return {
    ...snapshot,
    data: snapshot.data.map((row) => ({
      ...row,
      current_price: row.current_price * (1 + (Math.random() - 0.5) * 0.004),
    })),
  };
};

/**
 * `/api/stream` for elements with `live`: every topic's default mocked data at once (events are named after the
 * endpoints), then new prices every 3 s until the page closes the stream.
 */
const stream = sse<Record<Endpoint, string>>('*/api/stream', ({ client, request }) => {
  const send = (tick: number) => {
    for (const [event, reply] of Object.entries(defaultReplies()) as Array<[Endpoint, { body: unknown }]>) {
      const body = tick && event !== 'health' ? nudge(reply.body) : reply.body;
      client.send({ event, data: JSON.stringify(body) });
    }
  };
  let tick = 0;
  send(tick);
  const timer = setInterval(() => send(++tick), 3000);
  request.signal.addEventListener('abort', () => clearInterval(timer));
});

const preview: Preview = {
  loaders: [
    // Starts the worker once (the stream handler survives the reset between stories), then applies the
    // story's `parameters.msw` handlers. The worker script is served by the plugin in main.ts.
    mswLoader(async () => {
      const worker = setupWorker(stream);
      await worker.start({
        quiet: true,
        onUnhandledRequest: 'bypass',
        serviceWorker: { url: './mockServiceWorker.js' },
      });
      return worker;
    }),
    // `loaded.api`: this story's own API base. Its cache from an earlier visit is dropped, so a reload shows
    // the story's state, not the last data seen.
    async ({ id }) => {
      const api = new URL(`mock-api/${id}`, document.baseURI).href;
      for (const key of Object.keys(localStorage)) {
        if (key.startsWith(`cbm:${api}:`)) localStorage.removeItem(key);
      }
      return { api };
    },
  ],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    backgrounds: {
      options: {
        light: { name: 'Light', value: '#f6f7f9' },
        dark: { name: 'Dark', value: '#0b0f15' },
      },
    },
    options: {
      storySort: {
        order: ['Widgets', ['Dashboard', 'Tickers', 'Movers tables', 'Status']],
      },
    },
  },
  initialGlobals: { backgrounds: { value: 'light' } },
};

export default preview;
