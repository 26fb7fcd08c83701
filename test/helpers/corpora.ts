// The public test corpora live beside the project (../shared/corpora, or MASTHEAD_CORPORA), not
// in it. A suite that reads one skips with the reason when it is absent, so a lone clone passes;
// under CI=true an absent corpus is a failure, as the conformance suites must run there.
import fs from 'node:fs';
import path from 'node:path';

export const CORPORA_ROOT = path.resolve(process.env.MASTHEAD_CORPORA || '../shared/corpora');

export interface Corpus {
  /** The corpus folder (it may not exist: check `skip` first). */
  root: string;
  /** A path inside the corpus. */
  file(...parts: string[]): string;
  /** Why the suite skips (the corpus is absent), or false to run it. */
  skip: string | false;
}

export function corpus(name: string): Corpus {
  const root = path.join(CORPORA_ROOT, name);
  const present = fs.existsSync(root);
  if (!present && process.env.CI === 'true') {
    throw new Error(`the ${name} corpus is missing at ${root}: with CI=true every conformance suite must run (set MASTHEAD_CORPORA or put shared/ beside the project)`);
  }
  return {
    root,
    file: (...parts) => path.join(root, ...parts),
    skip: present ? false : `the ${name} corpus is not at ${root} (set MASTHEAD_CORPORA to read it from elsewhere)`,
  };
}
