// The suite fails on an error the server logged that no test asked for (issue 12, item
// 10): a refused request that logs a TypeError after replying passes every assertion on
// the answer, and only its log says something went wrong.

/** Pino's level numbers: 50 is error, 60 fatal. */
const ERROR_LEVEL = 50;

function isErrorLine(line: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    const entry = JSON.parse(line) as { level?: unknown };
    return typeof entry.level === 'number' && entry.level >= ERROR_LEVEL;
  } catch {
    return false;
  }
}

/** Watches a server's output for error-level log lines; a test that provokes one names it with `allow`. */
export class ErrorLogWatch {
  private readonly seen: string[] = [];
  private readonly allowed: RegExp[] = [];
  private partial = '';

  constructor(allowed: RegExp[] = []) {
    this.allowed.push(...allowed);
  }

  /** Feeds a chunk of output; lines may span chunks. */
  feed(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) if (isErrorLine(line)) this.seen.push(line);
  }

  /** Declares an error the test provokes on purpose (a dead SMTP server, a stopped database…). */
  allow(pattern: RegExp): void {
    this.allowed.push(pattern);
  }

  unexpected(): string[] {
    this.feed('\n');
    return this.seen.filter((line) => !this.allowed.some((pattern) => pattern.test(line)));
  }

  /** Throws, listing them, when the server logged an error nobody allowed. */
  assertNone(who: string): void {
    const unexpected = this.unexpected();
    if (unexpected.length === 0) return;
    const shown = unexpected.slice(0, 5).map((line) => `  ${line.slice(0, 2000)}`);
    throw new Error(
      `${who} logged ${unexpected.length} unexpected error(s) (allow one with masthead.allowErrorLogs):\n${shown.join('\n')}`,
    );
  }
}
