// A word-level diff of two texts, for the desk's version history and the wire-versus-desk
// comparison: words and the spaces between them are the units, so a change reads as a change
// of words. Longest common subsequence, bounded: past a few million cells the middle of the two
// texts is shown as removed and added whole rather than spending the time.
export type DiffPart = { op: 'same' | 'removed' | 'added'; text: string };

const MAX_CELLS = 4_000_000;

const tokens = (text: string): string[] => text.match(/\s+|[^\s]+/g) ?? [];

function push(parts: DiffPart[], op: DiffPart['op'], text: string): void {
  const last = parts[parts.length - 1];
  if (last && last.op === op) last.text += text;
  else parts.push({ op, text });
}

export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokens(before);
  const b = tokens(after);
  // The common start and end cost nothing to find, and are most of an edit.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: DiffPart[] = [];
  if (start > 0) push(parts, 'same', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > MAX_CELLS) {
    if (midA.length) push(parts, 'removed', midA.join(''));
    if (midB.length) push(parts, 'added', midB.join(''));
  } else {
    // lengths[i][j]: the common subsequence of midA[i..] and midB[j..], one flat array.
    const width = midB.length + 1;
    const lengths = new Uint32Array((midA.length + 1) * width);
    for (let i = midA.length - 1; i >= 0; i--) {
      for (let j = midB.length - 1; j >= 0; j--) {
        lengths[i * width + j] = midA[i] === midB[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < midA.length && j < midB.length) {
      if (midA[i] === midB[j]) {
        push(parts, 'same', midA[i]!);
        i++;
        j++;
      } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
        push(parts, 'removed', midA[i++]!);
      } else {
        push(parts, 'added', midB[j++]!);
      }
    }
    while (i < midA.length) push(parts, 'removed', midA[i++]!);
    while (j < midB.length) push(parts, 'added', midB[j++]!);
  }
  if (endA < a.length) push(parts, 'same', a.slice(endA).join(''));
  return parts;
}
