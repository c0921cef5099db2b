import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser.js';
import { referenceBundle, startMasthead, type Masthead } from './server.js';

/**
 * Starts the reference publication on SQLite and a Chromium beside it for the enclosing
 * `describe`, and stops both after it. Call it at the top of the describe block.
 */
export function useReferenceSiteInChromium(): { readonly site: Masthead; readonly browser: Browser } {
  let site: Masthead | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [site, browser] = await Promise.all([startMasthead({ engine: 'sqlite', bundle: referenceBundle }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });
  return {
    get site() {
      if (!site) throw new Error('the reference site has not started');
      return site;
    },
    get browser() {
      if (!browser) throw new Error('Chromium has not started');
      return browser;
    },
  };
}
