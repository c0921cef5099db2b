import type { NewsroomContext } from './newsroom-view.js';

// The workflow buttons of the story editor. They are submit buttons of the story form
// itself (`form="story-form"`, posting to …/move): a click sends what is on screen, the
// server saves it and then moves that revision, so a move never drops the last edits,
// never asks "Leave site?" and never conflicts with the writer's own autosave. With
// JavaScript, autosave.ts waits for a save in flight before the form goes.

export interface StoryMove {
  move: string;
  label: string;
  needsTime: boolean;
}

export function StoryMoveControls({
  ctx,
  storyId,
  moves,
  formId = 'story-form',
}: {
  ctx: NewsroomContext;
  storyId: number;
  moves: StoryMove[];
  formId?: string;
}) {
  return (
    <section aria-labelledby="moves-heading" class="move-controls">
      <h2 id="moves-heading">Workflow</h2>
      {moves.length === 0 ? (
        <p>No moves are open to you at this stage.</p>
      ) : (
        <p class="hint" id="moves-hint">
          Each button saves your changes first.
        </p>
      )}
      {moves.map((m) => (
        <div class="move-control">
          {m.needsTime && (
            <p class="field">
              <label for={`publish-at-${m.move}`}>Publish at ({ctx.zone})</label>
              <input id={`publish-at-${m.move}`} form={formId} name="publish_at" type="datetime-local" />
            </p>
          )}
          <button
            type="submit"
            form={formId}
            formAction={`/admin/stories/${storyId}/move`}
            name="move"
            value={m.move}
            aria-describedby="moves-hint"
          >
            {m.label}
          </button>
        </div>
      ))}
    </section>
  );
}
