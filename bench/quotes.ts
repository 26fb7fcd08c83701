// Who said what (issue #16): how fast the attribution rules read 800-word stories on one core,
// and how well they do on PolNeAR's development split when ../shared/corpora has it, scored by
// ../shared/tools/eval-quotes.mjs (read from there, never copied here).
// `npx tsx bench/quotes.ts` runs it alone.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { attribute } from '../src/modules/attribution/index.ts';
import { ROOT, WORK } from './harness.ts';
import { random, wordDrawer } from './text.ts';

const STORIES = 400;
const STORY_WORDS = 800;

export interface QuotesBench {
  storiesPerSecond: number;
  microsPerStory: number;
  attributionsPerStory: number;
  /** The scorer's figures on polnear-dev, or why they are missing. */
  polnear: Record<string, number> | { missing: string };
}

function capitalised(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1);
}

/** Stories of about 800 words: narrative sentences, quotes with cues, reported speech, pronouns. */
export function generatedStories(count = STORIES): string[] {
  const words = wordDrawer(16);
  const next = random(16);
  const roles = ['county engineer', 'police spokesman', 'council member', 'school principal', 'fire chief'];
  const stories: string[] = [];
  for (let s = 0; s < count; s++) {
    const people = Array.from({ length: 3 }, () => `${capitalised(words(1))} ${capitalised(words(1))}`);
    const paragraphs: string[] = [capitalised(words(9))];
    let length = 9;
    while (length < STORY_WORDS) {
      const person = people[Math.floor(next() * people.length)]!;
      const surname = person.split(' ')[1]!;
      const role = roles[Math.floor(next() * roles.length)]!;
      const narrative = `${capitalised(words(18))}. ${capitalised(words(14))}.`;
      const speech = [
        `“${capitalised(words(12))},” said ${role} ${person}.`,
        `${surname} said that ${words(11)}.`,
        `“${capitalised(words(9))},” she said, “${words(8)}.”`,
        `${capitalised(words(10))}, according to the ${role.split(' ')[0]} office.`,
      ][Math.floor(next() * 4)]!;
      paragraphs.push(`${narrative} ${speech}`);
      length += 32 + 12;
    }
    stories.push(paragraphs.join('\n\n'));
  }
  return stories;
}

function speed(): Pick<QuotesBench, 'storiesPerSecond' | 'microsPerStory' | 'attributionsPerStory'> {
  const stories = generatedStories();
  for (const story of stories.slice(0, 50)) attribute(story); // warm the JIT
  let read = 0;
  let found = 0;
  const started = performance.now();
  while (performance.now() - started < 3_000) {
    for (const story of stories) found += attribute(story).length;
    read += stories.length;
  }
  const seconds = (performance.now() - started) / 1000;
  return { storiesPerSecond: Math.round(read / seconds), microsPerStory: Math.round((seconds * 1e6) / read), attributionsPerStory: +(found / read).toFixed(1) };
}

function polnear(): QuotesBench['polnear'] {
  const corpora = process.env.MASTHEAD_CORPORA ?? path.join(ROOT, '..', 'shared', 'corpora');
  const textDir = path.join(corpora, 'polnear-dev', 'text');
  const annDir = path.join(corpora, 'polnear-dev', 'attributions');
  const scorer = path.join(corpora, '..', 'tools', 'eval-quotes.mjs');
  if (!fs.existsSync(textDir) || !fs.existsSync(scorer)) return { missing: `no ${textDir} or ${scorer}` };
  const lines = fs.readdirSync(textDir).filter((f) => f.endsWith('.txt')).sort().map((f) => {
    const file = path.join(textDir, f);
    return JSON.stringify({ file, attributions: attribute(fs.readFileSync(file, 'utf8')) });
  });
  fs.mkdirSync(WORK, { recursive: true });
  const predictions = path.join(WORK, 'quotes-polnear.jsonl');
  fs.writeFileSync(predictions, `${lines.join('\n')}\n`);
  const run = spawnSync(process.execPath, [scorer, textDir, annDir, predictions], { encoding: 'utf8' });
  const first = run.stdout.split('\n').find((l) => l.startsWith('{'));
  return first ? (JSON.parse(first) as Record<string, number>) : { missing: `the scorer printed nothing: ${run.stderr}` };
}

export function benchQuotes(): QuotesBench {
  const result = { ...speed(), polnear: polnear() };
  console.log(`  ${result.storiesPerSecond} stories/s (${result.microsPerStory} µs a story, ${result.attributionsPerStory} attributions each)`);
  console.log(`  polnear-dev: ${JSON.stringify(result.polnear)}`);
  return result;
}

export function quotesReport(result: QuotesBench | null): string[] {
  if (!result) return [];
  const lines = ['', '## Who said what', ''];
  lines.push(`Attribution rules on one core over ${STORIES} generated stories of about ${STORY_WORDS} words (narrative, quotes with their cues, reported speech, pronouns): ${result.storiesPerSecond} stories/s, ${result.microsPerStory} µs a story, ${result.attributionsPerStory} attributions each (target ≥ 200 stories/s).`, '');
  const p = result.polnear;
  if ('missing' in p) {
    lines.push(`PolNeAR (polnear-dev) not scored: ${p.missing}.`);
    return lines;
  }
  lines.push('PolNeAR development split (84 articles), scored by `../shared/tools/eval-quotes.mjs`:', '');
  lines.push('| measure | figure | target | verdict |', '|---|---|---|---|');
  const row = (name: string, value: number, target: number) => lines.push(`| ${name} | ${value} | ≥ ${target} | ${value >= target ? 'met' : '**missed**'} |`);
  row('direct and mixed quotes F1', p.directF1!, 0.9);
  row('speaker accuracy', p.speakerAcc!, 0.9);
  row('cue accuracy', p.cueAcc!, 0.85);
  row('indirect precision', p.indirectP!, 0.8);
  row('indirect recall', p.indirectR!, 0.6);
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(quotesReport(benchQuotes()).join('\n'));
}
