import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '@cbmo4ers/testkit';
import * as chromeLauncher from 'chrome-launcher';

/**
 * Debian's Chromium, headless, for Lighthouse. chrome-launcher rather than testkit's launchChromium: Lighthouse
 * drives the browser itself through the debugging port that chrome-launcher opens and hands over.
 */
export function launchChromeForLighthouse() {
  return chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: ['--headless=new', ...CHROMIUM_FLAGS],
  });
}
