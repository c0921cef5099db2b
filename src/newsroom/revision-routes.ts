import type { FastifyInstance } from 'fastify';
import { canOnStory } from '../content/policy.js';
import { diffStories, type ComparableStory } from '../content/revision-diff.js';
import { NewsroomError } from '../editorial/newsroom-error.js';
import { storyFor } from '../editorial/editorial-context.js';
import { restoreRevision } from '../editorial/restore-revision.js';
import { snapshotOf, type StorySnapshot } from '../editorial/story-snapshot.js';
import { documentText } from '../render/blocks/document-text.js';
import { parseDocument } from '../content/parse-document.js';
import { RevisionsPage } from '../render/newsroom/revisions-page.js';
import { listRevisions } from '../store/stories/story-repository.js';
import { actorOf, sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';

// Revision history: every save is kept (autosaves by one person within ten minutes are
// one revision), compared word by word with the current story, and restorable.

function comparable(snapshot: StorySnapshot): ComparableStory {
  const { body, related: _related, ...rest } = snapshot;
  return { ...rest, bodyText: documentText(parseDocument(body)) };
}

export function registerRevisionRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  const ctx = { db: deps.db, events: deps.events, dialect: deps.dialect };
  const idOf = (raw: string) => (/^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : NaN);

  app.get('/admin/stories/:id/revisions', async (request, reply) => {
    const actor = actorOf(request.staff!);
    const id = idOf((request.params as { id: string }).id);
    try {
      const story = await storyFor(ctx, actor, id);
      const revisions = await listRevisions(deps.db, id);
      const compareId = Number((request.query as { compare?: string }).compare);
      const chosen = revisions.find((r) => r.id === compareId);
      const now = comparable(snapshotOf(story));
      return sendNewsroomPage(deps, request, reply, RevisionsPage, {
        view: {
          story: { id, title: story.title, revision: story.revision },
          revisions: revisions.map((r) => ({ id: r.id, revision: r.revision, at: r.created_at, until: r.last_saved_at, by: r.staff_name })),
          compared: chosen
            ? {
                id: chosen.id,
                revision: chosen.revision,
                at: chosen.created_at,
                until: chosen.last_saved_at,
                by: chosen.staff_name,
                diffs: diffStories(comparable(JSON.parse(chosen.snapshot) as StorySnapshot), now),
              }
            : null,
          canRestore: canOnStory(actor, 'restore', { createdBy: story.created_by, stage: story.stage }),
        },
      });
    } catch (error) {
      if (error instanceof NewsroomError) return app.sendErrorPage(reply, error.status, 'Story not found', error.message);
      throw error;
    }
  });

  app.post('/admin/stories/:id/revisions/:revision/restore', async (request, reply) => {
    const actor = actorOf(request.staff!);
    const params = request.params as { id: string; revision: string };
    const id = idOf(params.id);
    try {
      await restoreRevision(ctx, actor, id, idOf(params.revision), new Date());
      return reply.redirect(`/admin/stories/${id}?notice=saved`, 303);
    } catch (error) {
      if (error instanceof NewsroomError)
        return app.sendErrorPage(reply, error.status, error.status === 404 ? 'Not found' : 'Could not restore', error.message);
      throw error;
    }
  });
}
