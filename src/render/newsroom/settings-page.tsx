import { SelectField, TextArea, TextField } from './manage-fields.js';
import type { FieldError, NewsroomContext, Option } from './newsroom-view.js';
import { CsrfField, ErrorSummary, NewsroomShell, Notice } from './newsroom-shell.js';

// The publication's settings: what readers see in the header, footer and newsletter box,
// and the zone and language every date is shown in.

export interface SettingsValues {
  name: string;
  tagline: string;
  time_zone: string;
  locale: string;
  social: string;
  newsletter_pitch: string;
  postal_address: string;
}

export interface SettingsView {
  values: SettingsValues;
  zones: Option[];
  errors: FieldError[];
  notice: string | null;
}

export function SettingsPage({ ctx, view }: { ctx: NewsroomContext; view: SettingsView }) {
  const { values, errors } = view;
  return (
    <NewsroomShell ctx={ctx} title="Settings">
      <h1>Settings</h1>
      {view.notice && <Notice kind="ok">{view.notice}</Notice>}
      <ErrorSummary errors={errors} />
      <form method="post" action="/admin/settings" class="stack">
        <CsrfField token={ctx.csrf} />
        <TextField form="settings" name="name" label="Publication name" value={values.name} required maxLength={120} errors={errors} />
        <TextField form="settings" name="tagline" label="Tagline" value={values.tagline} maxLength={300} errors={errors} />
        <SelectField
          form="settings"
          name="time_zone"
          label="Time zone"
          value={values.time_zone}
          options={view.zones}
          errors={errors}
          hint="Dates on the site and schedule times in the newsroom use this zone."
        />
        <TextField
          form="settings"
          name="locale"
          label="Language and region"
          value={values.locale}
          required
          maxLength={35}
          errors={errors}
          hint="A language tag such as en-GB, en-US or de-DE."
        />
        <TextArea
          form="settings"
          name="social"
          label="Social links"
          value={values.social}
          rows={5}
          errors={errors}
          hint="One a line: the network, a space, then the https address. For example: mastodon https://mastodon.example/@us"
        />
        <TextArea
          form="settings"
          name="newsletter_pitch"
          label="Newsletter pitch"
          value={values.newsletter_pitch}
          rows={3}
          maxLength={1000}
          errors={errors}
          hint="The sentence that invites readers to subscribe."
        />
        <TextArea
          form="settings"
          name="postal_address"
          label="Postal address"
          value={values.postal_address}
          rows={4}
          maxLength={500}
          errors={errors}
          hint="Printed in the footer of every newsletter, as anti-spam laws require. Several lines are fine."
        />
        <p>
          <button type="submit" class="button-primary">
            Save the settings
          </button>
        </p>
      </form>
    </NewsroomShell>
  );
}
