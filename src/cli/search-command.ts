// `masthead search reindex`: rewrites every story's search row, for the station's engineer
// (after changing the site's language on PostgreSQL, or to be sure after a restore).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { reindexSearch } from '../modules/search/index.ts';
import { createDb, migrateToLatest } from '../storage/index.ts';
import { progress } from './progress.ts';
import { UsageError } from './source-command.ts';

export const SEARCH_HELP = `Usage: masthead search reindex

  reindex   Rewrite the search index of every story (drafts and withdrawn stories too), in
            batches of 500, each its own transaction: the site keeps answering while it runs,
            and a run stopped half-way leaves a usable index. Prints how many it wrote.

The index is kept in step with every change to a story, and the server writes the rows of any
story that has none when it starts; reindex is for a changed site language (PostgreSQL stems
in the site's language) or a database restored from elsewhere.`;

export async function searchCommand(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  const [action, ...rest] = positionals;
  if (action !== 'reindex' || rest.length > 0) throw new UsageError('say: search reindex');
  const database = await createDb(loadConfig());
  try {
    await migrateToLatest(database.db);
    const started = performance.now();
    const count = await reindexSearch(database.db, { onProgress: (p) => progress(p.done, p.total, 'stories') });
    console.log(`Indexed ${count} stories for search in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
  } finally {
    await database.close();
  }
}
