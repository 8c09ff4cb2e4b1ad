import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { losers } from '../../test-support/data.js';
import { type CommonArgs, commonArgTypes, mockApi } from '../../test-support/stories.js';
import './losers-table.js';

interface Args extends CommonArgs {
  limit: number;
}

const meta: Meta<Args> = {
  title: 'Widgets/Losers table',
  component: 'cbm-losers-table',
  args: { theme: 'light', locale: 'en-US', live: false, limit: 10 },
  argTypes: {
    ...commonArgTypes,
    limit: { control: { type: 'number', min: 1, max: 100 } },
  },
  parameters: { msw: mockApi() },
  decorators: [(story) => html`<div style="max-width: 720px">${story()}</div>`],
  render: (args, { loaded }) =>
    html`<cbm-losers-table
      api=${loaded.api}
      theme=${args.theme}
      locale=${args.locale}
      ?live=${args.live}
      refresh=${ifDefined(args.refresh)}
      link=${ifDefined(args.link)}
      limit=${args.limit}
    ></cbm-losers-table>`,
};

export default meta;
type Story = StoryObj<Args>;

/** The skeleton, exactly the size of the table with data: the API never answers. */
export const Loading: Story = { parameters: { msw: mockApi({ 'losers-table': 'hang' }) } };

/** Streaming: the mocked `/api/stream` sends the table, then new prices every 3 s (changed cells flash). */
export const Live: Story = { args: { live: true } };

/** The server flagged its data stale: the badge in the caption shows the data's age. */
export const Stale: Story = {
  parameters: { msw: mockApi({ 'losers-table': { body: losers(10, { stale: true }) } }) },
};

/** The request failed and there is no data to show: an error with a retry button. */
export const ErrorState: Story = {
  name: 'Error',
  parameters: { msw: mockApi({ 'losers-table': { status: 400 } }) },
};

export const Empty: Story = { parameters: { msw: mockApi({ 'losers-table': { body: losers(0) } }) } };

/** 15 rows, the server's default table length. */
export const LongList: Story = {
  args: { limit: 15 },
  parameters: { msw: mockApi({ 'losers-table': { body: losers(15) } }) },
};

export const Light: Story = { args: { theme: 'light' }, globals: { backgrounds: { value: 'light' } } };

export const Dark: Story = { args: { theme: 'dark' }, globals: { backgrounds: { value: 'dark' } } };

/**
 * Streaming as in Live: with `prefers-reduced-motion: reduce` (emulate it in the browser's dev tools, Rendering
 * panel) changed prices are not highlighted and the skeleton does not pulse.
 */
export const ReducedMotion: Story = { args: { live: true } };
