// `masthead quotes FILE… [--json]`: who said what in plain-text or HTML files, for an editor
// checking a story before it runs and for scoring the attribution rules against annotated text.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { attribute, type Attribution } from '../modules/attribution/index.ts';
import { UsageError } from './source-command.ts';

export const QUOTES_HELP = `Usage: masthead quotes FILE… [--json]

Prints the attributions in each file: every quotation and reported statement, its cue (said,
told, denied, according to, …), the words that name the speaker and the speaker they resolve to
(name, type person | organisation | unnamed, and role), and the stance the cue gives.

A file ending in .html or .htm (or starting with "<") is read for its text content: the text of
its elements in document order, with a line break after each block element (p, div, h1–h6, li,
blockquote, br, …) and scripts and styles left out. Other files are read as UTF-8 text.

  --json   One line per file: {"file", "attributions": [{"kind", "content": {"start", "end",
           "text"}, "cue", "source", "speaker": {"name", "type", "role"}, "stance", "parts",
           "confidence"}]}. Offsets are JavaScript string indices (UTF-16 code units) into the
           file's text, or for HTML into its text content as described above; end is exclusive.
           A file that cannot be read gives {"file", "error"} and the command exits 1.`;

const BLOCKS = new Set(['P', 'DIV', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'BLOCKQUOTE', 'BR', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER', 'FIGCAPTION', 'TR', 'UL', 'OL', 'TABLE', 'PRE', 'ASIDE', 'MAIN', 'FIGURE', 'DT', 'DD', 'HR']);
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'svg', 'SVG']);

interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  childNodes: ArrayLike<DomNode>;
}

/** An HTML page's text content, a line per block, as --help describes. */
export async function htmlTextContent(html: string): Promise<string> {
  const { parseHTML } = await import('linkedom');
  const { document } = parseHTML(/<html[\s>]/i.test(html) ? html : `<!doctype html><html><body>${html}</body></html>`);
  const out: string[] = [];
  const walk = (node: DomNode) => {
    if (node.nodeType === 3) {
      out.push((node.nodeValue ?? '').replace(/\s+/g, ' '));
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9) return;
    if (SKIPPED.has(node.nodeName)) return;
    const block = BLOCKS.has(node.nodeName);
    if (block) out.push('\n');
    for (let i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i]!);
    if (block) out.push('\n');
  };
  walk((document.body ?? document.documentElement) as unknown as DomNode);
  return out.join('').replace(/[ \t]*\n[ \t]*/g, '\n').replace(/\n{2,}/g, '\n').trim();
}

export async function readStoryText(file: string): Promise<string> {
  const raw = await fs.promises.readFile(file, 'utf8');
  return /\.html?$/i.test(file) || /^\s*</.test(raw) ? htmlTextContent(raw) : raw;
}

function describe(a: Attribution): string {
  const who = a.speaker ? `${a.speaker.name}${a.speaker.role ? ` (${a.speaker.role})` : ''} [${a.speaker.type}]` : 'unknown speaker';
  const words = a.content.text.replace(/\s+/g, ' ');
  return `  ${a.kind.padEnd(8)} ${who}${a.stance ? `, ${a.stance}` : ''}${a.cue ? ` ("${a.cue.text}")` : ''}: ${words.length > 160 ? `${words.slice(0, 157)}…` : words}`;
}

export async function quotesCommand(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (!positionals.length) throw new UsageError('give one or more files: masthead quotes FILE… [--json]');
  let failed = false;
  for (const file of positionals) {
    let text: string;
    try {
      text = await readStoryText(file);
    } catch (error) {
      failed = true;
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      if (values.json) console.log(JSON.stringify({ file, error: reason }));
      else console.error(`${file}: ${reason}`);
      continue;
    }
    const found = attribute(text);
    if (values.json) {
      console.log(JSON.stringify({ file, attributions: found.map(({ kind, content, cue, source, speaker, stance, parts, confidence }) => ({ kind, content, cue, source, speaker, stance, parts, confidence })) }));
    } else {
      console.log(`${file}: ${found.length} attribution${found.length === 1 ? '' : 's'}`);
      for (const a of found) console.log(describe(a));
    }
  }
  return failed ? 1 : 0;
}
