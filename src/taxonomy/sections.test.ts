import { describe, expect, it } from 'vitest';
import { sectionPlacementProblem } from './sections.js';

// Where a section may sit: no cycles, at most three levels counting what it brings along.
// news (1) ─ world (2) ─ europe (3); sport (4) stands alone.
const tree = [
  { id: 1, parent_id: null },
  { id: 2, parent_id: 1 },
  { id: 3, parent_id: 2 },
  { id: 4, parent_id: null },
];

describe('sectionPlacementProblem', () => {
  it('lets a section sit under another as long as the tree stays three levels deep', () => {
    expect(sectionPlacementProblem(tree, 4, 2)).toBeNull();
    expect(sectionPlacementProblem(tree, null, 2)).toBeNull();
  });

  it('refuses a section under itself or one of its own subsections', () => {
    expect(sectionPlacementProblem(tree, 1, 1)).toMatch(/itself or one of its subsections/);
    expect(sectionPlacementProblem(tree, 1, 3)).toMatch(/itself or one of its subsections/);
  });

  it('refuses a fourth level, whether the section is new or brings its subsections along', () => {
    expect(sectionPlacementProblem(tree, null, 3)).toBe('would nest sections 4 levels deep; at most 3 are allowed');
    expect(sectionPlacementProblem(tree, 2, 4)).toBeNull();
    expect(sectionPlacementProblem(tree, 1, 4)).toBe('would nest sections 4 levels deep; at most 3 are allowed');
  });
});
