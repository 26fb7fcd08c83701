export { applyWireItem, creditFor, splitDateline } from './pipeline.ts';
export type { ItemOutcome, ItemResult, PipelineContext } from './pipeline.ts';
export { findSourceBySlug, upsertSource } from './sources.repository.ts';
export type { Source, SourceInput } from './sources.repository.ts';
export { looksLikeNinjs, parseNinjs } from './formats/ninjs.ts';
export { WireItemRefused } from './wire-item.ts';
export type { WireItem, WirePicture } from './wire-item.ts';
export { loadWireFolder } from './folder-load.ts';
