import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The order files start in. With two workers and no phase barriers, what decides the wall
// time is the tail: a long file that starts last runs alone at the end. So the files known
// to be long start first, the one that waits for a wall-clock minute before all (its wait
// overlaps everything else); then vitest's own order (slowest last time, else largest).
// Measured with `node test/run.mjs --reporter=json --outputFile.json=FILE`; keep the list
// to the few files that dominate.
const LONG_FILES = [
  'test/e2e/newsroom-flow.test.ts',
  'test/e2e/reader-pages.test.ts',
  'test/e2e/newsroom-manage.test.ts',
  'test/http/import.test.ts',
  'test/http/newsletter-send.test.ts',
  'test/http/api-admin.test.ts',
  'test/http/newsroom-stories.test.ts',
  'test/http/newsletter-crash.test.ts',
];

function rank(spec: TestSpecification): number {
  const index = LONG_FILES.findIndex((file) => spec.moduleId.endsWith(file));
  return index === -1 ? LONG_FILES.length : index;
}

export class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: files off the list keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
