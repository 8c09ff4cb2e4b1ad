import { expect } from '@esm-bundle/chai';
import '../components/movers-table/movers-table.js';
import { $$, cleanup, mount, replies, requests, setupApi, until } from '../test-support/browser.js';
import { configure, resolveApi } from './config.js';

describe('api resolution', () => {
  let meta: HTMLMetaElement | undefined;
  beforeEach(setupApi);
  afterEach(() => {
    cleanup();
    meta?.remove();
    meta = undefined;
    configure({ api: '' });
  });

  const addMeta = (content: string) => {
    meta = Object.assign(document.createElement('meta'), { name: 'cbm-api', content });
    document.head.append(meta);
  };

  it('defaults to the page origin', () => {
    expect(resolveApi(undefined)).to.equal(location.origin);
  });

  it('takes <meta name="cbm-api">, then configure(), then the attribute', () => {
    addMeta('https://meta.example/');
    expect(resolveApi(undefined)).to.equal('https://meta.example');
    configure({ api: 'https://configured.example' });
    expect(resolveApi(undefined)).to.equal('https://configured.example');
    expect(resolveApi('https://attribute.example/prefix/')).to.equal('https://attribute.example/prefix');
  });

  it('resolves a relative api against the page', () => {
    expect(resolveApi('/markets')).to.equal(`${location.origin}/markets`);
  });

  it('is what an element without an api attribute requests', async () => {
    addMeta('/from-meta');
    const table = await mount('<cbm-gainers-table></cbm-gainers-table>');
    await until(() => $$(table, 'tbody th').length, 'rows');
    expect(requests).to.deep.equal(['/from-meta/api/component/gainers-table']);
  });

  it('hands every widget error to the page-wide onError hook', async () => {
    const api = await setupApi();
    const seen: Array<{ name: string; topic: string }> = [];
    configure({ onError: (error, topic) => seen.push({ name: error.name, topic }) });
    replies['gainers-table'] = { body: { component: 'gainers_table', data: 'not rows' } };
    try {
      await mount(`<cbm-gainers-table api="${api}"></cbm-gainers-table>`);
      await until(() => seen.length, 'onError call');
      expect(seen[0]).to.deep.equal({ name: 'ContractError', topic: 'gainers' });
    } finally {
      configure({ onError: undefined });
    }
  });
});
