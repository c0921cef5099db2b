import type { ArticleStage } from './roles.js';
import type { StoryAction } from './policy.js';

// The editorial workflow: draft → in review → scheduled or published → unpublished.
// Each move names the policy action that allows it; the jobs worker makes the one move
// no person makes (a scheduled story going live at its minute).

export type Move = 'submit' | 'return' | 'publish' | 'schedule' | 'unschedule' | 'unpublish';

interface MoveRule {
  from: readonly ArticleStage[];
  to: ArticleStage;
  action: StoryAction;
  label: string;
}

export const MOVES: Record<Move, MoveRule> = {
  submit: { from: ['draft', 'unpublished'], to: 'review', action: 'submit', label: 'Send to review' },
  return: { from: ['review'], to: 'draft', action: 'return', label: 'Return to draft' },
  publish: { from: ['draft', 'review', 'scheduled', 'unpublished'], to: 'published', action: 'publish', label: 'Publish now' },
  schedule: { from: ['draft', 'review', 'scheduled', 'unpublished'], to: 'scheduled', action: 'schedule', label: 'Schedule' },
  unschedule: { from: ['scheduled'], to: 'draft', action: 'schedule', label: 'Unschedule' },
  unpublish: { from: ['published'], to: 'unpublished', action: 'unpublish', label: 'Unpublish' },
};

export const MOVE_NAMES = Object.keys(MOVES) as Move[];

export function moveAllowedFrom(move: Move, stage: ArticleStage): boolean {
  return MOVES[move].from.includes(stage);
}

/** The reader-facing status that goes with a stage: only a published story is live. */
export function liveStatus(stage: ArticleStage): 'draft' | 'published' {
  return stage === 'published' ? 'published' : 'draft';
}

/** Moves that put a story in front of readers must pass the pre-publish checklist. */
export function needsChecklist(move: Move): boolean {
  return move === 'publish' || move === 'schedule';
}
