// The one page cursor: a position in an index read in order (a time and an id, sometimes a
// count), opaque to readers as base64url of a JSON array, and checked field by field when read
// back, so a forged or mangled cursor is refused before it reaches a query.
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const ID = /^[0-9a-z][0-9a-z-]{0,63}$/;

// 'score': a finite number, such as a search result's relevance.
type Field = 'time' | 'id' | 'count' | 'score';
type Value<F extends Field> = F extends 'count' | 'score' ? number : string;
export type CursorValues<S extends readonly Field[]> = { [K in keyof S]: Value<S[K]> };

export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The cursor's values when it has the shape asked for, else null. */
export function decodeCursor<const S extends readonly Field[]>(raw: string, shape: S): CursorValues<S> | null {
  if (!/^[A-Za-z0-9_-]{1,300}$/.test(raw)) return null;
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(values) || values.length !== shape.length) return null;
  const ok = shape.every((field, i) => {
    const v: unknown = values[i];
    if (field === 'count') return Number.isInteger(v) && (v as number) >= 0;
    if (field === 'score') return typeof v === 'number' && Number.isFinite(v);
    return typeof v === 'string' && (field === 'time' ? ISO.test(v) : ID.test(v));
  });
  return ok ? (values as CursorValues<S>) : null;
}
