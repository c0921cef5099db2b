import type { KickerView } from './view-model.js';

/** "Reporting | QiOSK": the format, then each section as a link. */
export function Kicker({ kicker }: { kicker: KickerView }) {
  if (!kicker.format && kicker.sections.length === 0) return null;
  return (
    <p class="kicker">
      {kicker.format && <span class="kicker-format">{kicker.format}</span>}
      {kicker.sections.map((section, index) => (
        <>
          {(index > 0 || kicker.format) && (
            <span class="kicker-sep" aria-hidden="true">
              {' '}
              |{' '}
            </span>
          )}
          <a href={section.href}>{section.label}</a>
        </>
      ))}
    </p>
  );
}
