/**
 * `work` over every item with at most `limit` running at once, results in input order:
 * image work is CPU- and I/O-bound, so a few at a time keep the cores busy without
 * holding every file in memory.
 */
export async function mapConcurrently<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
