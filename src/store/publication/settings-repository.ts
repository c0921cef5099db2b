import type { SettingsInput } from '../../content/settings-input.js';
import { loadSiteNavigation } from '../pages/site-navigation.js';
import { recordSiteChange } from './content-version.js';
import type { Db } from '../store.js';

// The publication's settings row and content version. Everything in it shows on reader pages, so saving it
// bumps the content version in the same transaction.

export async function saveSettings(db: Db, input: SettingsInput): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('publication')
      .set({
        name: input.name,
        tagline: input.tagline,
        time_zone: input.time_zone,
        locale: input.locale,
        newsletter_pitch: input.newsletter_pitch,
        social: JSON.stringify(input.social),
        postal_address: input.postal_address,
      })
      .where('id', '=', 1)
      .execute();
    await recordSiteChange(trx);
  });
}

/** The zone in which the newsroom's days and times are meant (e.g. the round-up's Friday 10:00). */
export async function publicationTimeZone(db: Db): Promise<string> {
  const row = await db.selectFrom('publication').select('time_zone').executeTakeFirst();
  return row?.time_zone ?? 'UTC';
}

/** The newsletter footer's postal address alone (the demo sets it; the bundle format has no field for it). */
export async function setPostalAddress(db: Db, address: string): Promise<void> {
  await db.updateTable('publication').set({ postal_address: address }).where('id', '=', 1).execute();
}

export async function loadSiteBasics(db: Db) {
  const [publication, { sections, footerPages }, formats] = await Promise.all([
    db.selectFrom('publication').selectAll().where('id', '=', 1).executeTakeFirst(),
    loadSiteNavigation(db),
    db.selectFrom('formats').selectAll().execute(),
  ]);
  return { publication, sections, footerPages, formats };
}

export async function loadPublicationSettings(db: Db) {
  const row = await db
    .selectFrom('publication')
    .select(['name', 'tagline', 'time_zone', 'locale', 'newsletter_pitch', 'social', 'postal_address'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return (
    row ?? { name: 'Masthead', tagline: '', time_zone: 'UTC', locale: 'en-US', newsletter_pitch: '', social: '[]', postal_address: '' }
  );
}
