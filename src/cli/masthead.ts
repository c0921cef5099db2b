#!/usr/bin/env node
import path from 'node:path';
import { loadConfig, type Config } from '../config/config.js';
import { openMigratedStore, type Store } from '../store/store.js';
import { CLI_ORIGIN, withAuditOrigin } from '../audit/audit-origin.js';

// `npx masthead <command>` (SPEC §1). Exit codes: 0 done, 1 failed, 2 usage.

const USAGE = `Usage: masthead <command>
  serve               serve the site without seeding anything
  start               migrate, seed the demo publication if empty, serve
  migrate             apply pending migrations and exit
  import FILE.json [--max-size MB]
                      import a content bundle (refused unread above IMPORT_MAX_MB, default 200)
  export DIR          write the publication as a content bundle into DIR
  migrate-from wordpress FILE.xml [--media DIR | --media-url-base URL]
  migrate-from ghost FILE.json|FILE.zip [--members FILE.csv] [--redirects FILE.yaml|json]
  migrate-from feed URL|FILE… [--sitemap URL|FILE…]
                      move an archive from another platform (every one takes --dry-run,
                      --no-fetch, --report FILE, --json); re-running resumes
  user add --email E --name N --role R
                      create a staff account; the password is read from stdin
  user reset-two-factor --email E
                      turn off a person's two-factor sign-in (lost phone and recovery codes)
  jobs                list queued, running and failed background jobs
  apikey create --name N --scope content|admin | apikey list | apikey revoke ID
  webhook add --url URL --events E1,E2 | webhook list | webhook remove ID
  newsletter send [--newsletter SLUG]
                      send the list's current issue now (drafting the round-up if none)
  newsletter bounces --mbox FILE | --maildir DIR
                      read bounce and complaint reports; those addresses are not mailed again
  backup FILE.tar.gz  write the database and media into one file, while the site runs
  restore FILE.tar.gz [--force]
                      put a backup in place (stop the site first; --force replaces content)
  audit export [--since DATE]
                      write the audit trail as JSON lines to stdout, oldest first`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'serve':
    case 'start': {
      // Loaded only here: the web app is most of the code, and the other commands need none of it.
      const { serve } = await import('../main.js');
      await serve({ seed: command === 'start' });
      return -1;
    }
    case 'migrate':
      return withStore(async () => {
        console.log('Migrations are up to date.');
        return 0;
      });
    case 'import': {
      const { parseImportArgs, bundleTooLarge } = await import('./import-size.js');
      const parsed = parseImportArgs(args);
      if ('usage' in parsed) return usage();
      const { importBundle } = await import('../importers/bundle/import-bundle.js');
      return withStore(async (store, config) => {
        const tooLarge = await bundleTooLarge(parsed.file, parsed.maxBytes ?? config.importMaxBytes);
        if (tooLarge) {
          console.error(tooLarge);
          return 1;
        }
        const result = await importBundle({ store, file: parsed.file, mediaDir: config.mediaDir });
        if (!result.ok) {
          for (const problem of result.problems) console.error(problem);
          console.error(`Nothing was imported: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}.`);
          return 1;
        }
        for (const line of result.report.lines) console.log(line);
        const { created, updated, unchanged } = result.report;
        console.log(`Imported: ${created} created, ${updated} updated, ${unchanged} unchanged.`);
        return 0;
      });
    }
    case 'export': {
      if (args.length !== 1) return usage();
      const { exportBundle } = await import('../importers/bundle/export-bundle.js');
      return withStore(async (store, config) => {
        const { file, counts } = await exportBundle({ db: store.db, dir: path.resolve(args[0]!), mediaDir: config.mediaDir });
        console.log(
          `Exported ${Object.entries(counts)
            .map(([k, n]) => `${n} ${k}`)
            .join(', ')} to ${file}`,
        );
        return 0;
      });
    }
    case 'user': {
      const { userCommand } = await import('./user-command.js');
      return withStore((store) => userCommand(args, store));
    }
    case 'jobs': {
      if (args.length !== 0) return usage();
      const { listJobs } = await import('../store/jobs/job-repository.js');
      const { jobListing } = await import('../jobs/job-listing.js');
      return withStore(async (store) => {
        for (const line of jobListing(await listJobs(store.db, { states: ['queued', 'running', 'failed'] }))) console.log(line);
        return 0;
      });
    }
    case 'webhook':
      return withStore(async (store, config) => (await import('./webhook-command.js')).webhookCommand(args, store, config));
    case 'newsletter':
      return withStore(async (store, config) => (await import('./newsletter-command.js')).newsletterCommand(args, store, config));
    case 'migrate-from':
      return withStore(async (store, config) => (await import('./migrate-command.js')).migrateCommand(args, store, config));
    case 'audit':
      return withStore(async (store) => (await import('./audit-command.js')).auditCommand(args, store));
    case 'apikey':
      return withStore(async (store, config) => (await import('./apikey-command.js')).apikeyCommand(args, store, config));
    case 'backup':
      return withStore(async (store, config) => (await import('./backup-command.js')).backupCommand(args, store, config));
    case 'restore':
      return withStore(async (store, config) => (await import('./restore-command.js')).restoreCommand(args, store, config));
    default:
      return usage();
  }
}

/** Runs a command against the migrated store and always closes it. */
async function withStore(command: (store: Store, config: Config) => Promise<number>): Promise<number> {
  const config = loadConfig();
  const store = await openMigratedStore(config.database);
  try {
    // What a command does is recorded in the audit trail as done at the shell (door cli).
    return await withAuditOrigin(CLI_ORIGIN, () => command(store, config));
  } finally {
    await store.close();
  }
}

function usage(): number {
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
