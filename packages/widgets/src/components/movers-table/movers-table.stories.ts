import { TOPIC_TABLE } from '@cbmo4ers/contract';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import * as shared from '../../test-support/stories.js';
import './movers-table.js';

const { gainers, losers } = TOPIC_TABLE;

/** Both tables in every story: they are one element with two topics. */
const meta: Meta<shared.RowArgs> = {
  title: 'Widgets/Movers tables',
  decorators: [shared.column(720)],
  ...shared.widgetsMeta<shared.RowArgs>(
    [gainers.element, losers.element],
    { limit: 10 },
    { limit: shared.rowArgTypes.limit },
  ),
};

export default meta;
type Story = StoryObj<shared.RowArgs>;

const stories = shared.rowStories([gainers.event, losers.event]);

export const Loading = stories.Loading;
export const Live = stories.Live;
export const Stale = stories.Stale;
export const ErrorState = stories.ErrorState;
export const Empty = stories.Empty;

/** 15 rows, the server's default table length. */
export const LongList: Story = { ...stories.LongList, args: { limit: TOPIC_TABLE.gainers.defaultRows } };

export const Light = shared.themeStories.Light;
export const Dark = shared.themeStories.Dark;

/**
 * Streaming as in Live: with `prefers-reduced-motion: reduce` (emulate it in the browser's dev tools, Rendering
 * panel) changed prices are not highlighted and the skeleton does not pulse.
 */
export const ReducedMotion: Story = { args: { live: true } };
