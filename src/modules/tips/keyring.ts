// The keys that seal tips. They live in a file outside the data directory (never in the
// database), one key a line: "<id> <32 bytes, base64>". The first line is the key new writing
// uses; the others still open what they sealed until `masthead tips rekey` has moved it to the
// first. A copy of the database and the media folder alone therefore reveals nothing.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../errors.ts';

export interface TipKey {
  readonly id: string;
  readonly key: Buffer;
}

export interface TipKeyring {
  readonly current: TipKey;
  readonly byId: ReadonlyMap<string, TipKey>;
  readonly file: string;
}

const KEY_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

export function parseKeyring(text: string, file: string): TipKeyring {
  const keys: TipKey[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [id, encoded, ...rest] = line.split(/\s+/);
    const key = Buffer.from(encoded ?? '', 'base64');
    if (!id || !KEY_ID.test(id) || rest.length > 0 || key.length !== 32) {
      throw new AppError('TIP_KEY_INVALID', `Line ${index + 1} of the tip key file ${file} is not "<id> <32 bytes in base64>".`);
    }
    if (keys.some((k) => k.id === id)) throw new AppError('TIP_KEY_INVALID', `The tip key file ${file} names key ${id} twice.`);
    keys.push({ id, key });
  }
  if (keys.length === 0) throw new AppError('TIP_KEY_INVALID', `The tip key file ${file} holds no key.`);
  return { current: keys[0]!, byId: new Map(keys.map((k) => [k.id, k])), file };
}

const keyLine = (id: string) => `${id} ${randomBytes(32).toString('base64')}\n`;
const newKeyId = () => `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;

/** Reads the key file; a missing one is made with a first key (owner-only), and `created` says so. */
export function loadKeyring(file: string): { keyring: TipKeyring; created: boolean } {
  let created = false;
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const header = '# Masthead tip keys: the first line seals new tips; keep older lines until `masthead tips rekey` has run.\n';
    try {
      fs.writeFileSync(file, header + keyLine(newKeyId()), { mode: 0o600, flag: 'wx' });
      created = true;
    } catch (error) {
      // Another process made it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return { keyring: parseKeyring(fs.readFileSync(file, 'utf8'), file), created };
}

/** Puts a new key first in the file (the old ones stay, to open what they sealed); returns its id. */
export function addKey(file: string): string {
  const text = fs.readFileSync(file, 'utf8');
  parseKeyring(text, file);
  const id = newKeyId();
  const lines = text.split('\n');
  const firstKey = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  lines.splice(firstKey, 0, keyLine(id).trimEnd());
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, lines.join('\n'), { mode: 0o600 });
  fs.renameSync(temp, file);
  return id;
}
