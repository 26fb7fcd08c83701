// Landed migrations are frozen: each file's sha256 is in migrations/checksums.json, and a file
// that changes after it landed fails here. A new migration adds its file, its line in
// migrator.ts and its checksum, together.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';

const DIR = path.resolve(import.meta.dirname, 'migrations');
const manifest = JSON.parse(fs.readFileSync(path.join(DIR, 'checksums.json'), 'utf8')) as Record<string, string>;
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();

it('keeps every landed migration exactly as it landed', () => {
  for (const name of files) {
    const sum = createHash('sha256').update(fs.readFileSync(path.join(DIR, `${name}.ts`))).digest('hex');
    assert.ok(manifest[name], `${name} is not in checksums.json: add it when the migration is written`);
    assert.equal(sum, manifest[name], `${name}.ts changed after it landed: write a new migration instead`);
  }
  assert.deepEqual(Object.keys(manifest).sort(), files, 'every checksum names a migration file');
});

it('lists every migration file in the migrator, in name order', () => {
  const migrator = fs.readFileSync(path.resolve(import.meta.dirname, 'migrator.ts'), 'utf8');
  const listed = [...migrator.matchAll(/^\s+'([\d-]+[\w-]+)': \w+,$/gm)].map((m) => m[1]);
  assert.deepEqual(listed, files);
});
