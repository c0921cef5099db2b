import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HtmlValidate, type ConfigData, type Message } from 'html-validate';
import { repoRoot } from './server.js';

// html-validate with the repository's own rules (.htmlvalidate.json), so the tests and a
// developer running `npx html-validate` agree on what "valid" means.

let validator: HtmlValidate | null = null;

function load(): HtmlValidate {
  if (!validator) {
    const config = JSON.parse(readFileSync(path.join(repoRoot, '.htmlvalidate.json'), 'utf8')) as ConfigData;
    validator = new HtmlValidate(config);
  }
  return validator;
}

export interface HtmlProblem {
  rule: string;
  message: string;
  line: number;
  column: number;
  /** The offending source line, trimmed, for a readable failure. */
  source: string;
}

/** Every error html-validate finds in `html` (warnings ignored); empty when valid. */
export async function validateHtml(html: string, name = 'page.html'): Promise<HtmlProblem[]> {
  const report = await load().validateString(html, name);
  const lines = html.split('\n');
  return report.results
    .flatMap((result) => result.messages)
    .filter((message: Message) => message.severity === 2)
    .map((message: Message) => ({
      rule: message.ruleId,
      message: message.message,
      line: message.line,
      column: message.column,
      source: (lines[message.line - 1] ?? '').trim().slice(Math.max(0, message.column - 80), message.column + 120),
    }));
}
