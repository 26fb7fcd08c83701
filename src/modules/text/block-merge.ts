// Three-way merge of story bodies by block (paragraph, heading, list, quote, figure): the wire
// text a local edit started from, the station's text, and a newer wire text. A block only one
// side changed takes that side's change; a stretch both changed differently is a conflict, and
// the station's words win it (the editor is told how many, and can take the wire's by hand).
import { htmlToText } from './wire-html.ts';

/** The top-level elements of sanitized story HTML, each as its source text. */
export function splitBlocks(html: string): string[] {
  const blocks: string[] = [];
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(\/?)>/g;
  let depth = 0;
  let start = -1;
  let match: RegExpExecArray | null;
  while ((match = tag.exec(html))) {
    const [, closing, name = '', selfClosing] = match;
    if (VOID.has(name.toLowerCase()) || selfClosing) {
      if (depth === 0) blocks.push(match[0]);
      continue;
    }
    if (!closing) {
      if (depth === 0) start = match.index;
      depth++;
    } else if (depth > 0) {
      depth--;
      if (depth === 0) blocks.push(html.slice(start, tag.lastIndex));
    }
  }
  // Unbalanced markup (never from the sanitizer) is one block rather than lost text.
  if (depth > 0 && start >= 0) blocks.push(html.slice(start));
  return blocks;
}

const VOID = new Set(['br', 'hr', 'img', 'source', 'wbr']);

/** Pairs [i, j] of a longest common subsequence of a and b, in order. */
function commonPairs(a: readonly string[], b: readonly string[]): Array<[number, number]> {
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] = a[i] === b[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) i++;
    else j++;
  }
  return pairs;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export interface MergeResult<T> {
  merged: T[];
  /** Stretches both sides changed differently; the local side was kept for each. */
  conflicts: number;
}

/** diff3 over lists: stable stretches (unchanged on both sides) separate the changed ones. */
export function mergeLists(base: readonly string[], local: readonly string[], incoming: readonly string[]): MergeResult<string> {
  const toLocal = new Map(commonPairs(base, local));
  const toIncoming = new Map(commonPairs(base, incoming));
  const merged: string[] = [];
  let conflicts = 0;
  let b = 0;
  let l = 0;
  let n = 0;
  const resolve = (baseEnd: number, localEnd: number, incomingEnd: number) => {
    const o = base.slice(b, baseEnd);
    const mine = local.slice(l, localEnd);
    const theirs = incoming.slice(n, incomingEnd);
    if (same(mine, o)) merged.push(...theirs);
    else if (same(theirs, o) || same(mine, theirs)) merged.push(...mine);
    else {
      merged.push(...mine);
      conflicts++;
    }
  };
  for (let k = 0; k < base.length; k++) {
    const inLocal = toLocal.get(k);
    const inIncoming = toIncoming.get(k);
    if (inLocal === undefined || inIncoming === undefined || inLocal < l || inIncoming < n) continue;
    resolve(k, inLocal, inIncoming);
    merged.push(base[k]!);
    b = k + 1;
    l = inLocal + 1;
    n = inIncoming + 1;
  }
  resolve(base.length, local.length, incoming.length);
  return { merged, conflicts };
}

/** One field three ways: a side that left it alone takes the other's change. */
export function mergeField(base: string, local: string, incoming: string): { value: string; conflict: boolean } {
  if (local === base || local === incoming) return { value: incoming, conflict: false };
  if (incoming === base) return { value: local, conflict: false };
  return { value: local, conflict: true };
}

/** A body as text, one paragraph (block) to a line pair, so a diff keeps paragraph breaks. */
export function blocksText(html: string): string {
  return splitBlocks(html)
    // Items, lines and nested blocks keep a space between them once the tags are gone.
    .map((block) => htmlToText(block.replace(/<\/(?:li|p|h[1-6]|blockquote|figcaption|td|th)>|<br\s*\/?>/gi, (tag) => `${tag} `)))
    .filter(Boolean)
    .join('\n\n');
}

export function mergeBodies(base: string, local: string, incoming: string): { html: string; conflicts: number } {
  const { merged, conflicts } = mergeLists(splitBlocks(base), splitBlocks(local), splitBlocks(incoming));
  return { html: merged.join('\n'), conflicts };
}
