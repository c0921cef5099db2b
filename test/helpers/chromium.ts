// Debian's Chromium (no downloaded browsers) and the flags it needs on this kind of
// machine: no sandbox as root, no GPU, and no background traffic to the closed network.

export const CHROMIUM_PATH = process.env.MASTHEAD_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Every request for another host goes to a proxy that is not there (port 9 on loopback
 * refuses), so nothing a page asks for leaves the machine, IP literals included; loopback
 * itself bypasses proxies. The page's request listener still records each such request
 * (test/helpers/browser.ts). Cheaper than routing every request through the test process.
 */
export const CHROMIUM_PROXY = { server: 'http://127.0.0.1:9', bypass: '127.0.0.1' };
