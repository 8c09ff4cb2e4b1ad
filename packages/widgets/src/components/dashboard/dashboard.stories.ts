import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { bottomBanner, gainers, losers, topBanner } from '../../test-support/data.js';
import type { Endpoint, Reply } from '../../test-support/mock-api.js';
import { type CommonArgs, commonArgTypes, mockApi } from '../../test-support/stories.js';
import './dashboard.js';

interface Args extends CommonArgs {
  limit: number;
  speed: number;
}

/** The same answer from every endpoint but health. */
const everyComponent = (reply: Reply): Partial<Record<Endpoint, Reply>> => ({
  'gainers-table': reply,
  'losers-table': reply,
  'top-banner-scroll': reply,
  'bottom-banner-scroll': reply,
});

const meta: Meta<Args> = {
  title: 'Widgets/Dashboard',
  component: 'cbm-dashboard',
  args: { theme: 'light', locale: 'en-US', live: false, limit: 10, speed: 40 },
  argTypes: {
    ...commonArgTypes,
    limit: { control: { type: 'number', min: 1, max: 100 }, description: 'Rows of each table' },
    speed: { control: { type: 'number', min: 5, max: 200 }, description: 'Ticker speed in px per second' },
  },
  parameters: { msw: mockApi() },
  render: (args, { loaded }) =>
    html`<cbm-dashboard
      api=${loaded.api}
      theme=${args.theme}
      locale=${args.locale}
      ?live=${args.live}
      refresh=${ifDefined(args.refresh)}
      link=${ifDefined(args.link)}
      limit=${args.limit}
      speed=${args.speed}
    ></cbm-dashboard>`,
};

export default meta;
type Story = StoryObj<Args>;

/** Every widget's skeleton: the API never answers. */
export const Loading: Story = { parameters: { msw: mockApi({ ...everyComponent('hang'), health: 'hang' }) } };

/** Streaming: LIVE, then new prices every 3 s. */
export const Live: Story = { args: { live: true } };

/** Every endpoint flagged stale by the server. */
export const Stale: Story = {
  parameters: {
    msw: mockApi({
      'gainers-table': { body: gainers(10, { stale: true }) },
      'losers-table': { body: losers(10, { stale: true }) },
      'top-banner-scroll': { body: topBanner(12, { stale: true }) },
      'bottom-banner-scroll': { body: bottomBanner(12, { stale: true }) },
    }),
  },
};

/** Every data request fails (the server itself still answers its health check). */
export const ErrorState: Story = {
  name: 'Error',
  parameters: { msw: mockApi(everyComponent({ status: 400 })) },
};

export const Empty: Story = {
  parameters: {
    msw: mockApi({
      'gainers-table': { body: gainers(0) },
      'losers-table': { body: losers(0) },
      'top-banner-scroll': { body: topBanner(0) },
      'bottom-banner-scroll': { body: bottomBanner(0) },
    }),
  },
};

/** 15 rows per table and every asset of the fixtures in the tickers. */
export const LongList: Story = {
  args: { limit: 15 },
  parameters: {
    msw: mockApi({
      'gainers-table': { body: gainers(15) },
      'losers-table': { body: losers(15) },
      'top-banner-scroll': { body: topBanner(15) },
      'bottom-banner-scroll': { body: bottomBanner(15) },
    }),
  },
};

export const Light: Story = { args: { theme: 'light' }, globals: { backgrounds: { value: 'light' } } };

export const Dark: Story = { args: { theme: 'dark' }, globals: { backgrounds: { value: 'dark' } } };

/** A container under 760 px: the tables stack. */
export const Narrow: Story = {
  decorators: [(story) => html`<div style="max-width: 480px">${story()}</div>`],
};
