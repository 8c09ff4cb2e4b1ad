import { expect } from '@esm-bundle/chai';
import { direction, formatAge, formatChange, formatPrice, formatVolume, quoteCurrency } from './format.js';

const plain = (value: string) => value.replace(/\s/g, ' ');

describe('format', () => {
  it('gives prices a sensible precision', () => {
    expect(formatPrice(97123.456, 'en-US')).to.equal('$97,123.46');
    expect(formatPrice(1, 'en-US')).to.equal('$1.00');
    expect(formatPrice(0.5, 'en-US')).to.equal('$0.50');
    expect(formatPrice(0.123456, 'en-US')).to.equal('$0.1235');
    expect(formatPrice(0.00001234, 'en-US')).to.equal('$0.00001234');
    expect(formatPrice(0.000000012, 'en-US')).to.equal('$0.000000012');
    expect(plain(formatPrice(97123.456, 'de-DE'))).to.equal('97.123,46 $');
    expect(plain(formatPrice(151.23, 'en-US', 'EUR'))).to.equal('€151.23');
  });

  it('signs changes, including negative and zero', () => {
    expect(formatChange(0.8402, 'en-US')).to.equal('+0.84%');
    expect(formatChange(-12.5, 'en-US')).to.equal('-12.50%');
    expect(formatChange(0, 'en-US')).to.equal('0.00%');
    expect(plain(formatChange(2.71, 'de-DE'))).to.equal('+2,71 %');
    expect(formatChange(123.456, 'en-US')).to.equal('+123.46%');
  });

  it('never shows a change that is not zero as zero', () => {
    expect(formatChange(-0.004, 'en-US')).to.equal('-0.004%');
    expect(formatChange(0.006, 'en-US')).to.equal('+0.006%');
    expect(formatChange(-0.0000001, 'en-US')).to.equal('-0.0000001%');
    expect(formatChange(0.01, 'en-US')).to.equal('+0.01%');
    expect(plain(formatChange(-0.004, 'de-DE'))).to.equal('-0,004 %');
    expect([direction(1), direction(-1), direction(0)]).to.deep.equal(['up', 'down', 'flat']);
  });

  it('compacts volumes', () => {
    expect(formatVolume(12_345_678, 'en-US')).to.equal('$12.3M');
    expect(plain(formatVolume(12_345_678, 'de-DE'))).to.equal('12,3 Mio. $');
  });

  it('takes the quote currency from the symbol, USD when it is not an ISO code', () => {
    expect(quoteCurrency('BTC-EUR')).to.equal('EUR');
    expect(quoteCurrency('BTC-USDC')).to.equal('USD');
    expect(quoteCurrency('<b>')).to.equal('USD');
  });

  it('survives a bad locale', () => {
    expect(formatPrice(1.5, 'not a locale!!')).to.be.a('string');
    expect(formatAge(5000, 'not a locale!!')).to.be.a('string');
  });

  it('says how old data is', () => {
    expect(formatAge(12_400, 'en-US')).to.equal('12 sec. ago');
    expect(formatAge(125_000, 'en-US')).to.equal('2 min. ago');
    expect(formatAge(7_300_000, 'en-US')).to.equal('2 hr. ago');
    expect(formatAge(12_000, 'de-DE')).to.equal('vor 12 Sek.');
  });
});
