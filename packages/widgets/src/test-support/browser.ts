/** Helpers of the browser tests: the mocked API, mounting elements, waiting, axe. */
import 'axe-core';
import type AxeCore from 'axe-core';
import { setupWorker } from 'msw/browser';
import { apiHandlers, defaultReplies, type Endpoint, type Reply } from './mock-api.js';

/** What the mocked API answers; reset before each test, changeable within one. */
export const replies: Record<Endpoint, Reply> = defaultReplies();
/** Paths requested from the mocked API since the last reset. */
export const requests: string[] = [];

let started: Promise<unknown> | undefined;
let apiCount = 0;
const containers: HTMLElement[] = [];

/** Starts the mock worker once, resets answers and the log, and returns a fresh API base for this test. */
export const setupApi = async (): Promise<string> => {
  started ??= setupWorker(...apiHandlers(replies, requests)).start({
    quiet: true,
    onUnhandledRequest: 'bypass',
  });
  await started;
  Object.assign(replies, defaultReplies());
  requests.length = 0;
  localStorage.clear();
  return `${location.origin}/test-api-${++apiCount}`;
};

/** Mounts markup in a fresh container (removed by `cleanup`) and returns its first element once rendered. */
export const mount = async <T extends HTMLElement>(markup: string, width = 800): Promise<T> => {
  const container = document.createElement('div');
  container.style.width = `${width}px`;
  container.innerHTML = markup;
  document.body.append(container);
  containers.push(container);
  const element = container.firstElementChild as T & { updateComplete?: Promise<unknown> };
  await element.updateComplete;
  return element;
};

export const cleanup = (): void => {
  for (const container of containers.splice(0)) container.remove();
};

/** Waits until `check` returns something truthy, and returns it. */
export const until = async <T>(
  check: () => T,
  what = 'condition',
  timeout = 4000,
): Promise<NonNullable<T>> => {
  const end = performance.now() + timeout;
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

export const $ = <T extends Element = HTMLElement>(element: Element, selector: string): T | null =>
  element.shadowRoot!.querySelector<T>(selector);

export const $$ = <T extends Element = HTMLElement>(element: Element, selector: string): T[] => [
  ...element.shadowRoot!.querySelectorAll<T>(selector),
];

/** Text with every run of whitespace (Intl's no-break spaces too) made one plain space. */
export const text = (node: Element | null | undefined): string =>
  (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** axe-core on an element and its shadow roots; returns the violations, described. */
export const axeViolations = async (element: Element): Promise<string[]> => {
  const { axe } = window as unknown as { axe: typeof AxeCore };
  const result = await axe.run(element, { resultTypes: ['violations'] });
  return result.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
};

/** A promise with its resolve function, to hold a mocked answer back. */
export const gate = (): { promise: Promise<void>; open: () => void } => {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
};
