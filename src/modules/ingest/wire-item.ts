// The one shape every wire format is parsed into; the pipeline only ever sees this.
export type PubStatus = 'usable' | 'withheld' | 'canceled';

export interface WirePicture {
  /** Where to fetch the picture: an absolute URL or a path relative to the payload. */
  href: string;
  width: number | null;
  height: number | null;
  mime: string | null;
  caption: string | null;
  /** Photographer and agency as the wire gives them, e.g. "Jana Holt/Harbor Press Pool". */
  credit: string | null;
  altText: string | null;
  rights: string | null;
  /**
   * The picture item's own wire id, when the wire sends pictures as items of their own (a photo
   * wire): a stored picture with that id is used instead of fetching `href` (which may be empty).
   */
  ref?: string | null;
}

export interface WireSubject {
  name: string;
  code: string | null;
}

export interface WireItem {
  format: string;
  /** What the wire says the item is: 'text' and 'composite' become stories; others are refused. */
  kind: string;
  /** The wire's identity for the item (ninjs uri, RSS guid, NewsML-G2 guid). */
  guid: string;
  version: number | null;
  versionCreated: string | null;
  firstCreated: string | null;
  pubStatus: PubStatus;
  headline: string;
  standfirst: string | null;
  /** An explicit dateline, when the format carries one. */
  dateline: string | null;
  /** Where the story was reported from ("Grossetto, Italy"). */
  located: string | null;
  /** Sanitized later by the stories module; may be plain paragraphs. */
  bodyHtml: string;
  byline: string | null;
  subjects: WireSubject[];
  rights: string | null;
  originUrl: string | null;
  embargoedUntil: string | null;
  /** An editorial note that says what a corrected version fixed, when the wire sends one. */
  correctionNote: string | null;
  /** The wire's urgency, 1 (flash) to 9; null when it gives none. */
  urgency: number | null;
  language: string | null;
  pictures: WirePicture[];
  /**
   * The wire said the item has no pictures (ninjs: an empty associations), so a story's photo
   * goes; otherwise a version without pictures keeps the photo the story has.
   */
  picturesRemoved?: boolean;
  /** What the parser had to decide that the sender should hear of (added to the item's warnings). */
  warnings?: string[];
}

export class WireItemRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'WireItemRefused';
  }
}

/** An urgency as ninjs and NewsML-G2 count it (an integer 1 to 9), or null for anything else. */
export function urgencyOf(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 9 ? n : null;
}
