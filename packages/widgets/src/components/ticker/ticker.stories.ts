import { TOPIC_TABLE } from '@cbmo4ers/contract';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import * as shared from '../../test-support/stories.js';
import '../price-ticker/price-ticker.js';
import '../volume-ticker/volume-ticker.js';

const { topBanner, bottomBanner } = TOPIC_TABLE;

/** Both tickers in every story: prices on top, volumes below, as on the dashboard. */
const meta: Meta<shared.RowArgs> = {
  title: 'Widgets/Tickers',
  decorators: [shared.column()],
  ...shared.widgetsMeta<shared.RowArgs>(
    [topBanner.element, bottomBanner.element],
    { limit: topBanner.defaultRows, speed: 40, paused: false },
    shared.rowArgTypes,
  ),
};

export default meta;
type Story = StoryObj<shared.RowArgs>;

const stories = shared.rowStories([topBanner.event, bottomBanner.event]);

export const Loading = stories.Loading;
export const Live = stories.Live;
export const Stale = stories.Stale;
export const ErrorState = stories.ErrorState;
export const Empty = stories.Empty;

/** Every asset of the fixtures; the speed stays the same in px/s whatever the length. */
export const LongList = stories.LongList;

export const Light = shared.themeStories.Light;
export const Dark = shared.themeStories.Dark;

/**
 * The still strips: what the pause button gives, and close to `prefers-reduced-motion: reduce` (there the strips
 * do not move at all, the pause button and the duplicate copy go away and the strips scroll by hand or with the
 * arrow keys; emulate it in the browser's dev tools, Rendering panel). Tab reaches the pause button and one item
 * of each strip; arrow keys, Home and End move between the items.
 */
export const ReducedMotion: Story = { args: { paused: true } };

/**
 * Two price tickers on one page: each a landmark of its own name, the second "Price changes, 1 hour (2)" unless
 * a `label` attribute names it.
 */
export const TwoOfAKind: Story = { render: shared.renderWidgets(topBanner.element, topBanner.element) };
