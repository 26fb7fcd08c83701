import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_HISTORY, type PhaseInput, type Writer } from './phase.ts';
import { moderate } from './pipeline.ts';
import { DEFAULT_MODERATION } from './settings.ts';
import { wordListScorer } from './scorer.ts';
import { compileWordList } from './words.ts';

const NOW = new Date('2026-11-28T12:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();

function input(overrides: { body?: string; confirmed?: boolean; writer?: Partial<Writer> } & Partial<Omit<PhaseInput, 'writer' | 'submission'>> = {}): PhaseInput {
  const { body = 'The bridge plan needs a second look.', confirmed = false, writer, ...rest } = overrides;
  return {
    submission: { body, confirmed },
    writer: { id: 'u1', role: 'reader', modStatus: 'active', suspendedUntil: null, approvedCount: 10, ...writer },
    story: { published: true, mode: 'default', slowModeSeconds: 0 },
    settings: DEFAULT_MODERATION,
    words: { banned: compileWordList(['crook']), suspect: compileWordList(['rigged']) },
    scorer: wordListScorer({ matcher: compileWordList(['idiot', 'moron']), weights: new Map([['idiot', 0.5], ['moron', 0.5]]) }),
    history: NO_HISTORY,
    storyId: 's1',
    now: NOW,
    ...rest,
  };
}

describe('moderation pipeline', () => {
  it('publishes an ordinary comment, with its HTML and a recorded score', async () => {
    const verdict = await moderate(input());
    assert.equal(verdict.outcome, 'published');
    assert.ok(verdict.outcome === 'published' && verdict.html === '<p>The bridge plan needs a second look.</p>' && verdict.toxicity === 0);
    assert.deepEqual(verdict.decisions.map((d) => d.phase), ['toxicity']);
  });

  it('refuses empty, too long, closed, banned and suspended, each with its reason', async () => {
    const cases: [PhaseInput, RegExp][] = [
      [input({ body: '   ' }), /Write something/],
      [input({ body: 'x'.repeat(3001) }), /up to 3000 characters; this one has 3001/],
      [input({ story: { published: true, mode: 'closed', slowModeSeconds: 0 } }), /Comments are closed/],
      [input({ story: { published: false, mode: 'open', slowModeSeconds: 0 } }), /not open for comments/],
      [input({ writer: { modStatus: 'banned' } }), /banned/],
      [input({ writer: { modStatus: 'suspended', suspendedUntil: '2026-11-29T12:00:00Z' } }), /suspended from commenting until Sun, 29 Nov 2026 12:00:00 UTC/],
      [input({ body: '> ' }), /Write something/],
    ];
    for (const [i, reason] of cases) {
      const verdict = await moderate(i);
      assert.equal(verdict.outcome, 'refused');
      assert.match(verdict.outcome === 'refused' ? verdict.reason : '', reason);
    }
    const expired = await moderate(input({ writer: { modStatus: 'suspended', suspendedUntil: ago(1) } }));
    assert.equal(expired.outcome, 'published');
  });

  it('refuses repeats within ten minutes and more than the per-minute limit, saying when to retry', async () => {
    const repeat = await moderate(input({ history: { ...NO_HISTORY, repeated: true } }));
    assert.ok(repeat.outcome === 'refused' && /same comment a few minutes ago/.test(repeat.reason));
    const fast = await moderate(input({ history: { ...NO_HISTORY, lastMinute: 5, oldestInLastMinute: ago(50) } }));
    assert.ok(fast.outcome === 'refused' && /Try again in 10 seconds/.test(fast.reason), JSON.stringify(fast));
    const slow = await moderate(input({ story: { published: true, mode: 'default', slowModeSeconds: 120 }, history: { ...NO_HISTORY, lastOnStory: ago(30) } }));
    assert.ok(slow.outcome === 'refused' && /Slow mode is on for this story: one comment every 120 seconds. Try again in 90 seconds/.test(slow.reason));
  });

  it('rejects banned words (in disguise too) and stores the reason', async () => {
    const verdict = await moderate(input({ body: 'The mayor is a CR00K' }));
    assert.equal(verdict.outcome, 'rejected');
    assert.ok(verdict.outcome === 'rejected' && /"crook"/.test(verdict.reasons[0] ?? ''));
  });

  it('asks once above the toxicity threshold, and holds on the confirmed submit', async () => {
    const first = await moderate(input({ body: 'You idiot, you moron' }));
    assert.equal(first.outcome, 'confirm');
    const second = await moderate(input({ body: 'You idiot, you moron', confirmed: true }));
    assert.equal(second.outcome, 'pending');
    assert.ok(second.outcome === 'pending' && second.toxicity === 1 && /Toxicity 1.00 \(word list\) is above 0.8/.test(second.reasons[0] ?? ''));
  });

  it('holds suspect words, links from new commenters, pre-moderated writers and pre-moderated stories', async () => {
    const held = async (i: PhaseInput, reason: RegExp) => {
      const verdict = await moderate(i);
      assert.equal(verdict.outcome, 'pending', JSON.stringify(verdict));
      assert.ok(verdict.outcome === 'pending' && verdict.reasons.some((r) => reason.test(r)), JSON.stringify(verdict));
    };
    await held(input({ body: 'The vote was r1gged' }), /Suspect words: rigged/);
    await held(input({ body: 'See https://example.org/x', writer: { approvedCount: 0 } }), /Links from a new commenter/);
    await held(input({ writer: { modStatus: 'premod' } }), /reviews every comment/);
    await held(input({ writer: { approvedCount: 1 }, settings: { ...DEFAULT_MODERATION, premodUntilApproved: 2 } }), /New commenter: 1 of 2/);
    await held(input({ story: { published: true, mode: 'premod', slowModeSeconds: 0 } }), /reviewed before they appear/);
    await held(input({ settings: { ...DEFAULT_MODERATION, siteMode: 'pre' } }), /reviewed before they appear/);
    // A story set to open overrides site-wide pre-moderation; staff skip the holds.
    assert.equal((await moderate(input({ settings: { ...DEFAULT_MODERATION, siteMode: 'pre' }, story: { published: true, mode: 'open', slowModeSeconds: 0 } }))).outcome, 'published');
    assert.equal((await moderate(input({ body: 'rigged? https://x.example', writer: { role: 'moderator', approvedCount: 0 } }))).outcome, 'published');
  });
});
