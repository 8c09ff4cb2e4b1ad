import { expect } from '@esm-bundle/chai';
import './status.js';
import {
  $,
  $$,
  axeViolations,
  cleanup,
  mount,
  replies,
  setupApi,
  text,
  until,
} from '../../test-support/browser.js';
import { health } from '../../test-support/data.js';

/** The browser's connectivity as the page sees it (really going offline would cut the test runner off too). */
const setOnline = (online: boolean) => {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
};

describe('cbm-status', () => {
  let api: string;
  beforeEach(async () => {
    api = await setupApi();
  });
  afterEach(async () => {
    cleanup();
    setOnline(true);
  });

  it('shows POLLING, the last update time, breaker, errors and server health', async () => {
    const status = await mount(`<cbm-status api="${api}" locale="en-US"></cbm-status>`);
    await until(() => text($(status, '[part="base"]')).includes('Server healthy'), 'health');
    const content = text($(status, '[part="base"]'));
    expect(text($(status, '[part="status"]'))).to.equal('POLLING');
    expect(content).to.match(/Updated \d{1,2}:\d{2}:\d{2} [AP]M/);
    expect(content).to.include('Breaker closed').and.include('Errors 0');
  });

  it('formats the time for de-DE', async () => {
    const status = await mount(`<cbm-status api="${api}" locale="de-DE"></cbm-status>`);
    await until(() => text($(status, '[part="base"]')).includes('Server healthy'), 'health');
    expect(text($(status, '[part="base"]'))).to.match(/Updated \d{2}:\d{2}:\d{2} /);
  });

  it('shows a degraded server', async () => {
    replies.health = { body: health({ status: 'degraded' }) };
    const status = await mount(`<cbm-status api="${api}"></cbm-status>`);
    await until(() => text($(status, '[part="base"]')).includes('Server degraded'), 'degraded');
  });

  it('shows OFFLINE with a retry button when the network is gone', async () => {
    const status = await mount(`<cbm-status api="${api}"></cbm-status>`);
    await until(() => text($(status, '[part="base"]')).includes('Server healthy'), 'health');
    setOnline(false);
    await until(() => text($(status, '[part="status"]')) === 'OFFLINE', 'offline');
    expect($(status, '[part="retry"]')).to.exist;
    // What the server said before the outage is no longer known.
    expect(text($(status, '.server'))).to.equal('unknown');
    expect(await axeViolations(status)).to.deep.equal([]);
    setOnline(true);
    await until(() => text($(status, '[part="status"]')) === 'POLLING', 'back online');
  });

  it('says the server health is unknown while its requests fail, and never calls the breaker a health', async () => {
    const status = await mount(`<cbm-status api="${api}" refresh="200"></cbm-status>`);
    await until(() => text($(status, '[part="base"]')).includes('Server healthy'), 'health');
    replies.health = { status: 503 };
    await until(() => text($(status, '.server')) === 'unknown', 'unknown while failing');
    // The breaker opens (OFFLINE, after five failed polls: about a second): the health stays unknown.
    await until(() => text($(status, '[part="status"]')) === 'OFFLINE', 'offline', 8000);
    expect(text($(status, '.server'))).to.equal('unknown');
    replies.health = { body: health() };
    $<HTMLButtonElement>(status, '[part="retry"]')!.click();
    await until(() => text($(status, '.server')) === 'healthy', 'healthy again');
  });

  it('announces a change of mode through its one polite live region', async () => {
    const status = await mount(`<cbm-status api="${api}"></cbm-status>`);
    await until(() => text($(status, '[part="base"]')).includes('Server healthy'), 'health');
    const regions = $$(status, '[role="status"], [role="alert"], [aria-live]');
    expect(regions).to.have.length(1);
    expect(regions[0]!.getAttribute('part')).to.equal('status');
    setOnline(false);
    await until(() => text(regions[0]) === 'OFFLINE', 'offline announced');
    // The same node: a live region replaced by a new one announces nothing.
    expect($(status, '[role="status"]')).to.equal(regions[0]);
    expect(await axeViolations(status)).to.deep.equal([]);
  });

  it('has no axe violations (light and dark)', async () => {
    const light = await mount(`<cbm-status api="${api}"></cbm-status>`);
    const dark = await mount(`<cbm-status api="${api}" theme="dark"></cbm-status>`);
    await until(() => text($(dark, '[part="base"]')).includes('Server healthy'), 'health');
    expect(await axeViolations(light)).to.deep.equal([]);
    expect(await axeViolations(dark)).to.deep.equal([]);
  });
});
