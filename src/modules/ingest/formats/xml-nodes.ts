// Small readers over fast-xml-parser's output, shared by the XML formats.
export type Node = Record<string, unknown>;

/** An element that may occur once or many times, as a list. */
export const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

export const isNode = (v: unknown): v is Node => !!v && typeof v === 'object' && !Array.isArray(v);

/** The first child element named `key`, when it is an element (not text). */
export const child = (n: unknown, key: string): Node | undefined => {
  const v = isNode(n) ? n[key] : undefined;
  const first = Array.isArray(v) ? v[0] : v;
  return isNode(first) ? first : undefined;
};
