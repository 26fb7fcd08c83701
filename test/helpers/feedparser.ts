// Debian's python3-feedparser as a third, independent reader of the site's feeds. Installed by
// .ci/run; on a machine without it the check is skipped with the reason, and in CI it must run.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { IN_CI } from './databases.ts';

const PYTHON = '/usr/bin/python3';

function available(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import feedparser'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const feedparserSkip: string | false = IN_CI || (fs.existsSync(PYTHON) && available()) ? false : 'python3-feedparser is not installed (apt-get install python3-feedparser)';

export interface ParsedByFeedparser {
  bozo: boolean;
  bozoMessage: string | null;
  version: string;
  title: string;
  entries: { id: string; title: string; link: string; authors: string[]; content: string; published: string }[];
}

/** Parses documents with feedparser in one process (one Python start for the lot). */
export function feedparse(documents: string[]): ParsedByFeedparser[] {
  const script = `
import feedparser, json, sys
docs = json.load(sys.stdin)
out = []
for doc in docs:
    f = feedparser.parse(doc)
    out.append({
        'bozo': bool(f.bozo), 'bozoMessage': str(f.get('bozo_exception')) if f.bozo else None,
        'version': f.version, 'title': f.feed.get('title', ''),
        'entries': [{'id': e.get('id', ''), 'title': e.get('title', ''), 'link': e.get('link', ''),
                     'authors': [a.get('name', '') for a in e.get('authors', [])],
                     'content': (e.get('content') or [{'value': e.get('summary', '')}])[0]['value'],
                     'published': e.get('published', '')} for e in f.entries],
    })
json.dump(out, sys.stdout)
`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script], { input: JSON.stringify(documents), maxBuffer: 64 * 1024 * 1024 }).toString()) as ParsedByFeedparser[];
}
