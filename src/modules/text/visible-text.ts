// Text people type for others to read (comments, display names) is normalised before it is
// judged or stored: compatibility forms folded (NFKC), direction overrides and invisible
// characters removed, so "only invisible characters" is empty and a name cannot reverse the
// text around it (security review #10.20).

// Bidirectional embeddings, overrides and isolates, and the direction marks.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
// Zero-width and soft characters; a zero-width joiner stays inside emoji sequences (👩‍👩‍👧).
const INVISIBLE = /[\u200B\u200C\u2060\uFEFF\u00AD\u180E]|(?<!\p{Extended_Pictographic}\uFE0F?)\u200D/gu;

export function visibleText(text: string): string {
  return text.normalize('NFKC').replace(BIDI_CONTROLS, '').replace(INVISIBLE, '');
}
