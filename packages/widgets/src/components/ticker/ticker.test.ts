import { expect } from '@esm-bundle/chai';
import { emulateMedia, resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../price-ticker/price-ticker.js';
import '../volume-ticker/volume-ticker.js';
import type { CbmSelectDetail } from '../../base/events.js';
import {
  $,
  $$,
  axeViolations,
  cleanup,
  gate,
  mount,
  replies,
  setupApi,
  text,
  until,
} from '../../test-support/browser.js';
import { topBanner } from '../../test-support/data.js';
import type { CbmPriceTicker } from '../price-ticker/price-ticker.component.js';

/** Both copies filled: the duplicate follows the first copy a task later. */
const loaded = (element: Element) => until(() => $$(element, '.copy[aria-hidden] .item').length > 0, 'items');
const track = (element: Element) => getComputedStyle($(element, '.track')!);
const center = (element: Element): [number, number] => {
  const box = element.getBoundingClientRect();
  return [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)];
};

describe('tickers', () => {
  let api: string;
  beforeEach(async () => {
    api = await setupApi();
  });
  afterEach(async () => {
    cleanup();
    await resetMouse();
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('shows a skeleton while loading, then the items in server order', async () => {
    const held = gate();
    replies['top-banner-scroll'] = { body: topBanner(), gate: held.promise };
    const ticker = await mount(`<cbm-price-ticker api="${api}" locale="en-US"></cbm-price-ticker>`);
    expect($(ticker, '[part="base"]')!.getAttribute('aria-busy')).to.equal('true');
    expect($$(ticker, '.skeleton .bone').length).to.be.greaterThan(0);
    // The skeleton pulses only once loading has taken a second.
    const [pulse] = $(ticker, '.skeleton .bone')!.getAnimations();
    expect(pulse!.effect!.getComputedTiming().delay).to.equal(1000);
    held.open();
    await loaded(ticker);
    const items = $$(ticker, '.copy:not([aria-hidden]) .item');
    expect(items.map((item) => text(item.querySelector('[part="symbol"]')))).to.deep.equal(
      topBanner().data.map((row) => row.base),
    );
    expect(text(items[0])).to.equal('SOL $151.23 ▲ +4.20%');
    expect(text(items[1])).to.equal('BTC $97,123.45 ▼ -3.90%');
  });

  it('formats for de-DE', async () => {
    const ticker = await mount(`<cbm-price-ticker api="${api}" locale="de-DE"></cbm-price-ticker>`);
    await loaded(ticker);
    expect(text($(ticker, '.item'))).to.equal('SOL 151,23 $ ▲ +4,20 %');
  });

  it('renders a second copy that is aria-hidden and out of the tab order, for a seamless loop', async () => {
    const ticker = await mount(`<cbm-price-ticker api="${api}"></cbm-price-ticker>`);
    await loaded(ticker);
    const [first, duplicate] = $$(ticker, '.copy');
    expect(first!.hasAttribute('aria-hidden')).to.equal(false);
    expect(duplicate!.getAttribute('aria-hidden')).to.equal('true');
    expect([...duplicate!.querySelectorAll('a')].map((link) => link.tabIndex)).to.deep.equal(
      topBanner().data.map(() => -1),
    );
    expect(duplicate!.children.length).to.equal(first!.children.length);
    expect(track(ticker).animationName).to.equal('cbm-marquee');
    expect(track(ticker).animationPlayState).to.equal('running');
  });

  it('holds still for --cbm-ticker-hold (2 s by default) after its items appear, then scrolls', async () => {
    const ticker = await mount(`<cbm-price-ticker api="${api}"></cbm-price-ticker>`);
    const quick = await mount(
      `<cbm-volume-ticker api="${api}" style="--cbm-ticker-hold: 0s"></cbm-volume-ticker>`,
    );
    await loaded(ticker);
    await loaded(quick);
    const [held] = $(ticker, '.track')!.getAnimations();
    expect(held!.effect!.getComputedTiming().delay).to.equal(2000);
    expect(track(ticker).transform).to.equal('none');
    const [moving] = $(quick, '.track')!.getAnimations();
    expect(moving!.effect!.getComputedTiming().delay).to.equal(0);
    await until(() => track(quick).transform !== 'none', 'the strip without a hold scrolls');
    expect(track(ticker).transform).to.equal('none');
  });

  it('scrolls at `speed` px per second whatever the number of items', async () => {
    const ticker = await mount(`<cbm-price-ticker api="${api}" speed="100"></cbm-price-ticker>`);
    await loaded(ticker);
    const width = $(ticker, '.copy')!.offsetWidth;
    await until(
      () => track(ticker).animationDuration === `${(width / 100).toFixed(3).replace(/\.?0+$/, '')}s`,
      'duration',
    );
    ticker.setAttribute('speed', '50');
    await until(
      () => track(ticker).animationDuration === `${(width / 50).toFixed(3).replace(/\.?0+$/, '')}s`,
      'new duration',
    );
  });

  it('does not grow a shrink-to-fit parent to the width of its track', async () => {
    const ticker = await mount(`<cbm-price-ticker api="${api}"></cbm-price-ticker>`);
    const parent = ticker.parentElement!;
    parent.style.cssText = 'display: inline-grid; max-width: 600px';
    await loaded(ticker);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ticker.getBoundingClientRect().width).to.be.at.most(600);
    expect($(ticker, '.viewport')!.clientWidth).to.be.below(600);
  });

  it('pauses on hover', async () => {
    const ticker = await mount(`<cbm-price-ticker api="${api}"></cbm-price-ticker>`);
    await loaded(ticker);
    await sendMouse({ type: 'move', position: center($(ticker, '.viewport')!) });
    expect(track(ticker).animationPlayState).to.equal('paused');
    await sendMouse({ type: 'move', position: [0, 700] });
    expect(track(ticker).animationPlayState).to.equal('running');
  });

  it('is two tab stops (its button and one item); arrow keys, Home and End move between the items', async () => {
    const [before, after] = ['before', 'after'].map((name) => {
      const button = document.createElement('button');
      button.textContent = name;
      return button;
    });
    document.body.prepend(before!);
    const ticker = await mount(`<cbm-price-ticker api="${api}"></cbm-price-ticker>`);
    ticker.after(after!);
    await loaded(ticker);
    const focused = () => text(ticker.shadowRoot!.activeElement);
    before!.focus();
    await sendKeys({ press: 'Tab' });
    expect(ticker.shadowRoot!.activeElement?.getAttribute('part')).to.equal('pause');
    await sendKeys({ press: 'Tab' });
    expect(focused()).to.equal('SOL');
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    expect(focused()).to.equal('DOGE');
    await sendKeys({ press: 'ArrowLeft' });
    expect(focused()).to.equal('BTC');
    await sendKeys({ press: 'End' });
    expect(focused()).to.equal(topBanner().data.at(-1)!.base);
    await sendKeys({ press: 'ArrowRight' });
    expect(focused()).to.equal(topBanner().data.at(-1)!.base);
    await sendKeys({ press: 'Home' });
    await sendKeys({ press: 'ArrowRight' });
    // Tab leaves the strip, and Shift+Tab comes back to the item last focused.
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(after);
    const shiftTab = () =>
      sendKeys({ down: 'Shift' })
        .then(() => sendKeys({ press: 'Tab' }))
        .then(() => sendKeys({ up: 'Shift' }));
    await shiftTab();
    expect(focused()).to.equal('BTC');
    await shiftTab();
    expect(ticker.shadowRoot!.activeElement?.getAttribute('part')).to.equal('pause');
    before!.remove();
    after!.remove();
  });

  it('keeps the item with keyboard focus in view, ringed and still', async () => {
    const ticker = await mount(
      `<cbm-price-ticker api="${api}" style="--cbm-ticker-hold: 0s"></cbm-price-ticker>`,
    );
    await loaded(ticker);
    await until(() => track(ticker).transform !== 'none', 'scrolling');
    $(ticker, '[part="pause"]')!.focus();
    // Focus on the button pauses the strip where it is.
    expect(track(ticker).animationPlayState).to.equal('paused');
    await sendKeys({ press: 'Tab' });
    const viewport = $(ticker, '.viewport')!.getBoundingClientRect();
    for (const _ of topBanner().data) {
      const link = ticker.shadowRoot!.activeElement as HTMLElement;
      const box = link.getBoundingClientRect();
      expect(track(ticker).animationName).to.equal('none');
      // Clear of the button and of the faded ends.
      expect(box.left, text(link)).to.be.at.least(viewport.left + 16);
      expect(box.right, text(link)).to.be.at.most(viewport.right - 16);
      expect(getComputedStyle(link).outlineStyle).to.equal('solid');
      await sendKeys({ press: 'ArrowRight' });
    }
  });

  it('pauses and plays with its button', async () => {
    const ticker = await mount<CbmPriceTicker>(`<cbm-price-ticker api="${api}"></cbm-price-ticker>`);
    await loaded(ticker);
    const button = $<HTMLButtonElement>(ticker, '[part="pause"]')!;
    expect(text(button)).to.equal('Pause price changes, 1 hour');
    button.click();
    await ticker.updateComplete;
    button.blur();
    expect(ticker.hasAttribute('paused')).to.equal(true);
    expect(text(button)).to.equal('Play price changes, 1 hour');
    expect(track(ticker).animationPlayState).to.equal('paused');
    button.click();
    await ticker.updateComplete;
    button.blur();
    expect(track(ticker).animationPlayState).to.equal('running');
  });

  it('does not move at all under prefers-reduced-motion, and every item stays reachable', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const ticker = await mount(`<cbm-price-ticker api="${api}"></cbm-price-ticker>`, 360);
    await loaded(ticker);
    expect(track(ticker).animationName).to.equal('none');
    expect(getComputedStyle($(ticker, '.copy[aria-hidden]')!).display).to.equal('none');
    const viewport = $(ticker, '.viewport')!;
    expect(getComputedStyle(viewport).overflowX).to.equal('auto');
    expect(getComputedStyle(viewport).maskImage).to.equal('none');
    const items = $$(ticker, '.copy:not([aria-hidden]) .item');
    expect(items).to.have.length(topBanner().data.length);
    // The first item whole at the start; scrolled to the end, the last one.
    const inView = (item: Element) => {
      const box = item.getBoundingClientRect();
      const frame = viewport.getBoundingClientRect();
      return box.left >= frame.left && box.right <= frame.right;
    };
    expect(inView(items[0]!)).to.equal(true);
    expect(inView(items.at(-1)!)).to.equal(false);
    viewport.scrollLeft = viewport.scrollWidth;
    expect(inView(items.at(-1)!)).to.equal(true);
    // And by keyboard: the last link focused is scrolled into view.
    viewport.scrollLeft = 0;
    $(ticker, '.copy a')!.focus();
    await sendKeys({ press: 'End' });
    expect(inView(items.at(-1)!)).to.equal(true);
  });

  it('takes clicks on the items of the second copy', async () => {
    const ticker = await mount(`<cbm-price-ticker api="${api}" paused></cbm-price-ticker>`);
    await loaded(ticker);
    // Nine tenths through the loop: the second copy fills most of the strip.
    const [animation] = $(ticker, '.track')!.getAnimations();
    const { delay, duration } = animation!.effect!.getComputedTiming();
    animation!.currentTime = delay! + (duration as number) * 0.9;
    const selected: CbmSelectDetail[] = [];
    const cancel = (event: CustomEvent<CbmSelectDetail>) => {
      selected.push(event.detail);
      event.preventDefault();
    };
    ticker.addEventListener('cbm-select', cancel);
    const duplicateItem = $$(ticker, '.copy[aria-hidden] .item')[1]!;
    await sendMouse({ type: 'click', position: center(duplicateItem.querySelector('a')!) });
    ticker.removeEventListener('cbm-select', cancel);
    expect(selected.map((detail) => detail.base)).to.deep.equal(['BTC']);
  });

  it('shows error with retry, empty and stale states', async () => {
    replies['top-banner-scroll'] = { status: 400 };
    const failing = await mount(`<cbm-price-ticker api="${api}"></cbm-price-ticker>`);
    await until(() => $(failing, '[part="error"] [part="retry"]'), 'error');
    replies['top-banner-scroll'] = { body: topBanner() };
    $<HTMLButtonElement>(failing, '[part="retry"]')!.click();
    await loaded(failing);

    replies['bottom-banner-scroll'] = {
      body: { ...topBanner(0), component: 'bottom_banner_scroll', focus: 'volume_change' },
    };
    const empty = await mount(`<cbm-volume-ticker api="${api}"></cbm-volume-ticker>`);
    expect(text(await until(() => $(empty, '[part="empty"]'), 'empty'))).to.equal(
      'No volume changes right now.',
    );

    const other = await setupApi();
    replies['top-banner-scroll'] = { body: topBanner(12, { stale: true }) };
    const stale = await mount(`<cbm-price-ticker api="${other}" locale="en-US"></cbm-price-ticker>`);
    expect(text(await until(() => $(stale, '.badge.stale'), 'stale'))).to.match(/^Stale · \d+ sec\. ago$/);
  });

  it('keeps its size through skeleton, data and error', async () => {
    const held = gate();
    replies['top-banner-scroll'] = { body: topBanner(), gate: held.promise };
    replies['bottom-banner-scroll'] = { status: 400 };
    const ticker = await mount(`<cbm-price-ticker api="${api}"></cbm-price-ticker>`);
    const failing = await mount(`<cbm-volume-ticker api="${api}"></cbm-volume-ticker>`);
    const before = ticker.getBoundingClientRect();
    held.open();
    await loaded(ticker);
    await until(() => $(failing, '[part="error"]'), 'error');
    const after = ticker.getBoundingClientRect();
    expect([after.width, after.height]).to.deep.equal([before.width, before.height]);
    expect(failing.getBoundingClientRect().height).to.equal(before.height);
  });

  it('renders the volume ticker with compact volumes and signed changes', async () => {
    const ticker = await mount(`<cbm-volume-ticker api="${api}" locale="en-US"></cbm-volume-ticker>`);
    await loaded(ticker);
    const items = $$(ticker, '.copy:not([aria-hidden]) .item');
    expect(text(items[0])).to.equal('SOL Vol 1h $82.3M ▼ -85.00%');
    expect(text(items[1])).to.equal('BTC Vol 1h $6.9M ▲ +79.00%');
  });

  it('gives two tickers of a kind distinct names, or the `label` given', async () => {
    const first = await mount(`<cbm-price-ticker api="${api}"></cbm-price-ticker>`);
    const second = await mount(`<cbm-price-ticker api="${api}"></cbm-price-ticker>`);
    const named = await mount(`<cbm-volume-ticker api="${api}" label="Our volumes"></cbm-volume-ticker>`);
    const volumes = await mount(`<cbm-volume-ticker api="${api}"></cbm-volume-ticker>`);
    const other = await mount(`<cbm-volume-ticker api="${api}"></cbm-volume-ticker>`);
    const tickers = [first, second, named, volumes, other];
    await Promise.all(tickers.map(loaded));
    const names = tickers.map((ticker) => $(ticker, '[part="base"]')!.getAttribute('aria-label'));
    expect(new Set(names).size).to.equal(5);
    expect(names[2]).to.equal('Our volumes');
    expect(text($(named, '[part="pause"]'))).to.equal('Pause our volumes');
    const { axe } = window as unknown as { axe: typeof import('axe-core') };
    const result = await axe.run(document, { runOnly: ['landmark-unique'] });
    expect(result.violations).to.deep.equal([]);
    expect(result.passes.map((rule) => rule.id)).to.deep.equal(['landmark-unique']);
  });

  it('has no axe violations (light, dark, reduced motion)', async () => {
    const light = await mount(`<cbm-price-ticker api="${api}"></cbm-price-ticker>`);
    const dark = await mount(`<cbm-volume-ticker api="${api}" theme="dark"></cbm-volume-ticker>`);
    await loaded(light);
    await loaded(dark);
    expect(await axeViolations(light)).to.deep.equal([]);
    expect(await axeViolations(dark)).to.deep.equal([]);
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(await axeViolations(light)).to.deep.equal([]);
  });
});
