import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_HISTORY, type PhaseInput, type Writer } from './phase.ts';
import { DECISION_CODES, decisionText, type DecisionCode } from './decisions.ts';
import { moderate, type Verdict } from './pipeline.ts';
import { DEFAULT_MODERATION } from './settings.ts';
import { wordListScorer } from './scorer.ts';
import { compileWordList } from './words.ts';

const NOW = new Date('2026-11-28T12:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();

function input(overrides: { body?: string; confirmed?: boolean; writer?: Partial<Writer> } & Partial<Omit<PhaseInput, 'writer' | 'submission'>> = {}): PhaseInput {
  const { body = 'The bridge plan needs a second look.', confirmed = false, writer, ...rest } = overrides;
  return {
    submission: { body, confirmed },
    writer: { id: 'u1', role: 'reader', modStatus: 'active', suspendedUntil: null, approvedCount: 10, emailVerified: true, ...writer },
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

  const codeOf = (verdict: Verdict) => (verdict.outcome === 'refused' || verdict.outcome === 'confirm' ? verdict.code : verdict.decisions.find((d) => d.action !== 'note')?.code);
  const decisionOf = (verdict: Verdict, action: string) => verdict.decisions.find((d) => d.action === action);

  it('refuses empty, too long, closed, banned, suspended and unverified writers, each with its code', async () => {
    const cases: [PhaseInput, DecisionCode][] = [
      [input({ body: '   ' }), 'EMPTY'],
      [input({ body: 'x'.repeat(3001) }), 'TOO_LONG'],
      [input({ story: { published: true, mode: 'closed', slowModeSeconds: 0 } }), 'COMMENTS_CLOSED'],
      [input({ story: { published: false, mode: 'open', slowModeSeconds: 0 } }), 'STORY_NOT_OPEN'],
      [input({ writer: { modStatus: 'banned' } }), 'WRITER_BANNED'],
      [input({ writer: { modStatus: 'suspended', suspendedUntil: '2026-11-29T12:00:00Z' } }), 'WRITER_SUSPENDED'],
      [input({ writer: { emailVerified: false } }), 'EMAIL_UNVERIFIED'],
      [input({ body: '> ' }), 'EMPTY'],
    ];
    for (const [i, code] of cases) {
      const verdict = await moderate(i);
      assert.equal(verdict.outcome, 'refused');
      assert.equal(codeOf(verdict), code);
    }
    const tooLong = await moderate(input({ body: 'x'.repeat(3001) }));
    assert.deepEqual(decisionOf(tooLong, 'refuse')?.meta, { max: 3000, size: 3001 });
    assert.equal((await moderate(input({ writer: { modStatus: 'suspended', suspendedUntil: ago(1) } }))).outcome, 'published');
    // The setting can be turned off, and staff accounts (made by an admin) never need it.
    assert.equal((await moderate(input({ writer: { emailVerified: false }, settings: { ...DEFAULT_MODERATION, requireVerifiedEmail: false } }))).outcome, 'published');
    assert.equal((await moderate(input({ writer: { emailVerified: false, role: 'moderator' } }))).outcome, 'published');
  });

  it('refuses repeats within ten minutes and more than the per-minute limit, saying when to retry', async () => {
    const repeat = await moderate(input({ history: { ...NO_HISTORY, repeated: true } }));
    assert.equal(codeOf(repeat), 'REPEATED');
    const fast = await moderate(input({ history: { ...NO_HISTORY, lastMinute: 5, oldestInLastMinute: ago(50) } }));
    assert.equal(codeOf(fast), 'RATE_LIMITED');
    assert.deepEqual(decisionOf(fast, 'refuse')?.meta, { wait: 10 });
    const slow = await moderate(input({ story: { published: true, mode: 'default', slowModeSeconds: 120 }, history: { ...NO_HISTORY, lastOnStory: ago(30) } }));
    assert.equal(codeOf(slow), 'SLOW_MODE');
    assert.deepEqual(decisionOf(slow, 'refuse')?.meta, { seconds: 120, wait: 90 });
  });

  it('rejects banned words (in disguise too) and stores the words found', async () => {
    const verdict = await moderate(input({ body: 'The mayor is a CR00K' }));
    assert.equal(verdict.outcome, 'rejected');
    assert.equal(codeOf(verdict), 'BANNED_WORDS');
    assert.deepEqual(decisionOf(verdict, 'reject')?.meta, { words: 'crook' });
  });

  it('asks once above the toxicity threshold, and holds on the confirmed submit', async () => {
    const first = await moderate(input({ body: 'You idiot, you moron' }));
    assert.equal(first.outcome, 'confirm');
    assert.equal(codeOf(first), 'TOXICITY_CONFIRM');
    const second = await moderate(input({ body: 'You idiot, you moron', confirmed: true }));
    assert.equal(second.outcome, 'pending');
    assert.ok(second.outcome === 'pending' && second.toxicity === 1);
    assert.deepEqual(decisionOf(second, 'hold'), { phase: 'toxicity', action: 'hold', code: 'TOXICITY_HELD', meta: { score: 1, by: 'word list', threshold: 0.8 } });
  });

  it('holds suspect words, links from new commenters, pre-moderated writers and pre-moderated stories', async () => {
    const held = async (i: PhaseInput, code: DecisionCode) => {
      const verdict = await moderate(i);
      assert.equal(verdict.outcome, 'pending', JSON.stringify(verdict));
      assert.ok(verdict.decisions.some((d) => d.action === 'hold' && d.code === code), JSON.stringify(verdict));
    };
    await held(input({ body: 'The vote was r1gged' }), 'SUSPECT_WORDS');
    await held(input({ body: 'See https://example.org/x', writer: { approvedCount: 0 } }), 'NEW_COMMENTER_LINKS');
    await held(input({ writer: { modStatus: 'premod' } }), 'WRITER_PREMOD');
    await held(input({ writer: { approvedCount: 1 }, settings: { ...DEFAULT_MODERATION, premodUntilApproved: 2 } }), 'NEW_COMMENTER');
    await held(input({ story: { published: true, mode: 'premod', slowModeSeconds: 0 } }), 'STORY_PREMOD');
    await held(input({ settings: { ...DEFAULT_MODERATION, siteMode: 'pre' } }), 'SITE_PREMOD');
    // A story set to open overrides site-wide pre-moderation; staff skip the holds.
    assert.equal((await moderate(input({ settings: { ...DEFAULT_MODERATION, siteMode: 'pre' }, story: { published: true, mode: 'open', slowModeSeconds: 0 } }))).outcome, 'published');
    assert.equal((await moderate(input({ body: 'rigged? https://x.example', writer: { role: 'moderator', approvedCount: 0 } }))).outcome, 'published');
  });

  it('lets staff skip every hold, the toxicity hold too, and keeps a note of what it skipped', async () => {
    const verdict = await moderate(input({ body: 'You idiot, you moron', confirmed: true, writer: { role: 'moderator' } }));
    assert.equal(verdict.outcome, 'published', JSON.stringify(verdict));
    assert.deepEqual(decisionOf(verdict, 'hold')?.code, 'TOXICITY_HELD');
    assert.deepEqual(verdict.decisions.at(-1), { phase: 'staff', action: 'note', code: 'STAFF_SKIPS_HOLD', meta: { skipped: 'TOXICITY_HELD' } });
    // Refusals still apply to staff.
    assert.equal((await moderate(input({ body: '  ', writer: { role: 'admin' } }))).outcome, 'refused');
  });

  it('renders every decision code as a sentence, and stored sentences from before codes as they are', () => {
    for (const code of DECISION_CODES) assert.ok(decisionText({ action: 'note', code, meta: { max: 1, size: 2, until: NOW.toISOString(), wait: 3, seconds: 4, words: 'a', score: 0.5, by: 'x', threshold: 0.8, links: 1, approved: 0, needed: 1, skipped: 'X', reason: 'r' } }).length > 0, code);
    assert.equal(decisionText({ phase: 'length', action: 'refuse', reason: 'An old sentence.' }), 'An old sentence.');
    assert.match(decisionText({ action: 'refuse', code: 'TOO_LONG', meta: { max: 3000, size: 3001 } }), /3000.*3001/);
  });
});
