import { can, type Actor } from '../content/policy.js';
import { recordAtSitePath, recordPath, type RedirectInput, type RedirectTargetInput } from '../content/redirect-input.js';
import { forbidden, invalid, NewsroomError, notFound } from '../editorial/newsroom-error.js';
import { recordSiteChange } from '../store/publication/content-version.js';
import type { NewRedirect } from '../store/redirects/redirect-repository.js';
import { deleteRule, insertRule, recordBySlug, ruleExists } from '../store/redirects/redirect-rules.js';
import type { Db } from '../store/store.js';
import { isUniqueViolation } from '../store/unique-slug.js';

// The one writer of redirect rules a person makes (imports write theirs in bulk through
// store/redirects' upsertRedirects, in their own transaction). Input is parsed first by
// content/redirect-input.ts; here a path target is resolved to its record, and a rule
// that would loop or repeat an exact path is refused. One policy check, one transaction,
// the content version bumped (cached regex rules and pages are read again).

export interface RedirectContext {
  db: Db;
}

type Target = Pick<NewRedirect, 'target_kind' | 'target_id' | 'target_url'> & { location: string };

export async function createRedirect(ctx: RedirectContext, actor: Actor, input: RedirectInput): Promise<number> {
  if (!can(actor, 'redirects.manage')) throw forbidden();
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const target = await resolveTarget(trx, input.target);
      if (loopsBack(input, target.location)) {
        throw invalid([{ field: 'target', message: 'is the address the rule redirects from: readers would go round in a circle' }]);
      }
      if (await ruleExists(trx, input.from, input.match)) throw duplicate(input.from);
      const { location: _location, ...row } = target;
      const id = await insertRule(
        trx,
        { from_path: input.from, match: input.match, status: input.status, origin: 'newsroom', ...row },
        new Date().toISOString(),
      );
      await recordSiteChange(trx);
      return id;
    });
  } catch (error) {
    // Two people adding the same path at once: the unique index refuses the second.
    if (isUniqueViolation(error)) throw duplicate(input.from);
    throw error;
  }
}

export async function deleteRedirect(ctx: RedirectContext, actor: Actor, id: number): Promise<void> {
  if (!can(actor, 'redirects.manage')) throw forbidden();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await deleteRule(trx, id))) throw notFound('redirect');
    await recordSiteChange(trx);
  });
}

async function resolveTarget(trx: Parameters<typeof recordBySlug>[0], target: RedirectTargetInput): Promise<Target> {
  if (target.kind === 'url') return { target_kind: 'url', target_id: null, target_url: target.url, location: target.url };
  const named = recordAtSitePath(target.path);
  if (!named) {
    throw invalid([
      { field: 'target', message: 'is no story, page, section, tag or author on this site (e.g. /some-story or /section/world)' },
    ]);
  }
  const record = await recordBySlug(trx, named.kinds, named.slug);
  if (!record)
    throw invalid([{ field: 'target', message: `names nothing that exists: there is no ${named.kinds.join(' or ')} "${named.slug}"` }]);
  return { target_kind: record.kind, target_id: record.id, target_url: null, location: recordPath(record.kind, named.slug) };
}

function loopsBack(input: RedirectInput, location: string): boolean {
  if (input.match === 'regex') return false;
  return location === input.from || (input.match === 'prefix' && location.startsWith(`${input.from}/`));
}

const duplicate = (from: string) =>
  new NewsroomError(409, 'REDIRECT_EXISTS', `from: there is already a rule for "${from}". Nothing was saved.`, [
    { field: 'from', message: 'already has a rule; delete that one first' },
  ]);
