// The DOMPurify XSS corpus (../shared/corpora/xss) as comment bodies, display names and report
// notes, on both engines, rendered in Chromium for readers and for moderators. The browser
// runs with the page's CSP switched off, so the test proves the escaping itself: nothing may
// call alert/confirm/prompt, insert a script, carry an event-handler attribute, or link to a
// javascript: or data: URL.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../src/modules/accounts/index.ts';
import { saveModerationSettings } from '../../src/modules/moderation/index.ts';
import { createStory } from '../../src/modules/stories/index.ts';
import { addToTipAsSource, noteOnTip, normalReceipt, replyToSource, submitTip } from '../../src/modules/tips/index.ts';
import { DIALECTS, skipReason } from '../helpers/databases.ts';
import { browserSkipReason, launchBrowser } from '../helpers/browser.ts';
import { corpus } from '../helpers/corpora.ts';
import { FormClient } from '../helpers/form-client.ts';
import { createTestSite, type TestSite } from '../helpers/site.ts';

const CORPUS = corpus('xss');
const payloads = CORPUS.skip ? [] : (JSON.parse(fs.readFileSync(CORPUS.file('dompurify-payloads.json'), 'utf8')) as { title: string; payload: string }[]).map((p) => p.payload);
const STORIES = 5;
const PASSWORD = 'lantern over the ferry';

/** Runs in the page before any of its own code: records what an injected script would do. */
const TRAP = () => {
  const w = window as unknown as { __xss: string[] };
  w.__xss = [];
  for (const name of ['alert', 'confirm', 'prompt'] as const) {
    (window as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      w.__xss.push(`${name}(${args.map(String).join(',')})`);
      return null;
    };
  }
  // Scripts in the HTML itself are checked by SCAN; this catches ones a script adds later.
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver((records) => {
      for (const r of records) for (const node of r.addedNodes) if (node.nodeName === 'SCRIPT' || node.nodeName === 'IFRAME') w.__xss.push(`inserted ${node.nodeName}`);
    }).observe(document, { childList: true, subtree: true });
  });
};

/** Looks at the whole document for anything active that the site did not put there. */
const SCAN = () => {
  const found: string[] = [...(window as unknown as { __xss: string[] }).__xss];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      // Browsers ignore whitespace and control characters in a URL's scheme; so does this check.
      // eslint-disable-next-line no-control-regex
      const value = attr.value.replace(/[\s\u0000-\u001f]+/g, '').toLowerCase();
      if (name.startsWith('on')) found.push(`${el.tagName} ${name}`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'data', 'poster', 'background'].includes(name) && /^(javascript|data|vbscript):/.test(value)) {
        found.push(`${el.tagName} ${name}=${value.slice(0, 40)}`);
      }
    }
    if (['IFRAME', 'OBJECT', 'EMBED', 'FORM'].includes(el.tagName) && el.closest('.comment__body, .comment__author, .queue-item__reports, .desk-comment, .tip-text, .tip-details, .tip-thread')) found.push(`${el.tagName} inside user content`);
  }
  const scripts = [...document.querySelectorAll('script')].map((s) => s.getAttribute('src') ?? s.getAttribute('type') ?? 'inline');
  for (const s of scripts) if (!(s === 'application/ld+json' || /^\/assets\/(?:live-comments|follow)\.[0-9a-f]{10}\.js$/.test(s))) found.push(`script ${s.slice(0, 60)}`);
  return found;
};

for (const dialect of DIALECTS) {
  describe(`XSS corpus stays inert in Chromium [${dialect}]`, { skip: CORPUS.skip || skipReason(dialect) || browserSkipReason() }, () => {
    let site: TestSite;
    let base: string;
    let browser: Browser;
    let context: BrowserContext;
    const slugs: string[] = [];
    const counts = { comments: 0, refusedAsComment: 0, namesRefusedAtSignUp: 0, reports: 0 };

    before(async () => {
      site = await createTestSite(dialect, { demo: false });
      const db = site.web.db;
      await saveModerationSettings(db, { perMinute: '1000', maxLength: '20000', linksNeedApproved: '0', reportThreshold: '100' });
      for (let s = 0; s < STORIES; s++) {
        const story = await createStory(db, { headline: `Corpus story ${s}`, bodyHtml: '<p>Body.</p>', authors: [], topics: [], publishedAt: '2026-11-27T09:00:00Z' });
        slugs.push(story.slug);
      }
      const storyIds = await Promise.all(slugs.map(async (slug) => (await db.selectFrom('stories').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id));
      // One account may report 20 comments an hour: the reports come from a few readers.
      const reporters: { id: string }[] = [];
      const reporterFor = async (n: number) => {
        const index = Math.floor(n / 20);
        reporters[index] ??= await createUser(db, { email: `reporter${index}@example.org`, displayName: `Rep Orter ${index}`, password: PASSWORD, verified: true });
        return reporters[index]!;
      };
      for (const [i, payload] of payloads.entries()) {
        // Sign-up refuses most of these names; written straight to the table they test the escaping.
        try {
          await createUser(db, { email: `name${i}@example.org`, displayName: payload, password: PASSWORD });
        } catch {
          counts.namesRefusedAtSignUp += 1;
        }
        const author = { id: randomUUID() };
        await db
          .insertInto('users')
          .values({ id: author.id, email: `writer${i}@example.org`, display_name: payload, password_hash: 'unusable', role: 'reader', email_verified_at: new Date().toISOString(), created_at: new Date().toISOString() })
          .execute();
        const storyId = storyIds[i % STORIES] ?? '';
        const result = await site.web.conversation.post({ storyId, userId: author.id, body: payload });
        if (!('comment' in result)) {
          counts.refusedAsComment += 1;
          continue;
        }
        counts.comments += 1;
        if (result.outcome === 'published') {
          await site.web.conversation.report({ commentId: result.comment.id, userId: (await reporterFor(counts.reports)).id, reason: 'other', note: payload.slice(0, 1000) || 'x' });
          counts.reports += 1;
        }
      }
      await createUser(db, { email: 'mod@example.org', displayName: 'Mo Derator', password: PASSWORD, role: 'moderator', verified: true });
      base = await site.app.listen({ port: 0, host: '127.0.0.1' });
      browser = await launchBrowser();
      context = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } });
      await context.addInitScript(TRAP);
      // The moderator's session, from a sign-in through the form.
      const client = new FormClient(site);
      await client.signIn('mod@example.org', PASSWORD);
      await context.addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: base })));
    });

    after(async () => {
      await browser?.close();
      await site?.close();
    });

    let page: Page | null = null;
    async function visit(url: string): Promise<{ findings: string[]; html: string }> {
      // One tab for every visit: the init script runs again on each navigation.
      page ??= await context.newPage();
      const response = await page.goto(base + url, { waitUntil: 'load' });
      assert.equal(response?.status(), 200, url);
      // Give anything scheduled (timers, failed image loads, animations) a moment to fire.
      await page.waitForTimeout(50);
      const findings = await page.evaluate(SCAN);
      const html = (await response?.text()) ?? '';
      return { findings, html };
    }

    it('renders every payload as text for readers, on every page of every thread', async () => {
      let pages = 0;
      let seen = 0;
      for (const slug of slugs) {
        let url: string | null = `/stories/${slug}/comments?sort=oldest`;
        while (url) {
          const { findings, html } = await visit(url);
          pages += 1;
          seen += (html.match(/class="comment__body"/g) ?? []).length;
          assert.deepEqual(findings, [], `${url}: ${findings.join('; ')}`);
          url = /href="([^"]+)" rel="next">More comments/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null;
        }
        const story = await visit(`/stories/${slug}`);
        assert.deepEqual(story.findings, [], `/stories/${slug}: ${story.findings.join('; ')}`);
      }
      console.log(`# XSS corpus: ${payloads.length} payloads; ${counts.comments} stored as comments (${counts.refusedAsComment} refused), ${counts.reports} report notes; ${counts.namesRefusedAtSignUp} refused as display names at sign-up; ${seen} comments read on ${pages} pages`);
      assert.equal(counts.comments + counts.refusedAsComment, payloads.length);
      // Most payloads are ordinary text to the pipeline; if nearly all were refused this test would check nothing.
      assert.ok(counts.comments >= payloads.length * 0.5, `only ${counts.comments} of ${payloads.length} payloads were stored as comments`);
      assert.ok(counts.reports > 0, 'some comments were published and reported');
      assert.ok(seen >= counts.comments * 0.9, `${seen} comments shown of ${counts.comments}`);
    });

    it('renders names, bodies and report notes as text on the moderators\' desk', async () => {
      for (const slug of slugs) {
        const { findings, html } = await visit(`/desk/moderation?queue=reported&story=${slug}`);
        assert.deepEqual(findings, [], `reported queue for ${slug}: ${findings.join('; ')}`);
        assert.ok((html.match(/class="queue-item"/g) ?? []).length >= Math.floor(counts.reports / STORIES) - 1, 'the queue shows the reported comments');
      }
      const users = await site.web.db.selectFrom('users').select('id').where('email', 'like', 'writer%').limit(10).execute();
      for (const u of users) {
        const { findings } = await visit(`/desk/users/${u.id}`);
        assert.deepEqual(findings, [], `/desk/users/${u.id}: ${findings.join('; ')}`);
      }
      const log = await visit('/desk/moderation/log');
      assert.deepEqual(log.findings, []);
    });

    it('keeps every payload inert in every field of a tip, its messages and notes, on the tip desk', async () => {
      const editor = await createUser(site.web.db, { email: 'editor@example.org', displayName: 'Ed Itor', password: PASSWORD, role: 'editor', verified: true });
      const actor = { id: editor.id, name: editor.displayName, role: editor.role };
      const tipIds: string[] = [];
      for (let at = 0, n = 0; at < payloads.length; at += 20, n++) {
        const group = payloads.slice(at, at + 20);
        const joined = group.join('\n');
        const receipt = await submitTip(site.app.tips, { what: joined, whereWhen: joined.slice(0, 2000), name: group[0]!.slice(0, 200), contact: (group[1] ?? group[0]!).slice(0, 500), consent: true, honeypot: '', proof: undefined, network: `198.51.100.${n}`, files: [], refused: [] });
        await addToTipAsSource(site.app.tips, { receipt: normalReceipt(receipt.code)!, text: joined, files: [], refused: [] });
        await replyToSource(site.app.tips, actor, receipt.tipId, joined);
        await noteOnTip(site.app.tips, actor, receipt.tipId, joined);
        tipIds.push(receipt.tipId);
      }
      const client = new FormClient(site);
      await client.signIn('editor@example.org', PASSWORD);
      const editorContext = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } });
      await editorContext.addInitScript(TRAP);
      await editorContext.addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: base })));
      const tab = await editorContext.newPage();
      const check = async (url: string) => {
        const response = await tab.goto(base + url, { waitUntil: 'load' });
        assert.equal(response?.status(), 200, url);
        await tab.waitForTimeout(50);
        return tab.evaluate(SCAN);
      };
      assert.deepEqual(await check('/desk/tips'), []);
      for (const id of tipIds) {
        const findings = await check(`/desk/tips/${id}`);
        assert.deepEqual(findings, [], `/desk/tips/${id}: ${findings.join('; ')}`);
        assert.equal(await tab.locator('.tip-thread > li').count(), 3, 'the source’s addition, the reply and the note are shown');
      }
      console.log(`# XSS corpus in tips: ${payloads.length} payloads in ${tipIds.length} tips (every field, a source message, a reply and a note each)`);
      await editorContext.close();
    });
  });
}
