import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config/config.js';
import { publishJobKey } from '../editorial/story-events.js';
import { runMigration, type Progress } from '../migration/run-migration.js';
import { SourceFormatError, type SourceReader } from '../migration/source-model.js';
import { createSafeFetch, outboundPolicyFromEnv, type SafeFetch } from '../net/safe-fetch.js';
import { rescheduleJob } from '../store/jobs/job-repository.js';
import type { Store } from '../store/store.js';

// `masthead migrate-from wordpress|ghost|feed …`: one command per source platform. The
// report ends every run, as text on stdout and as JSON in a file (or on stdout with
// --json). A file that is not what it claims exits 1 with the line and the reason, having
// written nothing; a run stopped half way resumes on the next run of the same command.

export const MIGRATE_USAGE = `Usage: masthead migrate-from wordpress FILE.xml [--media DIR | --media-url-base URL] [options]
       masthead migrate-from ghost FILE.json|FILE.zip [--members FILE.csv] [--redirects FILE.yaml|json] [options]
       masthead migrate-from feed URL|FILE… [--sitemap URL|FILE…] [options]
Options:
  --dry-run        read everything and print the full report; write nothing
  --staff ROLE     also make a staff account (contributor, author, editor or admin) for each
                   imported person with an address, with a set-up link; never their password
  --no-fetch       never fetch images over the network (missing ones are reported)
  --report FILE    where the JSON report goes (default: DATA_DIR/migrations/…json)
  --json           print the JSON report on stdout instead of the text`;

const STAFF_ROLES = ['contributor', 'author', 'editor', 'admin'] as const;

const OPTIONS = {
  'dry-run': { type: 'boolean' },
  staff: { type: 'string' },
  'no-fetch': { type: 'boolean' },
  json: { type: 'boolean' },
  report: { type: 'string' },
  media: { type: 'string' },
  'media-url-base': { type: 'string' },
  members: { type: 'string' },
  redirects: { type: 'string' },
  sitemap: { type: 'string', multiple: true },
} as const;

function usage(message?: string): number {
  if (message) console.error(message);
  console.error(MIGRATE_USAGE);
  return 2;
}

async function openReader(
  system: string,
  inputs: string[],
  values: Record<string, unknown>,
  fetch: SafeFetch,
): Promise<SourceReader | string> {
  const only = (allowed: string[]) => {
    const stray = ['media', 'media-url-base', 'members', 'redirects', 'sitemap'].filter(
      (o) => values[o] !== undefined && !allowed.includes(o),
    );
    return stray.length ? `--${stray[0]} does not apply to ${system}` : null;
  };
  if (system === 'wordpress') {
    if (inputs.length !== 1) return 'wordpress takes one export file';
    if (values.media && values['media-url-base']) return 'give --media or --media-url-base, not both';
    const stray = only(['media', 'media-url-base']);
    if (stray) return stray;
    const { openWordpressExport } = await import('../migration/wordpress/wordpress-export.js');
    return openWordpressExport(path.resolve(inputs[0]!));
  }
  if (system === 'ghost') {
    if (inputs.length !== 1) return 'ghost takes one export file (.json or .zip)';
    const stray = only(['members', 'redirects']);
    if (stray) return stray;
    const { openGhostExport } = await import('../migration/ghost/ghost-reader.js');
    const file = (key: string) => (typeof values[key] === 'string' ? path.resolve(values[key]) : undefined);
    return openGhostExport(path.resolve(inputs[0]!), { members: file('members'), redirects: file('redirects') });
  }
  if (system === 'feed') {
    if (!inputs.length) return 'feed takes one or more feed URLs or files';
    const stray = only(['sitemap']);
    if (stray) return stray;
    const { openFeedSource } = await import('../migration/feed/feed-reader.js');
    return openFeedSource(inputs, {
      sitemaps: (values.sitemap as string[] | undefined) ?? [],
      fetch: async (url) => {
        const response = await fetch(url, { timeoutMs: 30_000, maxBytes: 50 * 1024 * 1024 });
        return { status: response.status, contentType: String(response.headers['content-type'] ?? ''), body: response.body };
      },
    });
  }
  return `unknown source "${system}": wordpress, ghost or feed`;
}

function progressLine({ stories, total, perSecond, etaSeconds }: Progress): string {
  const done = total ? `${stories.toLocaleString('en')}/${total.toLocaleString('en')}` : stories.toLocaleString('en');
  const eta = etaSeconds === null ? '' : ` · ETA ${Math.ceil(etaSeconds)} s`;
  return `\r  stories ${done} · ${Math.round(perSecond)}/s${eta}   `;
}

export async function migrateCommand(args: string[], store: Store, config: Config): Promise<number> {
  const [system, ...rest] = args;
  if (!system) return usage();
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  const fetch = createSafeFetch(outboundPolicyFromEnv(config.outboundAllowPrivate));
  let reader: SourceReader | string;
  try {
    reader = await openReader(system, positionals, values, fetch);
  } catch (error) {
    if (error instanceof SourceFormatError) {
      console.error(`Nothing was imported: ${positionals[0] ?? 'the source'}: ${error.message}`);
      return 1;
    }
    throw error;
  }
  if (typeof reader === 'string') return usage(reader);
  const staffRole = values.staff;
  if (staffRole !== undefined && !STAFF_ROLES.includes(staffRole as (typeof STAFF_ROLES)[number])) {
    await reader.close();
    return usage(`--staff takes one of ${STAFF_ROLES.join(', ')}`);
  }

  // Ctrl-C: the batch in flight rolls back with the connection; finished batches stay.
  const interrupted = () => {
    process.stderr.write('\nInterrupted. Every finished batch is kept: run the same command again to resume.\n');
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  const showProgress = process.stderr.isTTY && !values.json;
  try {
    const report = await runMigration({
      store,
      mediaDir: config.mediaDir,
      reader,
      dryRun: values['dry-run'] === true,
      staff: staffRole ? { role: staffRole as (typeof STAFF_ROLES)[number], siteUrl: config.siteUrl } : null,
      images: {
        mediaDir: values.media ? path.resolve(values.media) : null,
        mediaUrlBase: values['media-url-base'] ?? null,
        fetch: values['no-fetch'] || values.media ? null : fetch,
      },
      schedule: (trx, storyId, at) =>
        rescheduleJob(trx, {
          kind: 'article.publish',
          dedupeKey: publishJobKey(storyId),
          runAt: new Date(at),
          payload: { article_id: storyId, at },
        }).then(() => undefined),
      progress: showProgress ? (p) => process.stderr.write(progressLine(p)) : undefined,
    });
    if (showProgress) process.stderr.write('\n');
    const json = JSON.stringify(report.toJSON(), null, 2);
    const reportFile = values.report
      ? path.resolve(values.report)
      : path.join(config.dataDir, 'migrations', `${system}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    await mkdir(path.dirname(reportFile), { recursive: true });
    await writeFile(reportFile, `${json}\n`, { mode: 0o600 });
    if (values.json) console.log(json);
    else {
      console.log(report.toText());
      console.log(`\nThe full report (JSON): ${reportFile}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof SourceFormatError) {
      console.error(`Nothing was imported: ${positionals[0] ?? 'the source'}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    process.off('SIGINT', interrupted);
  }
}
