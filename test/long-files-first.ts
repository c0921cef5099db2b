import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The order files start in. With two workers and no barrier between layers, the wall time
// is decided by the tail: a long file that starts last runs alone at the end. So files
// start longest first, by the seconds each took in a measured run (test/file-seconds.json,
// rewritten by test/refresh-file-seconds.mjs). A fresh clone has no vitest cache to go by,
// which is why the numbers are committed. Files not listed yet (new ones) follow in
// vitest's own order.
const SECONDS: Record<string, number> = JSON.parse(readFileSync(new URL('./file-seconds.json', import.meta.url), 'utf8')) as Record<
  string,
  number
>;

function secondsOf(spec: TestSpecification): number {
  return SECONDS[path.relative(spec.project.config.root, spec.moduleId).split(path.sep).join('/')] ?? -1;
}

export class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: unlisted files keep vitest's order among themselves.
    return sorted.sort((a, b) => secondsOf(b) - secondsOf(a));
  }
}
