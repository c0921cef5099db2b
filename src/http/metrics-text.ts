// A small writer of the Prometheus text exposition format (version 0.0.4): counters,
// gauges and histograms with labels, which is all /metrics reports. Written here rather
// than taken from prom-client: that library keeps one process-wide registry (two apps in
// one test process would share series), pulls in OpenTelemetry's API, and its defaults
// report dozens of series nobody asked for; this is about a hundred lines.

export type Labels = Readonly<Record<string, string>>;

/** One metric family, ready to print: its name, type, help and samples. */
export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  help: string;
  samples: Array<{ suffix?: string; labels?: Labels; value: number }>;
}

const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabel = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(labels: Labels | undefined): string {
  const entries = Object.entries(labels ?? {});
  return entries.length === 0 ? '' : `{${entries.map(([name, value]) => `${name}="${escapeLabel(value)}"`).join(',')}}`;
}

/** The exposition text of these families, each with its HELP and TYPE lines. */
export function writeExposition(families: readonly Family[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      lines.push(`${family.name}${sample.suffix ?? ''}${formatLabels(sample.labels)} ${formatValue(sample.value)}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** The key under which one label set's series is kept (label order as given). */
const keyOf = (labels: Labels) => JSON.stringify(labels);

export class CounterVec {
  readonly #series = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels, by = 1): void {
    const key = keyOf(labels);
    const series = this.#series.get(key);
    if (series) series.value += by;
    else this.#series.set(key, { labels, value: by });
  }

  family(): Family {
    return { name: this.name, type: 'counter', help: this.help, samples: [...this.#series.values()] };
  }
}

export class HistogramVec {
  readonly #series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    /** Upper bounds, ascending; +Inf is added when printed. */
    readonly buckets: readonly number[],
  ) {}

  observe(labels: Labels, value: number): void {
    const key = keyOf(labels);
    let series = this.#series.get(key);
    if (!series) this.#series.set(key, (series = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    // Each bucket counts what is at most its bound; the running sum is made when printed.
    const at = this.buckets.findIndex((bound) => value <= bound);
    if (at >= 0) series.counts[at]!++;
    series.sum += value;
    series.count++;
  }

  family(): Family {
    const samples: Family['samples'] = [];
    for (const series of this.#series.values()) {
      let cumulative = 0;
      this.buckets.forEach((bound, i) => {
        cumulative += series.counts[i]!;
        samples.push({ suffix: '_bucket', labels: { ...series.labels, le: formatValue(bound) }, value: cumulative });
      });
      samples.push({ suffix: '_bucket', labels: { ...series.labels, le: '+Inf' }, value: series.count });
      samples.push({ suffix: '_sum', labels: series.labels, value: series.sum });
      samples.push({ suffix: '_count', labels: series.labels, value: series.count });
    }
    return { name: this.name, type: 'histogram', help: this.help, samples };
  }
}

/** A gauge family read at scrape time. */
export function gauge(name: string, help: string, samples: Family['samples']): Family {
  return { name, type: 'gauge', help, samples };
}

/** A counter family read at scrape time (a total kept elsewhere). */
export function counter(name: string, help: string, samples: Family['samples']): Family {
  return { name, type: 'counter', help, samples };
}
