// When a payload says it was sent (or its content last versioned), read from its first bytes
// without parsing it: a folder of wire files is applied in delivery order, not name order.
import { nitfDate } from './nitf.ts';

/** How much of each file is looked at: headers and the first items sit at the start. */
export const DELIVERY_TIME_BYTES = 64 * 1024;

// In the order they are tried: a message's own sent time first, then the content's.
const PATTERNS: RegExp[] = [
  /<(?:\w+:)?sent>\s*([^<]+?)\s*</, // NewsML-G2 header
  /"sent"\s*:\s*"([^"]+)"/,
  /<date\.issue\b[^>]*\bnorm="([^"]+)"/, // NITF
  /<(?:\w+:)?versionCreated>\s*([^<]+?)\s*</, // NewsML-G2 item
  /"version_?created"\s*:\s*"([^"]+)"/i, // ninjs 1.x–3.x
  /<lastBuildDate>\s*([^<]+?)\s*</, // RSS channel
  /<(?:\w+:)?updated>\s*([^<]+?)\s*</, // Atom feed
  /<pubDate>\s*([^<]+?)\s*</,
  /"date_modified"\s*:\s*"([^"]+)"/, // JSON Feed
  /"date_published"\s*:\s*"([^"]+)"/,
];

/** The payload's delivery time as an ISO string, or null when its start names none. */
export function deliveryTime(head: string): string | null {
  for (const pattern of PATTERNS) {
    const found = pattern.exec(head)?.[1];
    const iso = found ? nitfDate(found) : null;
    if (iso) return iso;
  }
  return null;
}
