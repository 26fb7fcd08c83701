// Bytes to text the way XML says to: a byte-order mark first, then the XML declaration's
// encoding, else UTF-8 — and, for bytes that are not UTF-8 at all, Windows-1252, which is what
// undeclared legacy feeds almost always are.
export class EncodingRefused extends Error {}

export function decodePayload(bytes: Buffer): string {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) || (b0 === 0 && b1 === 0 && b2 === 0 && b3 === 0x3c) || (b0 === 0x3c && b1 === 0 && b2 === 0 && b3 === 0)) {
    throw new EncodingRefused('UTF-32 payloads are not supported; send UTF-8');
  }
  if (b0 === 0xff && b1 === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (b0 === 0xfe && b1 === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (b0 === 0x3c && b1 === 0 && b2 === 0x3f && b3 === 0) return new TextDecoder('utf-16le').decode(bytes);
  if (b0 === 0 && b1 === 0x3c && b2 === 0 && b3 === 0x3f) return new TextDecoder('utf-16be').decode(bytes);
  const head = bytes.subarray(0, 256).toString('latin1');
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (declared && declared !== 'utf-8' && declared !== 'utf8') {
    try {
      return new TextDecoder(declared).decode(bytes);
    } catch {
      // An encoding the runtime does not know: read it as UTF-8 rather than refuse the feed.
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
