// Makes sure a folder the site writes to exists and is writable, or says which folder and why
// in one line. fs.mkdirSync(dir, { recursive: true }) spins for a long time under /proc, so the
// missing levels are made one at a time below the nearest folder that exists.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.ts';

const reason = (error: unknown) => ((error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error)));

/** `what` names the setting behind the folder, e.g. "MASTHEAD_DATA_DIR". */
export function ensureWritableDir(dir: string, what: string): void {
  const target = path.resolve(dir);
  const missing: string[] = [];
  let existing = target;
  for (;;) {
    try {
      if (!fs.statSync(existing).isDirectory()) throw new ConfigError(`${what}: ${existing} is a file, not a folder`);
      break;
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigError(`${what}: cannot read ${existing} (${reason(error)})`);
      const parent = path.dirname(existing);
      if (parent === existing) throw new ConfigError(`${what}: cannot create ${target}: no part of the path exists`);
      missing.unshift(existing);
      existing = parent;
    }
  }
  for (const level of missing) {
    try {
      fs.mkdirSync(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new ConfigError(`${what}: cannot create ${level} (${reason(error)})`);
    }
  }
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch (error) {
    throw new ConfigError(`${what}: ${target} is not writable (${reason(error)})`);
  }
}
