// Word-list matching on adversarial text (security review #10.2): a 3,000-character comment
// built to make overlapping leetspeak patterns backtrack, against ordinary listed words.
import { compileWordList } from '../src/modules/moderation/index.ts';

export interface WordListCost {
  attack: string;
  ms: number;
}

const LIST = ['illegal', 'million', 'illiterate', 'kill yourself', 'crook', 'scam', 'liar'];
const ATTACKS: [string, string][] = [
  ['3,000 × "|"', '|'.repeat(3000)],
  ['1,500 × "1|"', '1|'.repeat(1500)],
  ['2,990 × "|" then "illiterat"', `${'|'.repeat(2990)}illiterat`],
  ['"k" then 1,000 × "1|!"', `k${'1|!'.repeat(1000)}`],
];

export function benchWordLists(): WordListCost[] {
  const list = compileWordList(LIST);
  return ATTACKS.map(([attack, text]) => {
    const times: number[] = [];
    for (let i = 0; i < 21; i++) {
      const start = performance.now();
      list.find(text);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return { attack, ms: times[10]! };
  });
}
