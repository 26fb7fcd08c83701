// What every tip use case is given: the database, the sealed-file store (with its keyring), the
// secret that signs proof-of-work challenges, the shared attempt counters, and the event bus.
import type { AttemptCounter, Db } from '../../storage/index.ts';
import type { EventBus } from '../events/index.ts';
import type { TipFileStore } from './tip-files.ts';

export interface TipsContext {
  readonly db: Db;
  readonly store: TipFileStore;
  readonly challengeSecret: Buffer;
  readonly attempts: AttemptCounter;
  readonly events: EventBus;
}

/** Where a tip's sealed values belong: the associated data that binds each to its row. */
export const tipContext = (tipId: string) => `tip:${tipId}`;
export const messageContext = (messageId: string) => `tip-message:${messageId}`;
export const fileMetaContext = (fileId: string) => `tip-file-meta:${fileId}`;

/** What the source wrote, sealed in tips.sealed. */
export interface TipContent {
  what: string;
  whereWhen: string;
  name: string;
  contact: string;
  consent: boolean;
}

export interface TipFileMeta {
  name: string;
  type: string;
}
