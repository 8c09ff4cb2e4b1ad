import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { expect, waitFor } from 'storybook/test';
import type { Theme } from '../../base/cbm-element.js';
import { health } from '../../test-support/data.js';
import { mockApi } from '../../test-support/stories.js';
import './status.js';

// The status bar has no list (so no empty or long-list state) and nothing that moves (so no reduced-motion
// state); it has the connection's modes instead: live, polling, degraded, failing, offline.

interface Args {
  theme: Theme;
  locale: string;
  live: boolean;
  refresh: number | undefined;
}

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
  component: 'cbm-status',
  args: { theme: 'light', locale: 'en-US', live: false },
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    locale: { control: 'text' },
    live: { control: 'boolean', description: 'Stream (mocked Server-Sent Events) instead of polling' },
    refresh: { control: 'number', description: 'Polling period in ms (default 5000)' },
  },
  parameters: { msw: mockApi() },
  render: (args, { loaded }) =>
    html`<cbm-status
      api=${loaded.api}
      theme=${args.theme}
      locale=${args.locale}
      ?live=${args.live}
      refresh=${ifDefined(args.refresh)}
    ></cbm-status>`,
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
 * The server is down (503 without a health document), polled every second: the failures count up until the
 * circuit breaker opens after 5 and the bar shows OFFLINE with a retry button.
 */
export const ErrorState: Story = {
  name: 'Error',
  args: { refresh: 1000 },
  parameters: { msw: mockApi({ health: { status: 503 } }) },
};

/** The browser reports it lost the network (`navigator.onLine` false and an `offline` event) after the first data. */
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

export const Light: Story = { args: { theme: 'light' }, globals: { backgrounds: { value: 'light' } } };

export const Dark: Story = { args: { theme: 'dark' }, globals: { backgrounds: { value: 'dark' } } };
