import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { topBanner } from '../../test-support/data.js';
import { type CommonArgs, commonArgTypes, mockApi } from '../../test-support/stories.js';
import './price-ticker.js';

interface Args extends CommonArgs {
  limit: number;
  speed: number;
  paused: boolean;
}

const meta: Meta<Args> = {
  title: 'Widgets/Price ticker',
  component: 'cbm-price-ticker',
  args: { theme: 'light', locale: 'en-US', live: false, limit: 20, speed: 40, paused: false },
  argTypes: {
    ...commonArgTypes,
    limit: { control: { type: 'number', min: 1, max: 100 } },
    speed: { control: { type: 'number', min: 5, max: 200 }, description: 'px per second' },
    paused: { control: 'boolean' },
  },
  parameters: { msw: mockApi() },
  render: (args, { loaded }) =>
    html`<cbm-price-ticker
      api=${loaded.api}
      theme=${args.theme}
      locale=${args.locale}
      ?live=${args.live}
      refresh=${ifDefined(args.refresh)}
      link=${ifDefined(args.link)}
      limit=${args.limit}
      speed=${args.speed}
      ?paused=${args.paused}
    ></cbm-price-ticker>`,
};

export default meta;
type Story = StoryObj<Args>;

/** The skeleton, exactly the size of the strip with data: the API never answers. */
export const Loading: Story = { parameters: { msw: mockApi({ 'top-banner-scroll': 'hang' }) } };

/** Streaming: the mocked `/api/stream` sends the banner, then new prices every 3 s. */
export const Live: Story = { args: { live: true } };

/** The server flagged its data stale: the badge shows the data's age. */
export const Stale: Story = {
  parameters: { msw: mockApi({ 'top-banner-scroll': { body: topBanner(12, { stale: true }) } }) },
};

/** The request failed and there is no data to show: an error with a retry button. */
export const ErrorState: Story = {
  name: 'Error',
  parameters: { msw: mockApi({ 'top-banner-scroll': { status: 400 } }) },
};

export const Empty: Story = { parameters: { msw: mockApi({ 'top-banner-scroll': { body: topBanner(0) } }) } };

/** Every asset of the fixtures; the speed stays the same in px/s whatever the length. */
export const LongList: Story = {
  parameters: { msw: mockApi({ 'top-banner-scroll': { body: topBanner(15) } }) },
};

export const Light: Story = { args: { theme: 'light' }, globals: { backgrounds: { value: 'light' } } };

export const Dark: Story = { args: { theme: 'dark' }, globals: { backgrounds: { value: 'dark' } } };

/**
 * The still strip: what the pause button gives, and close to `prefers-reduced-motion: reduce` (there the strip
 * does not move at all, the pause button and the duplicate copy go away and the strip scrolls by hand; emulate
 * it in the browser's dev tools, Rendering panel).
 */
export const ReducedMotion: Story = { args: { paused: true } };
