/** What every widget's stories share: the mocked API and the controls of the common attributes. */

import type { RequestHandler } from 'msw';
import type { Theme } from '../base/cbm-element.js';
import { apiHandlers, defaultReplies, type Endpoint, type Reply } from './mock-api.js';

/** Controls of the attributes every element has. */
export interface CommonArgs {
  theme: Theme;
  locale: string;
  live: boolean;
  refresh: number | undefined;
  link: string | undefined;
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
