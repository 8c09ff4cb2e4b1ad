import { TOPIC_TABLE } from '@cbmo4ers/contract';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, waitFor } from 'storybook/test';
import { health } from '../../test-support/data.js';
import { type CommonArgs, mockApi, themeStories, widgetsMeta } from '../../test-support/stories.js';
import './status.js';

// The status bar has no list (so no empty or long-list state) and nothing that moves (so no reduced-motion
// state); it has the connection's modes instead: live, polling, degraded, failing, offline.

type Args = CommonArgs;

/** Makes the page believe the network is gone; really going offline would cut Storybook off too. */
const goOffline = () => {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
  window.dispatchEvent(new Event('offline'));
};

/** Back to the browser's own `navigator.onLine`. */
const backOnline = () => {
  delete (navigator as { onLine?: boolean }).onLine;
  window.dispatchEvent(new Event('online'));
};

const meta: Meta<Args> = {
  title: 'Widgets/Status',
  // The status bar has no links: no control for `link`.
  ...widgetsMeta<Args>([TOPIC_TABLE.health.element], {}, { link: { table: { disable: true } } }),
};

export default meta;
type Story = StoryObj<Args>;

/** Before the first answer: no update time, no server health yet. */
export const Loading: Story = { parameters: { msw: mockApi({ health: 'hang' }) } };

/** LIVE: the mocked `/api/stream` is open. */
export const Live: Story = { args: { live: true } };

/** POLLING: requests every `refresh` ms (here 5 s). */
export const Polling: Story = {};

/** The health document came flagged stale: the badge shows its age. */
export const Stale: Story = {
  parameters: { msw: mockApi({ health: { body: { ...health(), stale: true } } }) },
};

/**
 * The server is down (503 without a health document), polled every second: the server's health reads unknown,
 * the failures count up until the circuit breaker opens after 5 and the bar shows OFFLINE with a retry button
 * (announced to screen readers, as every change of mode is).
 */
export const ErrorState: Story = {
  name: 'Error',
  args: { refresh: 1000 },
  parameters: { msw: mockApi({ health: { status: 503 } }) },
};

/**
 * The browser reports it lost the network (`navigator.onLine` false and an `offline` event) after the first data:
 * OFFLINE, and the server's health unknown.
 */
export const Offline: Story = {
  beforeEach: () => backOnline,
  play: async ({ canvasElement }) => {
    const status = canvasElement.querySelector('cbm-status')!;
    await waitFor(() => expect(status.shadowRoot?.textContent).toContain('healthy'));
    goOffline();
  },
};

/** The server reports itself degraded. */
export const Degraded: Story = {
  parameters: { msw: mockApi({ health: { body: health({ status: 'degraded' }) } }) },
};

export const Light = themeStories.Light;
export const Dark = themeStories.Dark;
