// The tables as Kysely sees them, one interface a table, and which module owns each (the only
// one that writes it). Timestamps are ISO-8601 UTC strings on both engines (sortable as text);
// booleans are 0/1. schema.test.ts checks these against the migrated database on both engines.
import type { Generated } from 'kysely';
// Each module's vocabulary (the values its columns hold) is its own; storage types columns with it.
import type { Role } from '../modules/accounts/domain.ts';
import type { CommentStatus, ThreadMode } from '../modules/comments/domain.ts';
import type { ModStatus, WordList } from '../modules/moderation/domain.ts';
import type { StoryStatus } from '../modules/stories/domain.ts';
import type { OutboxStatus } from '../modules/notify/domain.ts';
import type { Cadence, FollowTarget, SubscriberStatus } from '../modules/follows/domain.ts';
import type { TipFileKind, TipMessageKind, TipSpamReason, TipStatus } from '../modules/tips/domain.ts';

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
  /** JSON list of what did not stop the item (a picture that could not be read); null for none. */
  warnings: string | null;
}

export interface AuthorsTable {
  id: string;
  slug: string;
  name: string;
  affiliation: string | null;
  bio: string | null;
  created_at: string;
  /** The staff account whose profile this is; null for wire and free-text bylines. */
  user_id: string | null;
  job_title: string | null;
  photo_media_id: string | null;
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
  /** For status 'scheduled': when the publishing job makes it public. */
  publish_at: string | null;
  /** The staff account that created it (null for the wire), and the one that changed it last. */
  created_by: string | null;
  updated_by: string | null;
  /** The wire's version of the last item applied (null for the station's own stories); later items are ordered by it. */
  wire_version: number | null;
  /** 1: breaking news (a label on the page; alerts follow it). */
  breaking: Generated<number>;
  /** The desk's choice of canonical policy; null follows the source's (or 'self'). */
  canonical_policy: 'original' | 'self' | 'noindex' | null;
  /** The wire's urgency, 1 (most urgent) to 9; null when it gave none or for the station's own. */
  urgency: number | null;
  /** The rank of the wire copy that set the story's standing (see ingest/copy-rank.ts); null before 013. */
  wire_rank: string | null;
  /** The rank of the usable wire copy that gave the story its text. */
  wire_text_rank: string | null;
}

/** A wire text kept for a story the desk edited: the one the edit started from, and a newer one waiting. */
export interface StoryWireTextsTable {
  story_id: string;
  kind: 'base' | 'incoming';
  wire_version: number;
  headline: string;
  standfirst: string | null;
  dateline: string | null;
  body_html: string;
  rights_line: string | null;
  /** The wire's correction note with this version, applied if the desk takes it. */
  correction_note: string | null;
  received_at: string;
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
  /** The staff account that saved this version; null for the wire. */
  saved_by: string | null;
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
  /** A picture (with renditions) or a video (served as uploaded, with a poster picture). */
  kind: Generated<'image' | 'video'>;
  /** For a video: the picture shown before it plays. */
  poster_media_id: string | null;
  /** The original's size in bytes (null for pictures stored before it was kept). */
  bytes: number | null;
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
  /** Set when an admin deactivated the account: no sign-in, no sessions. */
  deactivated_at: string | null;
}

export interface StaffLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  /** Who it was done to, as shown then (name and address). */
  target: string;
  target_user_id: string | null;
  detail: string | null;
}

export interface StaffInvitesTable {
  token_sha256: string;
  email: string;
  display_name: string;
  role: Exclude<Role, 'reader'>;
  invited_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

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

export interface CommentThreadsTable {
  story_id: string;
  mode: Generated<ThreadMode>;
  slow_mode_seconds: Generated<number>;
  published_count: Generated<number>;
  modified_at: string;
}

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

/** A published story's earlier slugs, each answered with a 301 to the story's current one. */
export interface StoryRedirectsTable {
  old_slug: string;
  story_id: string;
  created_at: string;
}

/** The desk's editorial actions, append-only (the database refuses updates and deletes). */
export interface DeskLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  story_id: string;
  version: number;
  detail: string | null;
}

/** An author page's earlier address, answered with a redirect to its page now. */
export interface AuthorRedirectsTable {
  old_slug: string;
  author_id: string;
}

/** Uploads to the media library and changes to its descriptions, with who did them. Append-only. */
export interface MediaLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  media_id: string;
  detail: string | null;
}

export interface EmailOutboxTable {
  /** The reason and the recipient: one message per pair, however often it is queued. */
  key: string;
  to_address: string;
  /** Which renderer makes the message from `data` when it is sent. */
  template: string;
  /** JSON; emptied once sent when it held a one-time link. */
  data: string;
  /** List mail (alerts, digests): checked against the subscriber at send time. */
  subscriber_id: string | null;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  created_at: string;
  sent_at: string | null;
  last_error: string | null;
}

export interface SubscribersTable {
  id: string;
  /** A newsletter subscriber's address; null for a reader's account (the account's address is used). */
  email: string | null;
  user_id: string | null;
  status: SubscriberStatus;
  created_at: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  confirm_sha256: string | null;
  confirm_expires_at: string | null;
  /** Local hour (site time zone) of the daily digest. */
  digest_hour: Generated<number>;
  /** Day of the weekly digest, 0 Sunday … 6 Saturday. */
  weekly_day: Generated<number>;
  /** Local date (YYYY-MM-DD) of the last daily digest queued; of the last weekly one. */
  last_daily: string | null;
  last_weekly: string | null;
}

export interface FollowsTable {
  subscriber_id: string;
  target_kind: FollowTarget;
  target_id: string;
  cadence: Cadence;
  created_at: string;
}

export interface StoryAlertsTable {
  story_id: string;
  round: number;
  requested_at: string;
  requested_by: string | null;
  queued_at: string | null;
  recipients: number | null;
}

/** A cancel or withhold for an item not received yet: the item, when it comes, takes it. */
export interface WireTombstonesTable {
  source_id: string;
  guid: string;
  rank: string;
  pub_status: 'canceled' | 'withheld';
  version: number | null;
  /** The wire's time for the notice (or when it was received). */
  at: string;
  recorded_at: string;
}

/** A picture item from a photo wire, stored in the media library. */
export interface WirePicturesTable {
  source_id: string;
  guid: string;
  media_id: string;
  /** The rank of the picture item's copy that is stored (ingest/copy-rank.ts). */
  rank: string;
  recorded_at: string;
}

export interface EmailBouncesTable {
  address: string;
  at: string;
  reason: string;
}

export interface RateLimitsTable {
  key: string;
  window_start: string;
  hits: number;
}

/** A story tip. Its words and the source's details are in `sealed` (tips/sealing.ts). */
export interface TipsTable {
  id: string;
  receipt_sha256: string;
  status: TipStatus;
  spam_reason: TipSpamReason | null;
  assigned_to: string | null;
  story_id: string | null;
  duplicate_of: string | null;
  sealed: string;
  can_email: Generated<number>;
  challenge_solved: Generated<number>;
  files: Generated<number>;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  tipster_at: string | null;
}

export interface TipMessagesTable {
  id: string;
  tip_id: string;
  kind: TipMessageKind;
  author_id: string | null;
  author_name: string | null;
  sealed: string;
  created_at: string;
}

export interface TipFilesTable {
  id: string;
  tip_id: string;
  kind: TipFileKind;
  bytes: number;
  sealed_meta: string;
  stored_as: string;
  preview_as: string | null;
  message_id: string | null;
  created_at: string;
}

export interface TipAccessLogTable {
  id: string;
  at: string;
  tip_id: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  detail: string | null;
}

export interface TipChallengesTable {
  salt: string;
  expires_at: string;
}

/** The words a story is found by, folded by the search module (decision 0020). */
export interface StorySearchTable {
  doc_id: Generated<number>;
  story_id: string;
  /** The story's modified_at when the row was written: a row behind its story is rebuilt. */
  stamp: string;
  /** The story's status and published_at, as of the stamp. */
  status: StoryStatus;
  published_at: string;
  /** A digest of the folded words indexed for the story (headline, standfirst, body and the rest). */
  digest: string;
  /** PostgreSQL only: the weighted tsvector of those words and their pairs (SQLite's index is the story_fts table). */
  document: unknown;
}

export interface Database {
  /** Owner: settings (site settings, moderation policy under moderation.*, secrets under secret.*). */
  settings: SettingsTable;
  /** Owner: ingest (wire and newsroom sources). */
  sources: SourcesTable;
  /** Owner: authors. */
  authors: AuthorsTable;
  /** Owner: topics. */
  topics: TopicsTable;
  /** Owner: stories. */
  stories: StoriesTable;
  /** Owner: stories. */
  story_versions: StoryVersionsTable;
  /** Owner: stories (with authors). */
  story_authors: StoryAuthorsTable;
  /** Owner: media. */
  media: MediaTable;
  /** Owner: media. */
  media_renditions: MediaRenditionsTable;
  /** Owner: stories (with media). */
  story_media: StoryMediaTable;
  /** Owner: stories (with topics). */
  story_topics: StoryTopicsTable;
  /** Owner: stories. */
  story_corrections: StoryCorrectionsTable;
  /** Owner: ingest (poller). */
  source_poll_state: SourcePollStateTable;
  /** Owner: ingest. */
  wire_payloads: WirePayloadsTable;
  /** Owner: ingest. */
  wire_item_results: WireItemResultsTable;
  /** Owner: accounts. */
  users: UsersTable;
  /** Owner: accounts. */
  sessions: SessionsTable;
  /** Owner: accounts. */
  email_tokens: EmailTokensTable;
  /** Owner: accounts (staff). */
  staff_invites: StaffInvitesTable;
  /** Owner: accounts (staff; append-only). */
  staff_log: StaffLogTable;
  /** Owner: comments. */
  comment_threads: CommentThreadsTable;
  /** Owner: comments. */
  comments: CommentsTable;
  /** Owner: comments. */
  comment_reports: CommentReportsTable;
  /** Owner: moderation. */
  moderation_words: ModerationWordsTable;
  /** Owner: moderation (append-only). */
  moderation_log: ModerationLogTable;
  /** Owner: stories (append-only). */
  desk_log: DeskLogTable;
  /** Owner: media (written by the desk's media use cases). */
  media_log: MediaLogTable;
  /** Owner: authors. */
  author_redirects: AuthorRedirectsTable;
  /** Owner: stories. */
  story_redirects: StoryRedirectsTable;
  /** Owner: stories (written by ingest through the stories module). */
  story_wire_texts: StoryWireTextsTable;
  /** Owner: storage (attempt counters for accounts). */
  rate_limits: RateLimitsTable;
  /** Owner: notify (rows queued by any module through queueEmail). */
  email_outbox: EmailOutboxTable;
  /** Owner: notify. */
  email_bounces: EmailBouncesTable;
  /** Owner: ingest. */
  wire_tombstones: WireTombstonesTable;
  /** Owner: ingest. */
  wire_pictures: WirePicturesTable;
  /** Owner: follows. */
  subscribers: SubscribersTable;
  /** Owner: follows. */
  follows: FollowsTable;
  /** Owner: follows (the desk requests a round through the follows module). */
  story_alerts: StoryAlertsTable;
  /** Owner: tips. */
  tips: TipsTable;
  /** Owner: tips. */
  tip_messages: TipMessagesTable;
  /** Owner: tips. */
  tip_files: TipFilesTable;
  /** Owner: tips (append-only). */
  tip_access_log: TipAccessLogTable;
  /** Owner: tips. */
  tip_challenges: TipChallengesTable;
  /** Owner: search (written inside the stories module's transactions). */
  story_search: StorySearchTable;
}

/**
 * Every column of every table, as a value the schema test can compare with the migrated
 * database. Its type requires exactly the columns of the interfaces above, so neither can
 * change without the other.
 */
type ColumnsOf = { readonly [T in keyof Database]: { readonly [C in keyof Database[T]]-?: true } };
export const SCHEMA_COLUMNS: ColumnsOf = {
  settings: { key: true, value: true },
  sources: { id: true, slug: true, name: true, short_name: true, kind: true, default_rights: true, canonical_policy: true, created_at: true, format: true, transport: true, location: true, poll_seconds: true, auth_header: true, publish_policy: true, topic_rules: true, default_topic: true, allow_local: true, push_secret_sha256: true },
  authors: { id: true, slug: true, name: true, affiliation: true, bio: true, created_at: true, user_id: true, job_title: true, photo_media_id: true },
  topics: { id: true, slug: true, name: true, parent_id: true, description: true, nav_position: true, created_at: true },
  stories: { id: true, slug: true, status: true, headline: true, standfirst: true, dateline: true, body_html: true, rights_line: true, source_id: true, origin_guid: true, origin_url: true, version: true, primary_topic_id: true, published_at: true, updated_at: true, withdrawn_at: true, withdrawn_reason: true, created_at: true, modified_at: true, embargo_until: true, origin_hash: true, publish_at: true, created_by: true, updated_by: true, wire_version: true, breaking: true, canonical_policy: true, urgency: true, wire_rank: true, wire_text_rank: true },
  story_versions: { story_id: true, version: true, headline: true, standfirst: true, dateline: true, body_html: true, recorded_at: true, saved_by: true },
  story_authors: { story_id: true, author_id: true, position: true, affiliation: true, published_at: true },
  media: { id: true, sha256: true, mime: true, width: true, height: true, original_path: true, caption: true, credit: true, alt_text: true, rights: true, created_at: true, kind: true, poster_media_id: true, bytes: true },
  media_renditions: { media_id: true, format: true, width: true, height: true, path: true, bytes: true },
  story_media: { story_id: true, media_id: true, role: true, position: true },
  story_topics: { story_id: true, topic_id: true, is_primary: true, published_at: true },
  story_corrections: { story_id: true, version: true, noted_at: true, note: true },
  source_poll_state: { source_id: true, due_at: true, etag: true, last_modified: true, failures: true, last_status: true, last_polled_at: true },
  wire_payloads: { id: true, source_id: true, received_at: true, transport: true, origin: true, sha256: true, size_bytes: true, body_gzip_base64: true, format: true, item_count: true, refused_reason: true },
  wire_item_results: { payload_id: true, position: true, guid: true, version: true, outcome: true, reason: true, story_id: true, recorded_at: true, warnings: true },
  users: { id: true, email: true, display_name: true, password_hash: true, role: true, email_verified_at: true, created_at: true, mod_status: true, suspended_until: true, warning: true, notify_replies: true, notify_decisions: true, deactivated_at: true },
  sessions: { token_sha256: true, user_id: true, created_at: true, expires_at: true },
  email_tokens: { token_sha256: true, user_id: true, purpose: true, detail: true, expires_at: true, used_at: true },
  staff_log: { id: true, at: true, actor_id: true, actor_name: true, action: true, target: true, target_user_id: true, detail: true },
  staff_invites: { token_sha256: true, email: true, display_name: true, role: true, invited_by: true, created_at: true, expires_at: true, used_at: true },
  comment_threads: { story_id: true, mode: true, slow_mode_seconds: true, published_count: true, modified_at: true },
  comments: { id: true, story_id: true, parent_id: true, root_id: true, display_parent_id: true, level: true, author_id: true, body_markdown: true, body_html: true, fingerprint: true, status: true, featured: true, reply_count: true, report_count: true, toxicity: true, decisions: true, created_at: true, edited_at: true, status_changed_at: true },
  comment_reports: { id: true, comment_id: true, reporter_id: true, reason: true, note: true, created_at: true, resolved_at: true },
  moderation_words: { list: true, word: true, weight: true, created_at: true },
  moderation_log: { id: true, at: true, actor_id: true, actor_name: true, action: true, target_type: true, target_id: true, reason: true },
  desk_log: { id: true, at: true, actor_id: true, actor_name: true, action: true, story_id: true, version: true, detail: true },
  media_log: { id: true, at: true, actor_id: true, actor_name: true, action: true, media_id: true, detail: true },
  author_redirects: { old_slug: true, author_id: true },
  story_redirects: { old_slug: true, story_id: true, created_at: true },
  story_wire_texts: { story_id: true, kind: true, wire_version: true, headline: true, standfirst: true, dateline: true, body_html: true, rights_line: true, correction_note: true, received_at: true },
  rate_limits: { key: true, window_start: true, hits: true },
  email_outbox: { key: true, to_address: true, template: true, data: true, subscriber_id: true, status: true, attempts: true, next_attempt_at: true, lease_owner: true, lease_until: true, created_at: true, sent_at: true, last_error: true },
  email_bounces: { address: true, at: true, reason: true },
  wire_tombstones: { source_id: true, guid: true, rank: true, pub_status: true, version: true, at: true, recorded_at: true },
  wire_pictures: { source_id: true, guid: true, media_id: true, rank: true, recorded_at: true },
  subscribers: { id: true, email: true, user_id: true, status: true, created_at: true, confirmed_at: true, unsubscribed_at: true, confirm_sha256: true, confirm_expires_at: true, digest_hour: true, weekly_day: true, last_daily: true, last_weekly: true },
  follows: { subscriber_id: true, target_kind: true, target_id: true, cadence: true, created_at: true },
  story_alerts: { story_id: true, round: true, requested_at: true, requested_by: true, queued_at: true, recipients: true },
  tips: { id: true, receipt_sha256: true, status: true, spam_reason: true, assigned_to: true, story_id: true, duplicate_of: true, sealed: true, can_email: true, challenge_solved: true, files: true, created_at: true, updated_at: true, closed_at: true, tipster_at: true },
  tip_messages: { id: true, tip_id: true, kind: true, author_id: true, author_name: true, sealed: true, created_at: true },
  tip_files: { id: true, tip_id: true, kind: true, bytes: true, sealed_meta: true, stored_as: true, preview_as: true, message_id: true, created_at: true },
  tip_access_log: { id: true, at: true, tip_id: true, actor_id: true, actor_name: true, action: true, detail: true },
  tip_challenges: { salt: true, expires_at: true },
  story_search: { doc_id: true, story_id: true, stamp: true, status: true, published_at: true, digest: true, document: true },
};
