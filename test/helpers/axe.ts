import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// axe-core (the engine @axe-core/playwright wraps), run straight in the page under test.
//
// Why not AxeBuilder: to merge results across frames it injects axe's 550 KB into the
// page, then opens a second page and injects it there again, for every check. One
// injection and one axe.run per document give the same rules and the same result in about
// a third of the time (5 s against 2 s per check on two cores, measured in the browser
// layer). A page with frames (the newsroom's previews) is checked frame by frame, the
// same way; a frame sandboxed without scripts (where axe cannot run) is left to the check
// of its own address.

/** WCAG 2.0, 2.1 and 2.2, levels A and AA: what Masthead promises. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: string[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: AxeNode[];
}

export interface AxeCheck {
  /** Check only what this selector matches (for one widget on a busy page). */
  include?: string;
}

/**
 * Every WCAG 2.2 AA violation axe finds in the page as it is now, one readable line per
 * rule (its first five elements), so a test compares the list with [].
 */
export async function axeViolations(page: Page, { include }: AxeCheck = {}): Promise<string[]> {
  // A page that frames its own pages (the newsroom's story and email previews) is checked
  // frame by frame, each document on its own (axe's `iframes: false`), none left out.
  const lines: string[] = [];
  for (const frame of page.frames()) {
    const where = frame === page.mainFrame() ? '' : `[frame ${new URL(frame.url()).pathname}] `;
    // A frame sandboxed without scripts cannot run axe: its page is checked at its own address.
    const sandbox = frame === page.mainFrame() ? null : await (await frame.frameElement()).getAttribute('sandbox');
    if (sandbox !== null && !sandbox.split(/\s+/).includes('allow-scripts')) continue;
    // evaluate runs as the debugger, so the page's strict CSP does not stop it.
    if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axeSource);
    const violations = await frame.evaluate(
      async ({ tags, include }) => {
        const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } })
          .axe;
        const result = await axe.run(include ?? document, {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations'],
          iframes: false,
        });
        return result.violations;
      },
      { tags: WCAG_TAGS, include: frame === page.mainFrame() ? include : undefined },
    );
    lines.push(
      ...violations.map((v) => {
        const nodes = v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(0, 3).join(' ') ?? ''}`);
        return `${where}${v.id} (${v.impact ?? 'no impact'}) ${v.help} — ${nodes.join(' | ')}`;
      }),
    );
    // A widget check (`include`) looks at the main document only.
    if (include) break;
  }
  return lines;
}

/**
 * axeViolations in the light colour scheme and then the dark one, on the page as loaded:
 * the scheme is switched with a media emulation, without a second load. Each line names
 * its scheme. The emulation is cleared afterwards.
 */
export async function axeViolationsInBothSchemes(page: Page, check: AxeCheck = {}): Promise<string[]> {
  const lines: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    lines.push(...(await axeViolations(page, check)).map((line) => `${colorScheme}: ${line}`));
  }
  await page.emulateMedia({ colorScheme: null });
  return lines;
}
