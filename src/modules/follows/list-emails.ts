// The follows' emails: a breaking alert, the daily and weekly digests, and a newsletter
// sign-up's confirmation. Each is made when sent, from the stories as they stand then (an
// alert for a story withdrawn meanwhile is not sent) and only while its subscriber is active
// (an unsubscribe stops every message still waiting). List mail carries RFC 8058 one-click
// unsubscribe headers and a visible link to unsubscribe and to the preferences page.
import { escapeHtml } from '../text/index.ts';
import type { EmailRenderers, RenderedEmail } from '../notify/index.ts';
import type { Queryable } from '../../storage/index.ts';
import { subscriberToken } from './subscriber-links.ts';

export interface ListMailContext {
  db: Queryable;
  /** Signs the links in list mail (settings' "email-links" secret). */
  secret: Buffer;
  publicUrl: string;
  siteName(): string;
  timeZone(): string;
  storyPath(slug: string): string;
}

interface MailStory {
  id: string;
  slug: string;
  status: string;
  headline: string;
  standfirst: string | null;
  published_at: string | null;
  topic: string | null;
}

const storyColumns = ['s.id', 's.slug', 's.status', 's.headline', 's.standfirst', 's.published_at', 't.name as topic'] as const;

/** A short-lived memory of what many messages of one send share (the alerted story, a topic's day). */
function shortMemory<T>(ttlMs: number) {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return (key: string, load: () => Promise<T>): Promise<T> => {
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && now - hit.at < ttlMs) return hit.value;
    if (entries.size > 5000) entries.clear();
    const value = load();
    entries.set(key, { at: now, value });
    return value;
  };
}

export function listEmails(ctx: ListMailContext): { renderers: EmailRenderers; previewDigest(period: 'daily' | 'weekly', now?: Date): Promise<RenderedEmail | null> } {
  const links = (subscriberId: string) => {
    const token = encodeURIComponent(subscriberToken(ctx.secret, subscriberId));
    return { unsubscribe: `${ctx.publicUrl}/newsletter/unsubscribe?t=${token}`, preferences: `${ctx.publicUrl}/newsletter/preferences?t=${token}` };
  };
  const listHeaders = (subscriberId: string) => ({
    'List-Unsubscribe': `<${links(subscriberId).unsubscribe}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'List-Id': `${ctx.siteName().replace(/[<>"]/g, '')} <alerts.${new URL(ctx.publicUrl).hostname}>`,
  });
  const active = async (subscriberId: string | null) =>
    subscriberId !== null && (await ctx.db.selectFrom('subscribers').select('status').where('id', '=', subscriberId).executeTakeFirst())?.status === 'active';
  const storyUrl = (slug: string) => `${ctx.publicUrl}${ctx.storyPath(slug)}`;
  // Remembered for two seconds and per round: a send of thousands reads the story once a moment,
  // a withdrawal stops the rest within two seconds, and a major update shows its own headline.
  const stories = shortMemory<MailStory | undefined>(2_000);
  const loadStory = (id: string, round: number) =>
    stories(`${id}:${round}`, () => ctx.db.selectFrom('stories as s').leftJoin('topics as t', 't.id', 's.primary_topic_id').select([...storyColumns]).where('s.id', '=', id).executeTakeFirst());
  const sections = shortMemory<MailStory[]>(60_000);

  const footerText = (subscriberId: string) => {
    const l = links(subscriberId);
    return `You get this email because you follow stories on ${ctx.siteName()}.\nChange what you get: ${l.preferences}\nUnsubscribe from all of it: ${l.unsubscribe}`;
  };
  const footerHtml = (subscriberId: string) => {
    const l = links(subscriberId);
    return `<p style="font-size:13px;color:#555">You get this email because you follow stories on ${escapeHtml(ctx.siteName())}. <a href="${escapeHtml(l.preferences)}">Change what you get</a> · <a href="${escapeHtml(l.unsubscribe)}">Unsubscribe</a></p>`;
  };
  const page = (title: string, body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:Georgia,serif;max-width:600px;margin:0 auto;padding:16px;color:#111">${body}</body></html>`;
  const storyHtml = (s: MailStory) =>
    `<h3 style="margin:16px 0 4px;font-size:18px"><a href="${escapeHtml(storyUrl(s.slug))}">${escapeHtml(s.headline)}</a></h3>${s.standfirst ? `<p style="margin:0">${escapeHtml(s.standfirst)}</p>` : ''}`;
  const storyText = (s: MailStory) => `${s.headline}\n${s.standfirst ? `${s.standfirst}\n` : ''}${storyUrl(s.slug)}`;

  type DigestFollow = { kind: 'topic' | 'author'; id: string; name: string | null };
  /** One digest from a list of follows; null when none of them has a new story. The preview uses it too. */
  async function digestFor(follows: DigestFollow[], period: 'daily' | 'weekly', since: string, until: string, subscriberId: string | null): Promise<RenderedEmail | null> {
    const groups: { name: string; stories: MailStory[] }[] = [];
    const seen = new Set<string>();
    for (const follow of follows) {
      if (!follow.name) continue;
      const list = await sections(`${follow.kind}:${follow.id}:${since}:${until}`, () => {
        const base = ctx.db.selectFrom('stories as s').leftJoin('topics as t', 't.id', 's.primary_topic_id').select([...storyColumns]).where('s.status', '=', 'published').where('s.published_at', '>=', since).where('s.published_at', '<', until);
        const scoped =
          follow.kind === 'topic'
            ? base.where('s.id', 'in', (eb) => eb.selectFrom('story_topics').select('story_id').where('topic_id', '=', follow.id))
            : base.where('s.id', 'in', (eb) => eb.selectFrom('story_authors').select('story_id').where('author_id', '=', follow.id));
        return scoped.orderBy('s.published_at', 'desc').limit(8).execute();
      });
      // A story under two followed topics appears once, under the first.
      const fresh = list.filter((s) => !seen.has(s.id));
      for (const s of fresh) seen.add(s.id);
      if (fresh.length > 0) groups.push({ name: follow.name, stories: fresh });
    }
    // Nothing new in what they follow: no email.
    if (groups.length === 0) return null;
    const title = `Your ${period} ${ctx.siteName()} digest`;
    const date = new Intl.DateTimeFormat('en-US', { timeZone: ctx.timeZone(), weekday: 'long', month: 'long', day: 'numeric' }).format(new Date(until));
    const footText = subscriberId ? footerText(subscriberId) : 'The unsubscribe and preferences links of each reader go here.';
    const footHtml = subscriberId ? footerHtml(subscriberId) : `<p style="font-size:13px;color:#555">${escapeHtml(footText)}</p>`;
    return {
      subject: `${title}: ${groups[0]?.stories[0]?.headline ?? ''}`,
      text: `${title}, ${date}\n\n${groups.map((g) => `== ${g.name} ==\n\n${g.stories.map(storyText).join('\n\n')}`).join('\n\n')}\n\n--\n${footText}\n\n${ctx.siteName()}`,
      html: page(title, `<h1 style="font-size:24px">${escapeHtml(title)}</h1><p style="color:#555">${escapeHtml(date)}</p>${groups.map((g) => `<h2 style="font:700 15px sans-serif;text-transform:uppercase;border-top:2px solid #111;padding-top:8px;margin-top:24px">${escapeHtml(g.name)}</h2>${g.stories.map(storyHtml).join('')}`).join('')}<hr>${footHtml}`),
      ...(subscriberId ? { headers: listHeaders(subscriberId) } : {}),
    };
  }

  const renderers: EmailRenderers = {
    async alert(row, data): Promise<RenderedEmail | null> {
      if (!(await active(row.subscriberId))) return null;
      const story = await loadStory(String(data.storyId), Number(data.round));
      if (!story || story.status !== 'published') return null;
      const subscriberId = row.subscriberId ?? '';
      const label = Number(data.round) > 0 ? 'Update' : 'Breaking news';
      return {
        subject: `${label}: ${story.headline}`,
        text: `${label}${story.topic ? ` · ${story.topic}` : ''}\n\n${storyText(story)}\n\n--\n${footerText(subscriberId)}\n\n${ctx.siteName()}`,
        html: page(story.headline, `<p style="font:700 13px sans-serif;text-transform:uppercase;color:#b00">${escapeHtml(label)}${story.topic ? ` · ${escapeHtml(story.topic)}` : ''}</p>${storyHtml(story)}<p><a href="${escapeHtml(storyUrl(story.slug))}">Read the story</a></p><hr>${footerHtml(subscriberId)}`),
        headers: listHeaders(subscriberId),
      };
    },

    async digest(row, data): Promise<RenderedEmail | null> {
      if (!(await active(row.subscriberId))) return null;
      const subscriberId = row.subscriberId ?? '';
      const period = data.period === 'weekly' ? 'weekly' : 'daily';
      const follows = await ctx.db
        .selectFrom('follows as f')
        .leftJoin('topics as t', (j) => j.onRef('t.id', '=', 'f.target_id').on('f.target_kind', '=', 'topic'))
        .leftJoin('authors as a', (j) => j.onRef('a.id', '=', 'f.target_id').on('f.target_kind', '=', 'author'))
        .select(['f.target_kind as kind', 'f.target_id as id', (eb) => eb.fn.coalesce('t.name', 'a.name').as('name')])
        .where('f.subscriber_id', '=', subscriberId)
        .where('f.cadence', '=', period)
        .execute();
      return digestFor(follows, period, String(data.since), String(data.until), subscriberId);
    },

    async 'newsletter.confirm'(row, data): Promise<RenderedEmail | null> {
      const sub = row.subscriberId ? await ctx.db.selectFrom('subscribers').select(['status']).where('id', '=', row.subscriberId).executeTakeFirst() : undefined;
      if (!sub || sub.status !== 'pending') return null;
      const url = `${ctx.publicUrl}/newsletter/confirm?token=${encodeURIComponent(String(data.token ?? ''))}`;
      const topics = Array.isArray(data.topics) ? data.topics.map(String).join(', ') : '';
      return {
        subject: `Confirm your ${ctx.siteName()} email alerts`,
        text: `Hello,\n\nSomeone, perhaps you, asked to get ${ctx.siteName()} emails about: ${topics}.\n\nTo confirm, open this link (it works for 7 days):\n\n${url}\n\nIf it was not you, ignore this message: nothing will be sent.\n\n${ctx.siteName()}`,
      };
    },
  };

  return {
    renderers,
    /** The next digest as a reader following every topic with followers would get it (the desk's preview). */
    async previewDigest(period, now = new Date()) {
      const topics = await ctx.db
        .selectFrom('topics as t')
        .select(['t.id', 't.name'])
        .where((eb) => eb.exists(eb.selectFrom('follows as f').select('f.target_id').whereRef('f.target_id', '=', 't.id').where('f.target_kind', '=', 'topic').where('f.cadence', '=', period)))
        .orderBy('t.name')
        .execute();
      const since = new Date(now.getTime() - (period === 'daily' ? 1 : 7) * 86_400_000).toISOString();
      return digestFor(topics.map((t) => ({ kind: 'topic' as const, id: t.id, name: t.name })), period, since, now.toISOString(), null);
    },
  };
}
