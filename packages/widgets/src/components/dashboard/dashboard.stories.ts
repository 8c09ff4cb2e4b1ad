import { TOPIC_TABLE } from '@cbmo4ers/contract';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import * as shared from '../../test-support/stories.js';
import './dashboard.js';

const meta: Meta<shared.RowArgs> = {
  title: 'Widgets/Dashboard',
  ...shared.widgetsMeta<shared.RowArgs>(
    ['cbm-dashboard'],
    { limit: 10, speed: 40 },
    {
      limit: { ...shared.rowArgTypes.limit, description: 'Rows of each table' },
      speed: shared.rowArgTypes.speed,
    },
  ),
};

export default meta;
type Story = StoryObj<shared.RowArgs>;

// Every endpoint with rows in each state (the server itself still answers its health check).
const stories = shared.rowStories(shared.ROW_ENDPOINTS);

/** Every widget's skeleton: the API never answers. */
export const Loading: Story = {
  parameters: { msw: shared.mockApi({ ...shared.each(shared.ROW_ENDPOINTS, () => 'hang'), health: 'hang' }) },
};
export const Live = stories.Live;
export const Stale = stories.Stale;
export const ErrorState = stories.ErrorState;
export const Empty = stories.Empty;

/** 15 rows per table and every asset of the fixtures in the tickers. */
export const LongList: Story = { ...stories.LongList, args: { limit: TOPIC_TABLE.gainers.defaultRows } };

export const Light = shared.themeStories.Light;
export const Dark = shared.themeStories.Dark;

/** A container under 760 px: the tables stack. */
export const Narrow: Story = { decorators: [shared.column(480)] };
