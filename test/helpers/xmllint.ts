// libxml2's xmllint, to check documents against published XML schemas. Installed by .ci/run; a
// machine without it skips the check with the reason, and in CI it must run.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IN_CI } from './databases.ts';

function available(): boolean {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const xmllintSkip: string | false = IN_CI || available() ? false : 'xmllint is not installed (apt-get install libxml2-utils)';

/** Validates against an XSD; resolves with xmllint's complaints (empty when valid). */
export function validateXml(xml: string, schema: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-xml-'));
  try {
    const file = path.join(dir, 'document.xml');
    fs.writeFileSync(file, xml);
    const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', schema, file], { encoding: 'utf8' });
    return run.status === 0 ? '' : run.stderr.trim();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
