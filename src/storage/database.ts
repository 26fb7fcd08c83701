// The database boundary: table types for Kysely and the factory that opens either engine.
// Timestamps are ISO-8601 UTC strings on both engines (sortable as text); booleans are 0/1.
import type { Generated, Kysely, Transaction } from 'kysely';
import type { Config } from '../config.ts';
import { openPostgres } from './dialects/postgres.ts';
import { openSqlite } from './dialects/sqlite.ts';

export interface SettingsTable {
  key: string;
  value: string;
}

export interface SourcesTable {
  id: string;
  slug: string;
  name: string;
  /** Short form used in datelines and topic names, e.g. "CNN". */
  short_name: string;
  /** 'wire': an agency's copy (gets a wire dateline and credit); 'newsroom': the station's own desk. */
  kind: 'wire' | 'newsroom';
  default_rights: string | null;
  /** 'original': canonical points at the wire's URL; 'self': this site; 'noindex': keep out of search engines. */
  canonical_policy: 'original' | 'self' | 'noindex';
  created_at: string;
  /** 'auto' detects the format from the content. */
  format: Generated<string>;
  transport: Generated<'manual' | 'http' | 'folder' | 'push'>;
  /** Feed URL (http) or folder path (folder). */
  location: string | null;
  poll_seconds: Generated<number>;
  /** Sent as the Authorization header when polling, e.g. "Bearer …". */
  auth_header: string | null;
  /** 'publish' at once, or 'hold' every new story for the desk. */
  publish_policy: Generated<'publish' | 'hold'>;
  /** JSON list of { subject, topic } rules. */
  topic_rules: Generated<string>;
  /** Topic for items whose subjects match no rule. */
  default_topic: string | null;
  allow_local: Generated<number>;
  push_secret_sha256: string | null;
}

export interface SourcePollStateTable {
  source_id: string;
  due_at: string;
  etag: string | null;
  last_modified: string | null;
  failures: Generated<number>;
  /** What the last poll did: "200 (3 items)", "304", or the error. */
  last_status: string | null;
  last_polled_at: string | null;
}

export interface WirePayloadsTable {
  id: string;
  source_id: string;
  received_at: string;
  transport: string;
  origin: string | null;
  sha256: string;
  size_bytes: number;
  body_gzip_base64: string;
  format: string | null;
  item_count: Generated<number>;
  refused_reason: string | null;
}

export interface WireItemResultsTable {
  payload_id: string;
  position: number;
  guid: string | null;
  version: number | null;
  outcome: string;
  reason: string | null;
  story_id: string | null;
  recorded_at: string;
}

export interface AuthorsTable {
  id: string;
  slug: string;
  name: string;
  affiliation: string | null;
  bio: string | null;
  created_at: string;
}

export interface TopicsTable {
  id: string;
  slug: string;
  name: string;
  parent_id: string | null;
  description: string | null;
  /** Order in navigation; null keeps a topic out of the main navigation. */
  nav_position: number | null;
  created_at: string;
}

/**
 * published: on the site; withdrawn: killed by the wire or the desk (410 page);
 * held: waiting for the desk; embargoed: waiting for its embargo to lift; withheld: the wire
 * withheld it until a usable version arrives. Only published stories appear anywhere.
 */
export type StoryStatus = 'published' | 'withdrawn' | 'held' | 'embargoed' | 'withheld';

export interface StoriesTable {
  id: string;
  slug: string;
  status: StoryStatus;
  headline: string;
  standfirst: string | null;
  dateline: string | null;
  body_html: string;
  rights_line: string | null;
  source_id: string | null;
  origin_guid: string | null;
  origin_url: string | null;
  version: number;
  primary_topic_id: string | null;
  published_at: string;
  /** Set when the story changed after publication; readers see "Updated". */
  updated_at: string | null;
  withdrawn_at: string | null;
  withdrawn_reason: string | null;
  created_at: string;
  /** Changes on every write; keys the page cache and ETags. */
  modified_at: string;
  /** For status 'embargoed': when the story may be published. */
  embargo_until: string | null;
  /** sha256 of the wire item's text, to order versions of items without version or time. */
  origin_hash: string | null;
}

export interface StoryCorrectionsTable {
  story_id: string;
  version: number;
  noted_at: string;
  note: string;
}

export interface StoryVersionsTable {
  story_id: string;
  version: number;
  headline: string;
  standfirst: string | null;
  dateline: string | null;
  body_html: string;
  recorded_at: string;
}

export interface StoryAuthorsTable {
  story_id: string;
  author_id: string;
  position: number;
  /** The outlet the author wrote for on this story, e.g. "CNN". */
  affiliation: string | null;
  published_at: string;
}

export interface MediaTable {
  id: string;
  /** Content hash of the original; the same picture is stored once. */
  sha256: string;
  mime: string;
  width: number;
  height: number;
  original_path: string;
  caption: string | null;
  credit: string | null;
  alt_text: string | null;
  rights: string | null;
  created_at: string;
}

export interface MediaRenditionsTable {
  media_id: string;
  format: 'jpeg' | 'webp';
  width: number;
  height: number;
  path: string;
  bytes: number;
}

export interface StoryMediaTable {
  story_id: string;
  media_id: string;
  role: 'hero' | 'inline';
  position: number;
}

export interface StoryTopicsTable {
  story_id: string;
  topic_id: string;
  is_primary: number;
  published_at: string;
}

export type Role = 'reader' | 'moderator' | 'editor' | 'admin';

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  role: Generated<Role>;
  email_verified_at: string | null;
  created_at: string;
  mod_status: Generated<ModStatus>;
  suspended_until: string | null;
  /** The last warning a moderator gave, shown to the user until they post again. */
  warning: string | null;
  notify_replies: Generated<number>;
  notify_decisions: Generated<number>;
}

/** How the moderation pipeline treats an account's comments. */
export type ModStatus = 'active' | 'premod' | 'suspended' | 'banned';

export interface SessionsTable {
  token_sha256: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface EmailTokensTable {
  token_sha256: string;
  user_id: string;
  purpose: 'verify-email' | 'reset-password' | 'change-email';
  /** For 'change-email': the new address, applied when the link is opened. */
  detail: string | null;
  expires_at: string;
  used_at: string | null;
}

export type ThreadMode = 'default' | 'open' | 'premod' | 'closed';

export interface CommentThreadsTable {
  story_id: string;
  mode: Generated<ThreadMode>;
  slow_mode_seconds: Generated<number>;
  published_count: Generated<number>;
  modified_at: string;
}

export type CommentStatus = 'published' | 'pending' | 'rejected' | 'deleted';

export interface CommentsTable {
  id: string;
  story_id: string;
  parent_id: string | null;
  root_id: string;
  display_parent_id: string | null;
  /** 0 for top-level comments, 1 and 2 for replies shown nested. */
  level: number;
  author_id: string | null;
  body_markdown: string;
  body_html: string;
  fingerprint: string;
  status: CommentStatus;
  featured: Generated<number>;
  reply_count: Generated<number>;
  report_count: Generated<number>;
  toxicity: number | null;
  decisions: Generated<string>;
  created_at: string;
  edited_at: string | null;
  status_changed_at: string;
}

export interface CommentReportsTable {
  id: string;
  comment_id: string;
  reporter_id: string | null;
  reason: string;
  note: string | null;
  created_at: string;
  resolved_at: string | null;
}

export type WordList = 'banned' | 'suspect' | 'toxic';

export interface ModerationWordsTable {
  list: WordList;
  word: string;
  weight: Generated<number>;
  created_at: string;
}

export interface ModerationLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string;
  reason: string | null;
}

export interface RateLimitsTable {
  key: string;
  window_start: string;
  hits: number;
}

export interface Database {
  settings: SettingsTable;
  sources: SourcesTable;
  authors: AuthorsTable;
  topics: TopicsTable;
  stories: StoriesTable;
  story_versions: StoryVersionsTable;
  story_authors: StoryAuthorsTable;
  media: MediaTable;
  media_renditions: MediaRenditionsTable;
  story_media: StoryMediaTable;
  story_topics: StoryTopicsTable;
  story_corrections: StoryCorrectionsTable;
  source_poll_state: SourcePollStateTable;
  wire_payloads: WirePayloadsTable;
  wire_item_results: WireItemResultsTable;
  users: UsersTable;
  sessions: SessionsTable;
  email_tokens: EmailTokensTable;
  comment_threads: CommentThreadsTable;
  comments: CommentsTable;
  comment_reports: CommentReportsTable;
  moderation_words: ModerationWordsTable;
  moderation_log: ModerationLogTable;
  rate_limits: RateLimitsTable;
}

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Repositories accept either the database or an open transaction. */
export type Queryable = Db | Tx;

/**
 * Messages between the app processes sharing one database (live comment updates). PostgreSQL
 * uses LISTEN/NOTIFY; SQLite, a file for one process, delivers within the process.
 */
export interface Broadcast {
  publish(channel: string, payload: string): Promise<void>;
  /** Resolves once listening; the returned function stops listening. */
  subscribe(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
}

export interface DbHandle {
  readonly db: Db;
  readonly broadcast: Broadcast;
  readonly dialect: 'sqlite' | 'postgres';
  /** A human-readable name of where the data lives (password hidden). */
  readonly location: string;
  close(): Promise<void>;
}

export async function createDb(config: Pick<Config, 'database'>): Promise<DbHandle> {
  const database = config.database;
  return database.kind === 'sqlite' ? openSqlite(database.file) : openPostgres(database.url);
}

export function nowIso(date: Date = new Date()): string {
  return date.toISOString();
}

/** Runs fn in a transaction, or inside the caller's when one is already open. */
export async function withTransaction<T>(db: Queryable, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Tx);
  return (db as Db).transaction().execute(fn);
}
