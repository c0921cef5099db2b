import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/record-audit.js';
import { SettingsInputSchema, socialLinesOf, type SocialLink } from '../content/settings-input.js';
import { formFields } from '../content/taxonomy-input.js';
import type { FieldError } from '../render/newsroom/newsroom-view.js';
import { SettingsPage, type SettingsValues } from '../render/newsroom/settings-page.js';
import { loadPublicationSettings, saveSettings } from '../store/publication/settings-repository.js';
import { rebookRoundups } from '../newsletter/newsletter-jobs.js';
import { bodyOf, fieldErrors, noticeOf, refusal } from './manage-form.js';
import { sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';

// The publication settings (admins and the owner). A save bumps the content version, so
// every cached reader page shows the new name, tagline and links at once.

const KEYS = ['name', 'tagline', 'time_zone', 'locale', 'social', 'newsletter_pitch', 'postal_address'] as const;
const ZONES = [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])].map((zone) => ({ value: zone, label: zone.replace(/_/g, ' ') }));

function storedSocial(json: string): SocialLink[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed)
      ? parsed.filter(
          (l: { network?: unknown; url?: unknown } | null): l is SocialLink =>
            !!l && typeof l.network === 'string' && typeof l.url === 'string',
        )
      : [];
  } catch {
    return [];
  }
}

export function registerSettingsRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  const guard = (request: FastifyRequest, reply: FastifyReply) =>
    refusal(app, request, reply, 'settings.manage', 'change the publication settings');

  const page = async (request: FastifyRequest, reply: FastifyReply, values: SettingsValues | null, errors: FieldError[], status = 200) => {
    const stored = await loadPublicationSettings(deps.db);
    const shown = values ?? {
      name: stored.name,
      tagline: stored.tagline,
      time_zone: stored.time_zone,
      locale: stored.locale,
      social: socialLinesOf(storedSocial(stored.social)),
      newsletter_pitch: stored.newsletter_pitch,
      postal_address: stored.postal_address,
    };
    // A zone no longer known to this Node keeps showing, so saving other fields never changes it silently.
    const zones = ZONES.some((z) => z.value === shown.time_zone) ? ZONES : [{ value: shown.time_zone, label: shown.time_zone }, ...ZONES];
    return sendNewsroomPage(
      deps,
      request,
      reply,
      SettingsPage,
      {
        view: {
          values: shown,
          zones,
          errors,
          notice: errors.length ? null : noticeOf(request, { saved: 'Settings saved. Reader pages show them now.' }),
        },
      },
      status,
    );
  };

  app.get('/admin/settings', async (request, reply) => guard(request, reply) ?? page(request, reply, null, []));

  app.post('/admin/settings', async (request, reply) => {
    const no = guard(request, reply);
    if (no) return no;
    const values = formFields(bodyOf(request), KEYS);
    const parsed = SettingsInputSchema.safeParse(values);
    if (!parsed.success) return page(request, reply, values, fieldErrors(parsed.error), 400);
    await saveSettings(deps.db, parsed.data);
    await recordAudit(deps.db, {
      action: 'settings.changed',
      target: { kind: 'settings', id: null, label: 'publication' },
      detail: { fields: Object.keys(parsed.data) },
    });
    // The round-up's Friday 10:00 is in the publication's zone, which may just have changed.
    await rebookRoundups(deps.db, new Date());
    request.log.info({ by: request.staff!.id }, 'publication settings changed');
    return reply.redirect('/admin/settings?notice=saved', 303);
  });
}
