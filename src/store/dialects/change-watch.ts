// How a process learns that content changed, without asking on each request: the engine
// signals (or is polled cheaply) and the follower (site/content-follower.ts) then reads the
// change log. A signal may be spurious; a missed one is caught by the next poll, so
// `boundMs` is the longest a committed change can go unsignalled while the database is up.

/**
 * `changed`: content may have changed (read the log); false: nothing changed up to
 * `checkedAt` (ms since the epoch, taken before the check).
 */
export type ChangeSignal = (signal: { changed: boolean; checkedAt: number }) => void;

export interface ChangeWatch {
  /** The longest a committed change can go unsignalled, in milliseconds. */
  readonly boundMs: number;
  stop(): Promise<void>;
}

export interface ChangeWatchLog {
  warn(message: string): void;
  info(message: string): void;
}

/** Runs `tick` every `intervalMs`, never two at once, until stopped; the timer keeps no process alive. */
export function everyInterval(intervalMs: number, tick: () => Promise<void>): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}
