/**
 * What every widget's stories share: the mocked API, the controls of the common attributes, one render
 * function for every element, and the stories of the states each element with rows shows.
 */

import type { Decorator, Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { unsafeStatic, html as withTag } from 'lit/static-html.js';
import type { RequestHandler } from 'msw';
import type { Theme } from '../base/cbm-widget.js';
import { ASSETS, bottomBanner, gainers, losers, topBanner } from './data.js';
import { apiHandlers, defaultReplies, type Endpoint, type Reply } from './mock-api.js';

/** Controls of the attributes every element has. */
export interface CommonArgs {
  theme: Theme;
  locale: string;
  live: boolean;
  refresh: number | undefined;
  link?: string | undefined;
}

/** Controls of the elements with rows (`speed` and `paused`: the tickers' and the dashboard's). */
export interface RowArgs extends CommonArgs {
  limit: number;
  speed?: number;
  paused?: boolean;
}

export const commonArgTypes = {
  theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
  locale: { control: 'text' },
  live: { control: 'boolean', description: 'Stream (mocked Server-Sent Events) instead of polling' },
  refresh: { control: 'number', description: 'Polling period in ms (default 5000)' },
  link: { control: 'text', description: 'Link template with {base} / {symbol}, or none' },
} as const;

/** The mocked API (`.storybook/preview.ts` gives each story its own base URL), some endpoints overridden. */
export const mockApi = (replies: Partial<Record<Endpoint, Reply>> = {}): RequestHandler[] =>
  apiHandlers({ ...defaultReplies(), ...replies });

type Args = CommonArgs & Partial<RowArgs>;
type Context = { loaded: { api?: string } };

/** Each of `tags` in turn, with the story's args as attributes, against the story's own mocked API. */
export const renderWidgets =
  (...tags: string[]) =>
  (args: Args, { loaded }: Context) =>
    html`${tags.map((tag) => {
      const name = unsafeStatic(tag);
      return withTag`<${name}
        api=${ifDefined(loaded.api)}
        theme=${args.theme}
        locale=${args.locale}
        ?live=${args.live}
        refresh=${ifDefined(args.refresh)}
        link=${ifDefined(args.link)}
        limit=${ifDefined(args.limit)}
        speed=${ifDefined(args.speed)}
        ?paused=${args.paused ?? false}
      ></${name}>`;
    })}`;

/** Controls of the row count and, for the tickers and the dashboard, the scrolling speed. */
export const rowArgTypes = {
  limit: { control: { type: 'number', min: 1, max: 100 } },
  speed: { control: { type: 'number', min: 5, max: 200 }, description: 'Ticker speed in px per second' },
  paused: { control: 'boolean' },
} as const;

/**
 * The meta of the stories of `tags` (all but the title): each story renders every one of them with `args`
 * (beyond theme, locale and live) against the default mocked API.
 */
export const widgetsMeta = <A extends CommonArgs>(
  tags: [string, ...string[]],
  args: Partial<A>,
  argTypes: Meta<A>['argTypes'] = {},
): Meta<A> => ({
  component: tags[0],
  args: { theme: 'light', locale: 'en-US', live: false, ...args } as Partial<A>,
  argTypes: { ...commonArgTypes, ...argTypes },
  parameters: { msw: mockApi() },
  render: renderWidgets(...tags),
});

/** The story in a column at most `width` px wide, its elements 12 px apart. */
export const column =
  (width?: number): Decorator =>
  (story) =>
    html`<div style="display: grid; gap: 12px; max-width: ${width ? `${width}px` : 'none'}">${story()}</div>`;

/** The two themes, each on the matching background. */
export const themeStories = {
  Light: { args: { theme: 'light' }, globals: { backgrounds: { value: 'light' } } },
  Dark: { args: { theme: 'dark' }, globals: { backgrounds: { value: 'dark' } } },
} satisfies Record<string, StoryObj<CommonArgs>>;

/** Builds a body of an endpoint with rows: `count` rows (each builder has its default), fields overridden. */
type Body = (count?: number, extra?: { stale?: boolean }) => unknown;

const ROW_BODIES: Record<RowEndpoint, Body> = {
  'gainers-table': gainers,
  'losers-table': losers,
  'top-banner-scroll': topBanner,
  'bottom-banner-scroll': bottomBanner,
};

export type RowEndpoint = Exclude<Endpoint, 'health'>;

/** Every endpoint with rows. */
export const ROW_ENDPOINTS = Object.keys(ROW_BODIES) as RowEndpoint[];

/** The same kind of answer from each of `endpoints`, made with its fixture. */
export const each = (
  endpoints: RowEndpoint[],
  reply: (body: Body) => Reply,
): Partial<Record<Endpoint, Reply>> =>
  Object.fromEntries(endpoints.map((endpoint) => [endpoint, reply(ROW_BODIES[endpoint])]));

/**
 * The states of elements with rows fed by `endpoints`: loading (the skeleton, exactly the size of the element
 * with data, as the API never answers), live (the mocked `/api/stream` sends the rows, then new prices every
 * 3 s: changed table cells flash), stale (the server flagged its data: the badge shows the data's age), error
 * (the request failed and there is no data to show: a message and a retry button), empty, and a long list: a
 * row for every asset of the fixtures.
 */
export const rowStories = (
  endpoints: RowEndpoint[],
): Record<'Loading' | 'Live' | 'Stale' | 'ErrorState' | 'Empty' | 'LongList', StoryObj<RowArgs>> => ({
  Loading: { parameters: { msw: mockApi(each(endpoints, () => 'hang')) } },
  Live: { args: { live: true } },
  Stale: {
    parameters: { msw: mockApi(each(endpoints, (body) => ({ body: body(undefined, { stale: true }) }))) },
  },
  ErrorState: { name: 'Error', parameters: { msw: mockApi(each(endpoints, () => ({ status: 400 }))) } },
  Empty: { parameters: { msw: mockApi(each(endpoints, (body) => ({ body: body(0) }))) } },
  LongList: { parameters: { msw: mockApi(each(endpoints, (body) => ({ body: body(ASSETS.length) }))) } },
});
