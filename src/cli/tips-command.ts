// `masthead tips new-key | rekey | purge`: the tip key's rotation and retention, for the
// station's engineer (the server does the retention by itself once a day).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { EventBus } from '../modules/events/index.ts';
import { addKey, loadKeyring, purgeOldTips, resealTips } from '../modules/tips/index.ts';
import { createDb, migrateToLatest } from '../storage/index.ts';
import { UsageError } from './source-command.ts';

export const TIPS_HELP = `Usage: masthead tips new-key | rekey | purge

  new-key   Put a new key first in the tip key file (MASTHEAD_TIP_KEY_FILE, default keys/tips.key).
            New tips are sealed with it once the server restarts; older keys stay, to open
            what they sealed.
  rekey     Seal every tip, message and file still under an older key with the first key.
            Safe to stop and run again. When it reports nothing left, remove the old key's line.
  purge     Delete closed tips older than MASTHEAD_TIP_RETENTION_DAYS (90) and stray files now,
            as the server does once a day.

Rotating the key: masthead tips new-key, restart every server, masthead tips rekey, then delete
the old line from the key file (and from its backups).`;

export async function tipsCommand(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  const [action, ...rest] = positionals;
  if (!action || rest.length > 0 || !['new-key', 'rekey', 'purge'].includes(action)) throw new UsageError('say: tips new-key, tips rekey or tips purge');
  const config = loadConfig();
  if (action === 'new-key') {
    loadKeyring(config.tipKeyFile);
    const id = addKey(config.tipKeyFile);
    console.log(`Added tip key ${id} first in ${config.tipKeyFile}. Restart the servers, then run: masthead tips rekey`);
    return 0;
  }
  const { keyring } = loadKeyring(config.tipKeyFile);
  const database = await createDb(config);
  try {
    await migrateToLatest(database.db);
    const ctx = { db: database.db, store: { dir: config.tipsDir, keyring }, events: new EventBus() };
    if (action === 'rekey') {
      const counts = await resealTips(ctx);
      console.log(`Sealed again under ${keyring.current.id}: ${counts.tips} tips (${counts.values} values, ${counts.files} files).`);
      const others = [...keyring.byId.keys()].filter((k) => k !== keyring.current.id);
      if (others.length > 0) console.log(`Nothing is sealed with ${others.join(', ')} any more: remove ${others.length === 1 ? 'its line' : 'their lines'} from ${config.tipKeyFile}.`);
      return 0;
    }
    const counts = await purgeOldTips(ctx, config.tipRetentionDays);
    console.log(`Deleted ${counts.tips} closed tips (${counts.files} files), ${counts.strayFiles} stray files and ${counts.challenges} spent challenges.`);
    return 0;
  } finally {
    await database.close();
  }
}
