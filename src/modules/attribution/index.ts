// Who said what (issue #16, decision 0021): the attributions of a story's text.
export { attribute } from './attribute.ts';
export type { Attribution, AttributionKind, Span, Speaker, SpeakerType, Stance } from './types.ts';
