// What the attribution module says of a text (issue #16). Offsets are JavaScript string indices
// into the text it was given, end exclusive.

export type AttributionKind = 'direct' | 'mixed' | 'indirect';
export type SpeakerType = 'person' | 'organisation' | 'unnamed';
export type Stance =
  | 'asserts' | 'denies' | 'dismisses' | 'warns' | 'confirms' | 'accuses' | 'claims' | 'asks'
  | 'promises' | 'praises' | 'criticises' | 'announces' | 'predicts' | 'urges' | 'reports' | 'believes';

export interface Span {
  start: number;
  end: number;
  text: string;
}

export interface Speaker {
  /** The fullest name the text gives ("Dmitry Peskov"), or the description of an unnamed source. */
  name: string;
  type: SpeakerType;
  /** The role the text gives ("Kremlin spokesman"), when it gives one. */
  role: string | null;
}

export interface Attribution {
  kind: AttributionKind;
  /** The quoted or reported words; a quote split by its cue runs from its first mark to its last. */
  content: Span;
  /** The quoted pieces of a split or multi-paragraph quote, each with its marks. */
  parts: Span[];
  cue: Span | null;
  /** The words in the text that name the speaker here ("he", "the spokesman", "Peskov"). */
  source: Span | null;
  speaker: Speaker | null;
  stance: Stance | null;
  /** 0–1: how sure the rule that found it is (an explicit cue beside a name is surest). */
  confidence: number;
}
