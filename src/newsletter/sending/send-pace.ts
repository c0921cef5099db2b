// Messages per second for one send (a list's `max_per_second`): each message takes
// the next slot on an even grid, shared by every lane, so bursts never exceed the rate
// a mail provider allows. Without a rate every slot is "now".

export interface SendPace {
  /** Resolves when the next message may go; rejects when `signal` aborts first. */
  next(signal?: AbortSignal): Promise<void>;
}

export function createSendPace(perSecond: number | null, clock: () => number = Date.now): SendPace {
  if (!perSecond || perSecond <= 0) return { next: () => Promise.resolve() };
  const interval = 1000 / perSecond;
  let nextSlot = 0;
  return {
    next(signal) {
      const now = clock();
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + interval;
      const wait = slot - now;
      if (wait <= 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(done, wait);
        function done() {
          signal?.removeEventListener('abort', stop);
          resolve();
        }
        function stop() {
          clearTimeout(timer);
          reject(signal?.reason instanceof Error ? signal.reason : new Error('stopped'));
        }
        signal?.addEventListener('abort', stop, { once: true });
      });
    },
  };
}
