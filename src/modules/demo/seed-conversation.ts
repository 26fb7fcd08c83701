// The demo conversation: readers, threads, featured comments, word lists, one comment held by
// the rules and one reported, all posted through the real moderation pipeline.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../storage/index.ts';
import { createUser } from '../accounts/index.ts';
import { createConversation, type Conversation, type ReportReason } from '../comments/index.ts';
import { addWords } from '../moderation/index.ts';
import { findStoryRef } from '../stories/index.ts';

interface DemoComment {
  by: string;
  body: string;
  featured?: boolean;
  replies?: DemoComment[];
}

interface ConversationManifest {
  readers: { key: string; name: string }[];
  words: { banned: string[]; suspect: string[]; toxic: [string, number][] };
  threads: { story: string; comments: DemoComment[] }[];
  held: { story: string; by: string; body: string }[];
  reported: { story: string; comment: number; reports: { by: string; reason: ReportReason; note?: string }[] }[];
}

const DEMO_ACTOR = { id: 'demo', name: 'Demo loader' };

export interface ConversationReport {
  published: number;
  pending: number;
  other: number;
}

export async function seedConversation(db: Db, demoDir: string): Promise<ConversationReport> {
  const manifest = JSON.parse(await fs.readFile(path.join(demoDir, 'conversation.json'), 'utf8')) as ConversationManifest;
  // Loaded once: loading the demo again (it replays the wire) leaves the conversation as it is.
  const first = manifest.readers[0];
  if (first && (await db.selectFrom('users').select('id').where('email', '=', `${first.key}@readers.example.org`).executeTakeFirst())) {
    return { published: 0, pending: 0, other: 0 };
  }
  await addWords(db, DEMO_ACTOR, 'banned', manifest.words.banned);
  await addWords(db, DEMO_ACTOR, 'suspect', manifest.words.suspect);
  for (const [word, weight] of manifest.words.toxic) await addWords(db, DEMO_ACTOR, 'toxic', [word], weight);

  const readers = new Map<string, string>();
  for (const reader of manifest.readers) {
    // Demo readers only write the sample comments: their passwords are random and never shown.
    const user = await createUser(db, { email: `${reader.key}@readers.example.org`, displayName: reader.name, password: randomBytes(24).toString('base64url'), verified: true });
    readers.set(reader.key, user.id);
  }
  const userOf = (key: string) => {
    const id = readers.get(key);
    if (!id) throw new Error(`conversation.json: no reader "${key}"`);
    return id;
  };

  // Comments are dated a little after their stories, a few minutes apart, as a real thread is.
  let clock = new Date(0);
  const conversation: Conversation = createConversation({ db, now: () => clock, wordListTtlMs: 0 });
  const report: ConversationReport = { published: 0, pending: 0, other: 0 };
  const topLevel = new Map<string, string[]>();

  async function storyId(slug: string): Promise<string> {
    const story = await findStoryRef(db, { slug });
    if (!story) throw new Error(`conversation.json: no story "${slug}"`);
    return story.id;
  }

  async function post(story: string, comment: DemoComment, parentId: string | null): Promise<void> {
    clock = new Date(clock.getTime() + 7 * 60_000);
    const result = await conversation.post({ storyId: story, userId: userOf(comment.by), body: comment.body, parentId });
    if (result.outcome === 'published') report.published += 1;
    else if (result.outcome === 'pending') report.pending += 1;
    else report.other += 1;
    if (!('comment' in result)) return;
    if (parentId === null) topLevel.set(story, [...(topLevel.get(story) ?? []), result.comment.id]);
    if (comment.featured && result.outcome === 'published') await conversation.feature(DEMO_ACTOR, result.comment.id, true);
    for (const reply of comment.replies ?? []) await post(story, reply, result.comment.id);
  }

  for (const thread of manifest.threads) {
    const id = await storyId(thread.story);
    const published = await db.selectFrom('stories').select('published_at').where('id', '=', id).executeTakeFirstOrThrow();
    clock = new Date(Math.max(clock.getTime(), Date.parse(published.published_at) + 20 * 60_000));
    for (const comment of thread.comments) await post(id, comment, null);
  }
  for (const held of manifest.held) await post(await storyId(held.story), { by: held.by, body: held.body }, null);
  for (const reported of manifest.reported) {
    const target = topLevel.get(await storyId(reported.story))?.[reported.comment];
    if (!target) throw new Error(`conversation.json: no comment ${reported.comment} on "${reported.story}"`);
    for (const r of reported.reports) await conversation.report({ commentId: target, userId: userOf(r.by), reason: r.reason, ...(r.note ? { note: r.note } : {}) });
  }
  return report;
}
