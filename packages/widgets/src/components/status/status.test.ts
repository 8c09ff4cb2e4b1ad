import { expect } from '@esm-bundle/chai';
import './status.js';
import {
  $,
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
    expect(await axeViolations(status)).to.deep.equal([]);
    setOnline(true);
    await until(() => text($(status, '[part="status"]')) === 'POLLING', 'back online');
  });

  it('has no axe violations (light and dark)', async () => {
    const light = await mount(`<cbm-status api="${api}"></cbm-status>`);
    const dark = await mount(`<cbm-status api="${api}" theme="dark"></cbm-status>`);
    await until(() => text($(dark, '[part="base"]')).includes('Server healthy'), 'health');
    expect(await axeViolations(light)).to.deep.equal([]);
    expect(await axeViolations(dark)).to.deep.equal([]);
  });
});
