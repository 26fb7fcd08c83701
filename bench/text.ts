// Generated text for the benchmarks: made-up words (none an English word the stemmer would fold
// into another) drawn Zipf-wise, as words are distributed in news text, from seeded generators so
// every run reads the same words.

export const VOCABULARY = 30_000;

// A seeded generator, so every run sees the same text.
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Made-up words from syllables: none is an English word the stemmer would fold into another.
export function vocabulary(): string[] {
  const onsets = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'dr', 'gl', 'kr', 'pl', 'st', 'tr'];
  const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];
  const words = new Set<string>();
  const next = random(7);
  while (words.size < VOCABULARY) {
    const syllables = 2 + Math.floor(next() * 2);
    let w = '';
    for (let s = 0; s < syllables; s++) w += onsets[Math.floor(next() * onsets.length)]! + vowels[Math.floor(next() * vowels.length)]!;
    words.add(`${w}${'nkmrt'[Math.floor(next() * 5)]}`);
  }
  return [...words];
}

/** Ranks drawn with probability ∝ 1/rank (Zipf, s = 1). */
export function zipf(size: number, next: () => number): () => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let r = 0; r < size; r++) cumulative[r] = total += 1 / (r + 1);
  return () => {
    const x = next() * total;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** A sentence-like run of `count` words, drawn Zipf-wise from the vocabulary by `next`. */
export function wordDrawer(seed: number): (count: number) => string {
  const words = vocabulary();
  const rank = zipf(words.length, random(seed));
  return (count) => Array.from({ length: count }, () => words[rank()]).join(' ');
}
