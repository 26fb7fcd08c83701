// The `masthead` command: serve, migrate, seed-demo. Each takes --help.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { seedDemo } from '../modules/demo/index.ts';
import { closeOnSignals, startServer } from '../server.ts';
import { createDb, migrateToLatest } from '../storage/index.ts';
import { failureLine, isExpected } from './failure.ts';
import { INGEST_HELP, ingestCommand } from './ingest-command.ts';
import { QUOTES_HELP, quotesCommand } from './quotes-command.ts';
import { SEARCH_HELP, searchCommand } from './search-command.ts';
import { SOURCE_HELP, sourceCommand, UsageError } from './source-command.ts';
import { TIPS_HELP, tipsCommand } from './tips-command.ts';
import { USER_HELP, userCommand } from './user-command.ts';

const VERSION = (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const USAGE = `Usage: masthead <command> [options]

Commands:
  serve       Run the site (migrates the database first; loads the demo on an empty site)
  migrate     Bring the database schema up to date
  seed-demo   Load the demo station and its wire stories (safe to repeat)
  source      Add, list, show or remove wire sources
  ingest      Load wire files through the ingest pipeline; ingest log lists what arrived
  user        Add accounts (staff: moderators, editors, admins)
  tips        Rotate the tip key (new-key, rekey) or delete old tips now (purge)
  search      Rebuild the stories' search index (reindex)
  quotes      Print who said what in text or HTML files (--json for one line a file)

Options:
  -h, --help     Show help for masthead or for a command
  -v, --version  Print the version

Configuration comes from the environment: PORT, HOST, DATABASE_URL, MASTHEAD_DEMO,
PUBLIC_URL, LOG_LEVEL, MASTHEAD_DATA_DIR, MASTHEAD_MEDIA_DIR (see README.md).`;

const HELP: Record<string, string> = {
  serve: `Usage: masthead serve

Runs the web site. Migrates the database on start. With MASTHEAD_DEMO on (the default)
an empty database is filled with the demo station. Stops cleanly on SIGTERM or Ctrl-C.

Environment: PORT (3000), HOST (127.0.0.1), DATABASE_URL (sqlite file data/masthead.db),
PUBLIC_URL (http://localhost:PORT), MASTHEAD_DEMO (on|off), LOG_LEVEL (info).`,
  migrate: `Usage: masthead migrate

Applies any database migrations not yet applied and lists them. Safe to run repeatedly.
Uses DATABASE_URL (sqlite:PATH or postgres://…; unset means data/masthead.db).`,
  'seed-demo': `Usage: masthead seed-demo

Loads the demo station (settings, topics, authors) and its wire stories through the ingest
pipeline. Running it again changes nothing: wire items are identified by source and id.`,
  source: SOURCE_HELP,
  ingest: INGEST_HELP,
  user: USER_HELP,
  tips: TIPS_HELP,
  search: SEARCH_HELP,
  quotes: QUOTES_HELP,
};

// Commands that read their own arguments and options.
const withArguments: Record<string, Command> = { source: sourceCommand, ingest: ingestCommand, user: userCommand, tips: tipsCommand, search: searchCommand, quotes: quotesCommand };

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  async serve() {
    const server = await startServer(loadConfig());
    closeOnSignals(server);
    return -1; // keep running
  },
  async migrate() {
    const database = await createDb(loadConfig());
    try {
      const { applied } = await migrateToLatest(database.db);
      console.log(applied.length ? `Applied ${applied.join(', ')} to ${database.location}` : `${database.location} is up to date`);
      return 0;
    } finally {
      await database.close();
    }
  },
  async 'seed-demo'() {
    const config = loadConfig();
    const database = await createDb(config);
    try {
      await migrateToLatest(database.db);
      const report = await seedDemo(database.db, config.mediaDir);
      const counts = Object.entries(report.outcomes).map(([k, v]) => `${v} ${k}`).join(', ');
      console.log(`Demo loaded into ${database.location}: ${counts || 'nothing to do'}`);
      for (const r of report.refused) console.log(`  refused ${r.file}: ${r.reason}`);
      for (const w of report.warnings) console.log(`  warning ${w.file}: ${w.warning}`);
      return 0;
    } finally {
      await database.close();
    }
  },
};

export async function main(argv: string[]): Promise<number> {
  const [first, ...after] = argv;
  const own = first ? withArguments[first] : undefined;
  if (first && own) {
    if (after.includes('--help') || after.includes('-h')) {
      console.log(HELP[first]);
      return 0;
    }
    try {
      return await own(after);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      console.error(`masthead ${first}: ${error.message}\n\nSee masthead ${first} --help`);
      return 1;
    }
  }
  const { positionals, values } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.version) {
    console.log(`masthead ${VERSION}`);
    return 0;
  }
  const [name, ...rest] = positionals;
  if (!name) {
    console.log(USAGE);
    return values.help ? 0 : 1;
  }
  const command = commands[name] ?? withArguments[name];
  if (!command) {
    console.error(`masthead: unknown command "${name}"\n\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    console.log(HELP[name]);
    return 0;
  }
  if (rest.length > 0) {
    console.error(`masthead ${name}: unexpected argument "${rest[0]}"\n\n${HELP[name]}`);
    return 1;
  }
  return command(rest);
}

/** Runs a command as the `masthead` binary does: a failure is one line on stderr and status 1. */
export async function runMain(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (error) {
    console.error(`masthead: ${failureLine(error)}`);
    if (process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace') console.error(error);
    else if (!isExpected(error)) console.error('(run with LOG_LEVEL=debug to see the stack trace)');
    return 1;
  }
}
