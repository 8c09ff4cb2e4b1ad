import { expect } from '@esm-bundle/chai';
import './dashboard.js';
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
import { bottomBanner, gainers, losers, topBanner } from '../../test-support/data.js';

const child = (dashboard: Element, tag: string) => $(dashboard, tag)!;
const ready = (dashboard: Element) =>
  until(
    () =>
      ['cbm-gainers-table', 'cbm-losers-table'].every(
        (tag) => $$(child(dashboard, tag), 'tbody th').length,
      ) &&
      ['cbm-price-ticker', 'cbm-volume-ticker'].every((tag) => $$(child(dashboard, tag), '.item').length) &&
      text($(child(dashboard, 'cbm-status'), '[part="base"]')).includes('Server healthy'),
    'every widget',
  );

describe('cbm-dashboard', () => {
  let api: string;
  beforeEach(async () => {
    api = await setupApi();
  });
  afterEach(cleanup);

  it('renders every widget from one shared client, one request per endpoint', async () => {
    const dashboard = await mount(`<cbm-dashboard api="${api}" locale="en-US"></cbm-dashboard>`, 1100);
    await ready(dashboard);
    const prefix = new URL(api).pathname;
    expect([...requests].sort()).to.deep.equal(
      ['bottom-banner-scroll', 'gainers-table', 'losers-table', 'top-banner-scroll']
        .map((name) => `${prefix}/api/component/${name}`)
        .concat(`${prefix}/api/health`)
        .sort(),
    );
    expect(text($(child(dashboard, 'cbm-gainers-table'), 'tbody th'))).to.equal(
      `${gainers().data[0]!.base} ${gainers().data[0]!.name}`,
    );
    expect(text($(child(dashboard, 'cbm-losers-table'), 'tbody th'))).to.include(losers().data[0]!.base);
    expect(text($(child(dashboard, 'cbm-price-ticker'), '.item [part="symbol"]'))).to.equal(
      topBanner().data[0]!.base,
    );
    expect(text($(child(dashboard, 'cbm-volume-ticker'), '.item [part="symbol"]'))).to.equal(
      bottomBanner().data[0]!.base,
    );
  });

  it('passes its attributes down', async () => {
    const dashboard = await mount(
      `<cbm-dashboard api="${api}" locale="de-DE" theme="dark" limit="4" link="none" speed="80"></cbm-dashboard>`,
      1100,
    );
    await ready(dashboard);
    const table = child(dashboard, 'cbm-gainers-table');
    expect(table.getAttribute('theme')).to.equal('dark');
    expect($$(table, 'tbody tr')).to.have.length(4);
    expect($$(table, 'a')).to.have.length(0);
    expect(text($(table, 'td.price'))).to.equal('151,23 $');
    expect((child(dashboard, 'cbm-price-ticker') as HTMLElement & { speed: number }).speed).to.equal(80);
  });

  it('keeps every widget as wide as the dashboard', async () => {
    const dashboard = await mount(`<cbm-dashboard api="${api}"></cbm-dashboard>`, 900);
    await ready(dashboard);
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const tag of ['cbm-status', 'cbm-price-ticker', 'cbm-volume-ticker']) {
      expect(child(dashboard, tag).getBoundingClientRect().width, tag).to.equal(900);
    }
  });

  it('puts the tables side by side, stacked in a narrow container', async () => {
    const wide = await mount(`<cbm-dashboard api="${api}"></cbm-dashboard>`, 1100);
    const narrow = await mount(`<cbm-dashboard api="${api}"></cbm-dashboard>`, 500);
    const boxes = (dashboard: Element) =>
      ['cbm-gainers-table', 'cbm-losers-table'].map((tag) => child(dashboard, tag).getBoundingClientRect());
    const [gainersWide, losersWide] = boxes(wide);
    expect(gainersWide!.top).to.equal(losersWide!.top);
    expect(losersWide!.left).to.be.greaterThan(gainersWide!.right);
    const [gainersNarrow, losersNarrow] = boxes(narrow);
    expect(gainersNarrow!.left).to.equal(losersNarrow!.left);
    expect(losersNarrow!.top).to.be.greaterThan(gainersNarrow!.bottom);
  });

  it('does not shift when data replaces the skeletons', async () => {
    const held = gate();
    for (const endpoint of [
      'gainers-table',
      'losers-table',
      'top-banner-scroll',
      'bottom-banner-scroll',
    ] as const) {
      const reply = replies[endpoint];
      if (typeof reply === 'object' && 'body' in reply) replies[endpoint] = { ...reply, gate: held.promise };
    }
    const dashboard = await mount(`<cbm-dashboard api="${api}"></cbm-dashboard>`, 1100);
    const before = dashboard.getBoundingClientRect();
    held.open();
    await ready(dashboard);
    const after = dashboard.getBoundingClientRect();
    expect([after.width, after.height]).to.deep.equal([before.width, before.height]);
  });

  it('has no axe violations (light and dark)', async () => {
    const light = await mount(`<cbm-dashboard api="${api}"></cbm-dashboard>`, 1100);
    const dark = await mount(`<cbm-dashboard api="${api}" theme="dark"></cbm-dashboard>`, 1100);
    await ready(light);
    await ready(dark);
    expect(await axeViolations(light)).to.deep.equal([]);
    expect(await axeViolations(dark)).to.deep.equal([]);
  });
});
