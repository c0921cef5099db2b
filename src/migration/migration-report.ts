// What a migration did, item by item: every run ends with it, as text for a person and as
// JSON for a script. Nothing is dropped silently: a skipped item has its reason, a
// missing image its URL and the stories that wanted it.

export type Outcome = 'created' | 'updated' | 'unchanged' | 'skipped';

export type ReportKind = 'person' | 'section' | 'tag' | 'media' | 'story' | 'page' | 'redirect' | 'subscriber';

export interface ReportEntry {
  kind: ReportKind;
  outcome: Outcome;
  sourceId: string;
  /** The new home ("/walk-away-talks") or the reason it was skipped. */
  detail: string;
}

const KINDS: ReportKind[] = ['person', 'section', 'tag', 'media', 'story', 'page', 'redirect', 'subscriber'];
const PLURAL: Record<ReportKind, string> = {
  person: 'people',
  section: 'sections',
  tag: 'tags',
  media: 'images',
  story: 'stories',
  page: 'pages',
  redirect: 'redirects',
  subscriber: 'subscribers',
};

export class MigrationReport {
  readonly entries: ReportEntry[] = [];
  readonly warnings: string[] = [];
  readonly notImported = new Map<string, number>();
  /** url → the source ids of the stories that show it. */
  readonly missingImages = new Map<string, { reason: string; usedBy: Set<string> }>();
  /** Stories whose images have no credit (the source has no such field). */
  readonly missingCredits: Array<{ sourceId: string; path: string }> = [];
  /** Private, password, members-only and paid items: imported as drafts. */
  readonly restricted: Array<{ sourceId: string; path: string; restriction: string }> = [];
  /** Set-up links of staff accounts made on request: shown once in the text, never in the JSON file. */
  readonly staffLinks: Array<{ email: string; link: string }> = [];
  /** Items a previous, interrupted run had already committed. */
  resumedFrom = 0;

  constructor(
    readonly source: string,
    readonly dryRun: boolean,
  ) {}

  add(kind: ReportKind, outcome: Outcome, sourceId: string, detail = ''): void {
    this.entries.push({ kind, outcome, sourceId, detail });
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  notImportedCount(what: string, count: number): void {
    this.notImported.set(what, (this.notImported.get(what) ?? 0) + count);
  }

  missingImage(url: string, reason: string, usedBy: string | null): void {
    const entry = this.missingImages.get(url) ?? { reason, usedBy: new Set<string>() };
    if (usedBy) entry.usedBy.add(usedBy);
    this.missingImages.set(url, entry);
  }

  counts(kind: ReportKind): Record<Outcome, number> {
    const out: Record<Outcome, number> = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
    for (const entry of this.entries) if (entry.kind === kind) out[entry.outcome] += 1;
    return out;
  }

  /** Whether the run wrote (or, dry, would write) anything. */
  get changedAnything(): boolean {
    return this.entries.some((e) => e.outcome === 'created' || e.outcome === 'updated');
  }

  toJSON() {
    return {
      source: this.source,
      dryRun: this.dryRun,
      counts: Object.fromEntries(KINDS.map((kind) => [kind, this.counts(kind)])),
      skipped: this.entries
        .filter((e) => e.outcome === 'skipped')
        .map(({ kind, sourceId, detail }) => ({ kind, sourceId, reason: detail })),
      changed: this.entries
        .filter((e) => e.outcome === 'created' || e.outcome === 'updated')
        .map(({ kind, outcome, sourceId, detail }) => ({ kind, outcome, sourceId, at: detail })),
      restricted: this.restricted,
      missingImages: [...this.missingImages].map(([url, { reason, usedBy }]) => ({ url, reason, usedBy: [...usedBy] })),
      missingCredits: this.missingCredits,
      notImported: Object.fromEntries(this.notImported),
      warnings: this.warnings,
      resumedFrom: this.resumedFrom,
      staffAccounts: this.staffLinks.map((s) => s.email),
    };
  }

  toText(): string {
    const lines: string[] = [];
    lines.push(`${this.dryRun ? 'Dry run (nothing written)' : 'Migration'} from ${this.source}`);
    for (const kind of KINDS) {
      const c = this.counts(kind);
      if (c.created + c.updated + c.unchanged + c.skipped === 0) continue;
      lines.push(`  ${PLURAL[kind].padEnd(12)} ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.skipped} skipped`);
    }
    if (!this.changedAnything) lines.push('  Nothing new to import: every item is already here, unchanged.');
    else if (this.resumedFrom) lines.push(`  Resumed: ${this.resumedFrom} items were already imported by an earlier run.`);
    // Images that could not be found are listed once, below, with the stories that wanted them.
    const skipped = this.entries.filter((e) => e.outcome === 'skipped' && e.kind !== 'media');
    if (skipped.length) {
      lines.push('', `Skipped (${skipped.length}):`);
      for (const e of skipped) lines.push(`  ${e.kind} ${e.sourceId}: ${e.detail}`);
    }
    if (this.restricted.length) {
      lines.push('', `Imported as drafts, never public (${this.restricted.length}):`);
      for (const r of this.restricted) lines.push(`  ${r.path} (${r.restriction})`);
    }
    if (this.missingImages.size) {
      lines.push('', `Missing images (${this.missingImages.size}), listed here and left out of the stories:`);
      for (const [url, { reason, usedBy }] of this.missingImages) {
        lines.push(
          `  ${url}: ${reason}${usedBy.size ? ` (used by ${[...usedBy].slice(0, 5).join(', ')}${usedBy.size > 5 ? ', …' : ''})` : ''}`,
        );
      }
    }
    if (this.missingCredits.length) {
      lines.push(
        '',
        `Stories whose images have no photo credit (${this.missingCredits.length}; the newsroom lists them at /admin/imports):`,
      );
      for (const m of this.missingCredits.slice(0, 50)) lines.push(`  ${m.path}`);
      if (this.missingCredits.length > 50) lines.push(`  … and ${this.missingCredits.length - 50} more`);
    }
    if (this.notImported.size) {
      lines.push('', 'Not imported (Masthead has no place for them):');
      for (const [what, count] of this.notImported) lines.push(`  ${what}: ${count}`);
    }
    if (this.staffLinks.length) {
      lines.push(
        '',
        `Staff accounts made (${this.staffLinks.length}); hand each person their set-up link (valid 7 days, shown only here):`,
      );
      for (const s of this.staffLinks) lines.push(`  ${s.email}: ${s.link}`);
    }
    if (this.warnings.length) {
      lines.push('', `Warnings (${this.warnings.length}):`);
      for (const w of this.warnings.slice(0, 200)) lines.push(`  ${w}`);
      if (this.warnings.length > 200) lines.push(`  … and ${this.warnings.length - 200} more in the JSON report`);
    }
    return lines.join('\n');
  }
}
