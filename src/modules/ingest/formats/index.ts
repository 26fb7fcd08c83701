// Format detection by content (never by file name) and dispatch to the parser for it.
import { WireItemRefused, type WireItem } from '../wire-item.ts';
import { looksLikeNinjs, parseNinjs } from './ninjs.ts';

export const MAX_PAYLOAD_BYTES = 50 * 1024 * 1024;
export const MAX_ITEMS = 10_000;

/** One entry per item in the payload: parsed, or refused with its reason. */
export type ParsedEntry = { item: WireItem } | { refused: string; guid: string | null };

export interface ParsedPayload {
  format: string;
  entries: ParsedEntry[];
}

export class PayloadRefused extends Error {
  constructor(
    readonly reason: string,
    readonly format: string | null = null,
  ) {
    super(reason);
    this.name = 'PayloadRefused';
  }
}

function guidOf(value: unknown): string | null {
  if (value && typeof value === 'object' && 'uri' in value && typeof value.uri === 'string') return value.uri;
  return null;
}

function parseEach(format: string, values: unknown[], parse: (value: unknown) => WireItem): ParsedPayload {
  if (values.length > MAX_ITEMS) throw new PayloadRefused(`${values.length} items; the limit is ${MAX_ITEMS}`, format);
  const entries = values.map((value): ParsedEntry => {
    try {
      return { item: parse(value) };
    } catch (error) {
      if (error instanceof WireItemRefused) return { refused: error.reason, guid: guidOf(value) };
      throw error;
    }
  });
  return { format, entries };
}

function parseJson(text: string): ParsedPayload {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PayloadRefused(`not valid JSON: ${(error as Error).message}`, 'json');
  }
  if (looksLikeNinjs(value)) return parseEach('ninjs', [value], parseNinjs);
  if (Array.isArray(value) && value.length > 0 && value.every(looksLikeNinjs)) return parseEach('ninjs', value, parseNinjs);
  throw new PayloadRefused('JSON that is not a ninjs item or a list of them', 'json');
}

export function parsePayload(bytes: Buffer): ParsedPayload {
  if (bytes.length === 0) throw new PayloadRefused('the payload is empty');
  if (bytes.length > MAX_PAYLOAD_BYTES) throw new PayloadRefused(`the payload is ${bytes.length} bytes; the limit is ${MAX_PAYLOAD_BYTES}`);
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const start = text.trimStart()[0];
  if (start === '{' || start === '[') return parseJson(text);
  if (start === '<') throw new PayloadRefused('XML and HTML formats are not supported yet (RSS, Atom and NewsML-G2 are coming)', 'xml');
  throw new PayloadRefused('unrecognised format: expected JSON or XML');
}
