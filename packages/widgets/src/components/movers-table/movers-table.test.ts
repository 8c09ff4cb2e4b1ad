import { expect } from '@esm-bundle/chai';
import { emulateMedia } from '@web/test-runner-commands';
import './movers-table.js';
import type { CbmSelectDetail } from '../../base/events.js';
import {
  $,
  $$,
  axeViolations,
  cleanup,
  gate,
  mount,
  replies,
  requests,
  setupApi,
  text,
  until,
} from '../../test-support/browser.js';
import { gainers, hostileRow, losers, moverRow } from '../../test-support/data.js';
import type { CbmGainersTable } from './gainers-table.component.js';

const rowsOf = (element: Element) => $$(element, 'tbody tr[part="row"]:not(.skeleton)');
/** Data rows on screen and the table no longer busy: a table fills a few rows per task. */
const loaded = (element: Element) =>
  until(
    () => rowsOf(element).length > 0 && $(element, 'table')!.getAttribute('aria-busy') === 'false',
    'rows',
  );

describe('movers tables', () => {
  let api: string;
  beforeEach(async () => {
    api = await setupApi();
  });
  afterEach(async () => {
    cleanup();
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('shows a skeleton of `limit` rows while loading', async () => {
    replies['gainers-table'] = 'hang';
    const table = await mount<CbmGainersTable>(
      `<cbm-gainers-table api="${api}" limit="5"></cbm-gainers-table>`,
    );
    expect($(table, 'table')!.getAttribute('aria-busy')).to.equal('true');
    expect($$(table, 'tr.skeleton')).to.have.length(5);
  });

  it('renders the gainers in server order, formatted for en-US', async () => {
    const table = await mount(`<cbm-gainers-table api="${api}" locale="en-US"></cbm-gainers-table>`);
    await loaded(table);
    const rows = rowsOf(table);
    expect(rows).to.have.length(10);
    expect(rows.map((row) => text(row.querySelector('[part="symbol"]')))).to.deep.equal(
      gainers().data.map((row) => row.base),
    );
    expect(text(rows[0]))
      .to.include('SOL')
      .and.include('Solana')
      .and.include('$151.23')
      .and.include('▲ +12.50%');
    expect(text(rows[1]!.querySelector('.price'))).to.equal('$97,123.45');
    expect(text(rows[2]!.querySelector('.price'))).to.equal('$0.1235');
    expect(text(rows[3]!.querySelector('.price'))).to.equal('$0.00001234');
    expect(text(rows[0]!.querySelector('.signals'))).to.equal('Strong Alert');
    expect(rows[0]!.querySelector('svg polyline')).to.exist;
    expect($(table, 'caption')!.textContent).to.include('Top gainers');
    expect($(table, 'thead th')!.getAttribute('scope')).to.equal('col');
    expect(rows[0]!.querySelector('th')!.getAttribute('scope')).to.equal('row');
  });

  it('formats for de-DE', async () => {
    const table = await mount(`<cbm-gainers-table api="${api}" locale="de-DE"></cbm-gainers-table>`);
    await loaded(table);
    const [first, second] = rowsOf(table);
    expect(text(first!.querySelector('.price'))).to.equal('151,23 $');
    expect(text(first!.querySelector('.change'))).to.equal('▲ +12,50 %');
    expect(text(second!.querySelector('.price'))).to.equal('97.123,45 $');
  });

  it('renders the losers most negative first, with a minus sign and a down arrow', async () => {
    const table = await mount(`<cbm-losers-table api="${api}" locale="en-US" limit="3"></cbm-losers-table>`);
    await loaded(table);
    const rows = rowsOf(table);
    expect(rows).to.have.length(3);
    expect(rows.map((row) => text(row.querySelector('.change')))).to.deep.equal([
      '▼ -12.50%',
      '▼ -9.47%',
      '▼ -7.18%',
    ]);
    expect(rows[0]!.querySelector('.change')!.classList.contains('down')).to.equal(true);
    expect(text($(table, 'caption'))).to.include('Top losers');
    expect(requests).to.deep.equal([`${new URL(api).pathname}/api/component/losers-table`]);
    expect(losers().data[0]!.base).to.equal(text(rows[0]!.querySelector('[part="symbol"]')));
  });

  it('shows a stale badge with the age of the data and fires cbm-stale', async () => {
    replies['gainers-table'] = { body: gainers(10, { stale: true }) };
    const stale: CustomEvent[] = [];
    document.addEventListener('cbm-stale', (event) => stale.push(event), { once: true });
    const table = await mount(`<cbm-gainers-table api="${api}" locale="en-US"></cbm-gainers-table>`);
    const badge = await until(() => $(table, '.badge.stale'), 'stale badge');
    expect(text(badge)).to.match(/^Stale · \d+ sec\. ago$/);
    expect(stale).to.have.length(1);
    expect(stale[0]!.detail.topic).to.equal('gainers');
  });

  it('shows an error with a retry button that loads again', async () => {
    replies['gainers-table'] = { status: 400 };
    const errors: CustomEvent[] = [];
    const table = await mount(`<cbm-gainers-table api="${api}"></cbm-gainers-table>`);
    table.addEventListener('cbm-error', (event) => errors.push(event));
    const error = await until(() => $(table, '[part="error"]'), 'error state');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(text(error)).to.include('Could not load top gainers');
    replies['gainers-table'] = { body: gainers(4) };
    $<HTMLButtonElement>(table, '[part="retry"]')!.click();
    await until(() => rowsOf(table).length === 4, 'rows after retry');
    expect($(table, '[part="error"]')).to.equal(null);
  });

  it('fires cbm-error with details', async () => {
    replies['gainers-table'] = { status: 404 };
    const seen = new Promise<CustomEvent>((resolve) =>
      document.addEventListener('cbm-error', resolve as EventListener, { once: true }),
    );
    await mount(`<cbm-gainers-table api="${api}"></cbm-gainers-table>`);
    const event = await seen;
    expect(event.detail.topic).to.equal('gainers');
    expect(event.detail.message).to.include('404');
    expect(event.detail.hasData).to.equal(false);
    expect(event.composed && event.bubbles).to.equal(true);
  });

  it('shows an empty state', async () => {
    replies['gainers-table'] = { body: gainers(0) };
    const table = await mount(`<cbm-gainers-table api="${api}"></cbm-gainers-table>`);
    const empty = await until(() => $(table, '[part="empty"]'), 'empty state');
    expect(text(empty)).to.equal('No gainers right now.');
  });

  it('fires cbm-update with the envelope', async () => {
    const seen = new Promise<CustomEvent>((resolve) =>
      document.addEventListener('cbm-update', resolve as EventListener, { once: true }),
    );
    await mount(`<cbm-gainers-table api="${api}"></cbm-gainers-table>`);
    const event = await seen;
    expect(event.detail.topic).to.equal('gainers');
    expect(event.detail.data.data).to.have.length(10);
    expect(event.detail.updatedAt).to.be.a('number');
  });

  it('links to the Coinbase price page by default, and cbm-select can cancel the navigation', async () => {
    const table = await mount(`<cbm-gainers-table api="${api}"></cbm-gainers-table>`);
    await loaded(table);
    const link = $<HTMLAnchorElement>(table, 'a[part="symbol"]')!;
    expect(link.href).to.equal('https://www.coinbase.com/price/sol');
    const selected: CbmSelectDetail[] = [];
    const cancel = (event: CustomEvent<CbmSelectDetail>) => {
      selected.push(event.detail);
      event.preventDefault();
    };
    document.addEventListener('cbm-select', cancel);
    const click = new MouseEvent('click', { bubbles: true, composed: true, cancelable: true });
    link.dispatchEvent(click);
    document.removeEventListener('cbm-select', cancel);
    expect(selected).to.deep.equal([
      { symbol: 'SOL-USD', base: 'SOL', href: 'https://www.coinbase.com/price/sol' },
    ]);
    expect(click.defaultPrevented, 'navigation cancelled').to.equal(true);
  });

  it('follows the link template when cbm-select is not cancelled', async () => {
    const table = await mount(
      `<cbm-gainers-table api="${api}" link="https://example.test/assets/{base}?pair={symbol}"></cbm-gainers-table>`,
    );
    await loaded(table);
    const link = $<HTMLAnchorElement>(table, 'a[part="symbol"]')!;
    expect(link.href).to.equal('https://example.test/assets/SOL?pair=SOL-USD');
    let selected = 0;
    let followed: boolean | undefined;
    const onSelect = () => selected++;
    // Runs after the element's own handler: tells whether the browser would follow, then stays on the page.
    const stay = (event: Event) => {
      followed = !event.defaultPrevented;
      event.preventDefault();
    };
    document.addEventListener('cbm-select', onSelect);
    window.addEventListener('click', stay);
    link.click();
    document.removeEventListener('cbm-select', onSelect);
    window.removeEventListener('click', stay);
    expect(selected).to.equal(1);
    expect(followed).to.equal(true);
  });

  it('renders no links with link="none" nor for a javascript: template', async () => {
    const none = await mount(`<cbm-gainers-table api="${api}" link="none"></cbm-gainers-table>`);
    const script = await mount(
      `<cbm-gainers-table api="${api}" link="javascript:alert('{base}')"></cbm-gainers-table>`,
    );
    await loaded(none);
    await loaded(script);
    expect($$(none, 'a')).to.have.length(0);
    expect($$(script, 'a')).to.have.length(0);
    expect(text($(none, '[part="symbol"]'))).to.equal('SOL');
  });

  it('renders markup in a symbol or name as text', async () => {
    replies['gainers-table'] = { body: gainers(1, { data: [hostileRow()] }) };
    const table = await mount(`<cbm-gainers-table api="${api}"></cbm-gainers-table>`);
    await loaded(table);
    expect(text($(table, '[part="symbol"]'))).to.equal('<img src=x onerror="window.__pwned=1">');
    expect(text($(table, '[part="name"]'))).to.equal('<b id="injected">Bold</b>');
    expect($$(table, 'img, b, script')).to.have.length(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('keeps its size when data replaces the skeleton', async () => {
    const held = gate();
    replies['gainers-table'] = { body: gainers(), gate: held.promise };
    const table = await mount(`<cbm-gainers-table api="${api}"></cbm-gainers-table>`);
    const before = table.getBoundingClientRect();
    held.open();
    await loaded(table);
    const after = table.getBoundingClientRect();
    expect([after.width, after.height]).to.deep.equal([before.width, before.height]);
  });

  it('reserves the height of `limit` rows while loading, then fits the rows that came', async () => {
    const held = gate();
    replies['gainers-table'] = { body: gainers(3), gate: held.promise };
    const table = await mount(`<cbm-gainers-table api="${api}" limit="30"></cbm-gainers-table>`);
    const row = $(table, 'tbody tr')!.getBoundingClientRect().height;
    const reserved = table.getBoundingClientRect().height;
    expect(reserved).to.be.above(row * 30);
    held.open();
    await loaded(table);
    // Caption, header and three rows: the frame ends where the table does.
    expect(table.getBoundingClientRect().height).to.equal(reserved - row * 27);
    expect($(table, '[part="base"]')!.getBoundingClientRect().bottom).to.equal(
      $(table, 'table')!.getBoundingClientRect().bottom + 1,
    );
  });

  it('shows every symbol, price and change whole on a phone (a 312 px table), cutting the name instead', async () => {
    const body = losers(10);
    body.data[0] = { ...moverRow(1, 'FARTCOIN', 'Fartcoin', 0.000000012, -123.45), url: '' };
    replies['losers-table'] = { body };
    const table = await mount(`<cbm-losers-table api="${api}" locale="en-US"></cbm-losers-table>`, 312);
    await loaded(table);
    const whole = (cell: Element) => cell.scrollWidth <= cell.clientWidth;
    for (const row of rowsOf(table)) {
      const asset = row.querySelector('th')!;
      const symbol = row.querySelector('[part="symbol"]')!.getBoundingClientRect();
      expect(symbol.right, text(row)).to.be.at.most(asset.getBoundingClientRect().right - 4);
      const price = row.querySelector('.price')!;
      expect(whole(price), `price ${price.scrollWidth} > ${price.clientWidth}`).to.equal(true);
      const change = row.querySelector('.change')!;
      expect(whole(change), `change ${change.scrollWidth} > ${change.clientWidth}`).to.equal(true);
    }
    // The sign says what the arrow would: the arrow makes room.
    expect(text(rowsOf(table)[0]!.querySelector('.change'))).to.equal('▼ -123.45%');
    expect(getComputedStyle(rowsOf(table)[0]!.querySelector('.change > [aria-hidden]')!).display).to.equal(
      'none',
    );
    expect(await axeViolations(table)).to.deep.equal([]);
  });

  it('takes its colours from --cbm-* custom properties and the theme attribute', async () => {
    const table = await mount(
      `<cbm-gainers-table api="${api}" style="--cbm-color-up: rgb(1, 2, 3); --cbm-row-height: 50px"></cbm-gainers-table>`,
    );
    await loaded(table);
    expect(getComputedStyle($(table, 'td.change')!).color).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle($(table, 'td.change')!).height).to.equal('50px');
    const light = getComputedStyle($(table, '.base')!).backgroundColor;
    table.setAttribute('theme', 'dark');
    expect(getComputedStyle($(table, '.base')!).backgroundColor).to.not.equal(light);
  });

  it('has no axe violations with data, while loading and in error (light and dark)', async () => {
    replies['losers-table'] = { status: 400 };
    const data = await mount(`<cbm-gainers-table api="${api}"></cbm-gainers-table>`);
    const dark = await mount(`<cbm-gainers-table api="${api}" theme="dark"></cbm-gainers-table>`);
    const failed = await mount(`<cbm-losers-table api="${api}"></cbm-losers-table>`);
    await loaded(data);
    await loaded(dark);
    await until(() => $(failed, '[part="error"]'), 'error');
    expect(await axeViolations(data)).to.deep.equal([]);
    expect(await axeViolations(dark)).to.deep.equal([]);
    expect(await axeViolations(failed)).to.deep.equal([]);
  });

  it('shares one client: two tables with one api make one request', async () => {
    const first = await mount(`<cbm-gainers-table api="${api}"></cbm-gainers-table>`);
    const second = await mount(`<cbm-gainers-table api="${api}" limit="3"></cbm-gainers-table>`);
    await loaded(first);
    await loaded(second);
    expect(rowsOf(second)).to.have.length(3);
    expect(requests).to.deep.equal([`${new URL(api).pathname}/api/component/gainers-table`]);
  });

  it('shows more rows than the server sends by default when `limit` asks for them', async () => {
    replies['gainers-table'] = { body: gainers(40) };
    const table = await mount(`<cbm-gainers-table api="${api}" limit="30"></cbm-gainers-table>`);
    await until(() => rowsOf(table).length === 30, '30 rows');
    expect(requests).to.include(`${new URL(api).pathname}/api/component/gainers-table?limit=30`);
  });

  it('fills with first data a few rows per task, top first, busy until the last row', async () => {
    const held = gate();
    replies['gainers-table'] = { body: gainers(15), gate: held.promise };
    const table = await mount(
      `<cbm-gainers-table api="${api}" locale="en-US" limit="15"></cbm-gainers-table>`,
    );
    expect($$(table, 'tr.skeleton')).to.have.length(15);
    // One record per task that changed the rows: MutationObserver callbacks run after each task's update.
    const seen: Array<[number, string | null]> = [];
    const observer = new MutationObserver(() =>
      seen.push([rowsOf(table).length, $(table, 'table')!.getAttribute('aria-busy')]),
    );
    observer.observe(table.shadowRoot!, { childList: true, subtree: true, attributes: true });
    held.open();
    await loaded(table);
    observer.disconnect();
    const filling = seen.filter(([rows]) => rows > 0);
    expect(filling[0]![0]).to.be.below(15);
    expect(filling.map(([rows]) => rows)).to.deep.equal(
      [...filling.map(([rows]) => rows)].sort((a, b) => a - b),
    );
    for (const [rows, busy] of filling) expect(busy).to.equal(rows === 15 ? 'false' : 'true');
    expect(rowsOf(table).map((row) => text(row.querySelector('[part="symbol"]')))).to.deep.equal(
      gainers(15).data.map((row) => row.base),
    );
    expect($$(table, 'tr.skeleton')).to.have.length(0);
  });

  it('does not render again for a snapshot it already shows, and does for the next one', async () => {
    const table = await mount<CbmGainersTable>(
      `<cbm-gainers-table api="${api}" refresh="100"></cbm-gainers-table>`,
    );
    await loaded(table);
    let renders = 0;
    const element = table as unknown as { render(): unknown };
    const render = element.render.bind(table);
    element.render = () => {
      renders += 1;
      return render();
    };
    // Three more polls answered with the same snapshot (a new object each time, as from the network).
    const polled = requests.length;
    await until(() => requests.length >= polled + 3 || undefined, 'three more polls');
    await table.updateComplete;
    expect(renders).to.equal(0);
    replies['gainers-table'] = { body: { ...gainers(), as_of: gainers().as_of + 1000 } };
    await until(() => renders > 0 || undefined, 'a render for the next snapshot');
  });

  it('highlights a price that changed', async () => {
    const table = await mount(`<cbm-gainers-table api="${api}" refresh="150"></cbm-gainers-table>`);
    await loaded(table);
    // The next snapshot, as the server sends it: a later as_of.
    const next = { ...gainers(), as_of: gainers().as_of + 1000 };
    next.data[1]!.current_price = 98000;
    replies['gainers-table'] = { body: next };
    await until(() => $$(table, 'td.price')[1]!.className.match(/flash-\d/), 'highlight');
    const [unchanged, changed] = $$(table, 'td.price');
    const transparent = 'rgba(0, 0, 0, 0)';
    expect(unchanged!.className).to.not.match(/flash-\d/);
    expect(getComputedStyle(unchanged!).backgroundColor).to.equal(transparent);
    expect(getComputedStyle(changed!).backgroundColor).to.not.equal(transparent);
    // On for 0.8 s, then off, with no frames in between: the end is the delay of a zero-length animation.
    const [end] = changed!.getAnimations();
    expect(end!.effect!.getComputedTiming()).to.include({ delay: 800, duration: 0 });
    await end!.finished;
    expect(getComputedStyle(changed!).backgroundColor).to.equal(transparent);
  });

  it('highlights nothing under prefers-reduced-motion', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const table = await mount(`<cbm-gainers-table api="${api}" refresh="150"></cbm-gainers-table>`);
    await loaded(table);
    const next = { ...gainers(), as_of: gainers().as_of + 1000 };
    next.data[1]!.current_price = 98000;
    replies['gainers-table'] = { body: next };
    await until(() => $$(table, 'td.price')[1]!.className.match(/flash-\d/), 'the changed class');
    const changed = $$(table, 'td.price')[1]!;
    expect(getComputedStyle(changed).backgroundColor).to.equal('rgba(0, 0, 0, 0)');
    expect(changed.getAnimations()).to.have.length(0);
  });
});
