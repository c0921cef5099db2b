import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, CHROMIUM_PROXY } from './chromium.js';
import { PASSWORD } from './newsroom.js';

// Debian's Chromium driven by playwright-core. Every page made here records what must
// stay at zero on a Masthead page: console errors, uncaught exceptions,
// Content-Security-Policy violations and requests that leave 127.0.0.1.

/**
 * The run's shared Chromium (test/setup/shared-chromium.ts) when there is one, else a
 * browser of this file's own. Closing a connected browser only disconnects this file.
 */
export function launchBrowser(): Promise<Browser> {
  const endpoint = inject('chromiumEndpoint');
  if (endpoint) return chromium.connect(endpoint);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, proxy: CHROMIUM_PROXY });
}

export interface PageProblems {
  consoleErrors: string[];
  cspViolations: string[];
  /** Requests to anything but 127.0.0.1 (they fail at the browser's dead proxy, CHROMIUM_PROXY). */
  offHostRequests: string[];
}

export interface CheckedPage {
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
  close(): Promise<void>;
}

const CSP_MARKER = '[masthead-csp-violation]';

/**
 * Reports CSP violations to the console with a marker, so the console listener catches
 * them across navigations. Runs before any page script (when JavaScript is enabled).
 */
const reportCspViolations = `document.addEventListener('securitypolicyviolation', (event) => {
  console.error(${JSON.stringify(CSP_MARKER)} + ' ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') + ' at ' + event.sourceFile + ':' + event.lineNumber);
});`;

/** Where a request goes, if it leaves the machine's loopback host. */
function leavesLoopback(rawUrl: string): boolean {
  const url = new URL(rawUrl);
  if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return false;
  return url.hostname !== '127.0.0.1';
}

export async function newCheckedPage(browser: Browser, options: BrowserContextOptions = {}): Promise<CheckedPage> {
  const context = await browser.newContext(options);
  const problems: PageProblems = { consoleErrors: [], cspViolations: [], offHostRequests: [] };

  await context.addInitScript({ content: reportCspViolations });

  const page = await context.newPage();
  page.on('console', (message) => {
    const body = message.text();
    if (body.includes(CSP_MARKER) || /Content[- ]Security[- ]Policy/i.test(body)) {
      problems.cspViolations.push(`${page.url()}: ${body}`);
    } else if (message.type() === 'error') {
      problems.consoleErrors.push(`${page.url()}: ${body}`);
    }
  });
  page.on('pageerror', (error) => problems.consoleErrors.push(`${page.url()}: uncaught ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (leavesLoopback(url) && !problems.offHostRequests.includes(url)) problems.offHostRequests.push(url);
  });

  return { context, page, problems, close: () => context.close() };
}

/** Forgets what a reused page recorded so far, so the next check answers for the next page only. */
export function clearProblems(problems: PageProblems): void {
  problems.consoleErrors.length = 0;
  problems.cspViolations.length = 0;
  problems.offHostRequests.length = 0;
}

/** Fails with every recorded problem listed: console errors, CSP violations, off-host requests. */
export function expectCleanPage(problems: PageProblems): void {
  expect(problems.cspViolations, 'Content-Security-Policy violations').toEqual([]);
  expect(problems.consoleErrors, 'console errors').toEqual([]);
  expect(problems.offHostRequests, 'requests leaving 127.0.0.1').toEqual([]);
}

/** Signs in through the newsroom's own form, as a person would, and waits for the desk. */
export async function signInWithForm(page: Page, origin: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${origin}/admin/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${origin}/admin`);
}
