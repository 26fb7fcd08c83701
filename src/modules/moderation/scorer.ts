// Toxicity scorers behind one interface. The built-in one is offline: listed words with weights.
// The HTTP one speaks the Perspective API's comments:analyze request and response, so the real
// service or any compatible one can be configured; when it fails, the offline score is used.
import { safeFetch } from '../ingest/index.ts';
import type { WordMatcher } from './words.ts';

export interface ToxicityScore {
  /** 0 (harmless) to 1. */
  value: number;
  /** Which scorer answered, for the moderators' view. */
  by: string;
}

export interface ToxicityScorer {
  score(text: string): Promise<ToxicityScore>;
}

/** Sums the weights of the listed words found, capped at 1. */
export function wordListScorer(words: { matcher: WordMatcher; weights: Map<string, number> }): ToxicityScorer {
  return {
    async score(text) {
      const found = words.matcher.find(text);
      const total = found.reduce((sum, word) => sum + (words.weights.get(word) ?? 0), 0);
      return { value: Math.min(1, Math.round(total * 100) / 100), by: 'word list' };
    },
  };
}

interface PerspectiveResponse {
  attributeScores?: { TOXICITY?: { summaryScore?: { value?: unknown } } };
}

/** A Perspective-compatible endpoint (…/v1alpha1/comments:analyze), with a 2-second budget. */
/**
 * `allowPrivate` lets the scorer sit on the station's own network (MASTHEAD_SCORER_ALLOW_PRIVATE);
 * otherwise loopback and internal addresses are refused, as for pictures (security review #10.16).
 */
export function perspectiveScorer(options: { url: string; key: string; fallback: ToxicityScorer; timeoutMs?: number; allowPrivate?: boolean }): ToxicityScorer {
  return {
    async score(text) {
      const url = new URL(options.url);
      if (options.key) url.searchParams.set('key', options.key);
      try {
        const response = await safeFetch(url.toString(), {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ comment: { text }, requestedAttributes: { TOXICITY: {} }, doNotStore: true }),
          timeoutMs: options.timeoutMs ?? 2000,
          deadlineMs: options.timeoutMs ?? 2000,
          maxBytes: 256 * 1024,
          allowPrivate: options.allowPrivate ?? false,
        });
        if (response.status < 200 || response.status >= 300) throw new Error(`HTTP ${response.status}`);
        const body = JSON.parse(response.body.toString('utf8')) as PerspectiveResponse;
        const value = body.attributeScores?.TOXICITY?.summaryScore?.value;
        if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new Error('no TOXICITY summaryScore in the answer');
        return { value, by: url.host };
      } catch (error) {
        const fallback = await options.fallback.score(text);
        return { ...fallback, by: `${fallback.by} (${url.host} failed: ${error instanceof Error ? error.message : String(error)})` };
      }
    },
  };
}
