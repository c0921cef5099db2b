import type { WeekCounts } from '../../content/growth-weeks.js';

// The subscriber growth chart, drawn on the server as SVG (no script): the confirmed total
// at each week's end, and what each week gained and lost. Each drawing is one image with
// a text alternative that states the trend; the exact numbers are in the table below it,
// which is what a screen reader user (or anyone who wants a number) reads.

export interface GrowthWeekView extends WeekCounts {
  /** "23 Nov": the Monday the week starts on. */
  label: string;
  /** "2026-11-23" */
  date: string;
}

const WIDTH = 720;
const LEFT = 48;
const PLOT = WIDTH - LEFT - 8;
const INK = '#161616';
const MUTED = '#4f4f4f';
const GAIN = '#1e6b32';
const UNSUB = '#a3161c';
const LOST = '#7a4a00';

const n = (value: number) => value.toLocaleString('en-US');
const count = (value: number, one: string, many: string) => `${n(value)} ${value === 1 ? one : many}`;

/** A round upper bound for an axis, so ticks read 0, 50, 100 rather than 0, 47, 94. */
function niceMax(value: number): number {
  if (value <= 4) return 4;
  const step = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= value) return m * step;
  return 10 * step;
}

function columnX(i: number, count: number) {
  const slot = PLOT / count;
  return { x: LEFT + i * slot + slot * 0.15, width: slot * 0.7, mid: LEFT + i * slot + slot / 2 };
}

function WeekLabels({ weeks, y }: { weeks: GrowthWeekView[]; y: number }) {
  return (
    <g fill={MUTED} font-size="11" text-anchor="middle">
      {weeks.map((w, i) => (
        <text x={columnX(i, weeks.length).mid} y={y}>
          {w.label}
        </text>
      ))}
    </g>
  );
}

function TotalChart({ weeks }: { weeks: GrowthWeekView[] }) {
  const height = 180;
  const top = 12;
  const base = 150;
  const max = niceMax(Math.max(...weeks.map((w) => w.total)));
  const y = (v: number) => base - ((base - top) * v) / max;
  const first = weeks[0]!;
  const last = weeks.at(-1)!;
  return (
    <svg
      class="growth-chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      role="img"
      aria-labelledby="growth-total-title growth-total-desc"
    >
      <title id="growth-total-title">Confirmed subscribers at the end of each week</title>
      <desc id="growth-total-desc">{`From ${n(first.total)} at the end of the week of ${first.label} to ${n(last.total)} in the week of ${last.label}; the table below has every week.`}</desc>
      <g fill={MUTED} font-size="11" text-anchor="end">
        {[0, max / 2, max].map((tick) => (
          <text x={LEFT - 6} y={y(tick) + 4}>
            {n(tick)}
          </text>
        ))}
      </g>
      <g stroke="#d9d6cf">
        {[max / 2, max].map((tick) => (
          <line x1={LEFT} x2={WIDTH - 8} y1={y(tick)} y2={y(tick)} />
        ))}
      </g>
      <g fill={INK}>
        {weeks.map((w, i) => {
          const c = columnX(i, weeks.length);
          return <rect x={c.x} y={y(w.total)} width={c.width} height={base - y(w.total)} />;
        })}
      </g>
      <line x1={LEFT} x2={WIDTH - 8} y1={base} y2={base} stroke={INK} />
      <WeekLabels weeks={weeks} y={base + 18} />
    </svg>
  );
}

function ChangeChart({ weeks }: { weeks: GrowthWeekView[] }) {
  const height = 220;
  const top = 12;
  const zero = 100;
  const bottom = 188;
  const max = niceMax(Math.max(1, ...weeks.map((w) => Math.max(w.confirmed, w.unsubscribed + w.lost))));
  const scale = (v: number) => ((zero - top) * v) / max;
  const totals = weeks.reduce(
    (t, w) => ({ confirmed: t.confirmed + w.confirmed, unsubscribed: t.unsubscribed + w.unsubscribed, lost: t.lost + w.lost }),
    { confirmed: 0, unsubscribed: 0, lost: 0 },
  );
  return (
    <svg
      class="growth-chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      role="img"
      aria-labelledby="growth-change-title growth-change-desc"
    >
      <title id="growth-change-title">Gained and lost each week</title>
      <desc id="growth-change-desc">{`Over ${weeks.length} weeks: ${count(totals.confirmed, 'new confirmation', 'new confirmations')} above the line; ${count(totals.unsubscribed, 'unsubscribe', 'unsubscribes')} and ${count(totals.lost, 'bounce or complaint', 'bounces or complaints')} below it. The table below has every week.`}</desc>
      <g fill={MUTED} font-size="11" text-anchor="end">
        <text x={LEFT - 6} y={top + 4}>
          {n(max)}
        </text>
        <text x={LEFT - 6} y={zero + 4}>
          0
        </text>
        <text x={LEFT - 6} y={Math.min(bottom, zero + scale(max)) + 4}>{`−${n(max)}`}</text>
      </g>
      {weeks.map((w, i) => {
        const c = columnX(i, weeks.length);
        const up = scale(w.confirmed);
        const unsub = scale(w.unsubscribed);
        const lost = scale(w.lost);
        return (
          <g>
            <rect x={c.x} y={zero - up} width={c.width} height={up} fill={GAIN} />
            <rect x={c.x} y={zero} width={c.width} height={unsub} fill={UNSUB} />
            <rect x={c.x} y={zero + unsub} width={c.width} height={lost} fill={LOST} />
          </g>
        );
      })}
      <line x1={LEFT} x2={WIDTH - 8} y1={zero} y2={zero} stroke={INK} />
      <WeekLabels weeks={weeks} y={height - 4} />
    </svg>
  );
}

function Key({ colour, label }: { colour: string; label: string }) {
  return (
    <li>
      <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
        <rect width="12" height="12" fill={colour} />
      </svg>{' '}
      {label}
    </li>
  );
}

export function GrowthChart({ weeks, zone }: { weeks: GrowthWeekView[]; zone: string }) {
  if (!weeks.length) return null;
  return (
    <section aria-labelledby="growth-heading" class="growth">
      <h2 id="growth-heading">Growth by week</h2>
      <p class="hint">
        The last {weeks.length} weeks, each from Monday ({zone} time). The current week is counted up to now.
      </p>
      <TotalChart weeks={weeks} />
      <ChangeChart weeks={weeks} />
      <ul class="growth-key">
        <Key colour={GAIN} label="New confirmations" />
        <Key colour={UNSUB} label="Unsubscribes" />
        <Key colour={LOST} label="Bounces and complaints" />
      </ul>
      <details class="growth-table">
        <summary>The numbers, week by week</summary>
        <table class="manage-table">
          <caption class="visually-hidden">Subscriber growth by week</caption>
          <thead>
            <tr>
              <th scope="col">Week from</th>
              <th scope="col">New confirmations</th>
              <th scope="col">Unsubscribes</th>
              <th scope="col">Bounces and complaints</th>
              <th scope="col">Confirmed at week’s end</th>
            </tr>
          </thead>
          <tbody>
            {weeks.map((w) => (
              <tr data-week={w.date}>
                <th scope="row">
                  <time datetime={w.date}>{w.label}</time>
                </th>
                <td>{n(w.confirmed)}</td>
                <td>{n(w.unsubscribed)}</td>
                <td>{n(w.lost)}</td>
                <td>{n(w.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
