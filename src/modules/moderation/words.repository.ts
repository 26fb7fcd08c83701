// The banned, suspect and toxic word lists moderators edit, compiled once per change.
import { nowIso, type Queryable } from '../../storage/index.ts';
import type { WordList } from './domain.ts';
import { appendLog, type Actor } from './log.repository.ts';
import { compileWordList, normaliseForMatching, type WordMatcher } from './words.ts';

export interface ListedWord {
  list: WordList;
  word: string;
  weight: number;
}


export async function listWords(db: Queryable): Promise<ListedWord[]> {
  const rows = await db.selectFrom('moderation_words').select(['list', 'word', 'weight']).orderBy('list').orderBy('word').execute();
  return rows.map((r) => ({ list: r.list, word: r.word, weight: Number(r.weight) }));
}

export async function addWords(db: Queryable, actor: Actor, list: WordList, words: string[], weight = 0.5): Promise<number> {
  const clean = [...new Set(words.map((w) => w.trim().replace(/\s+/g, ' ')).filter((w) => w.length > 0 && w.length <= 60 && normaliseForMatching(w).match(/[\p{L}\p{N}]/u)))];
  for (const word of clean) {
    await db
      .insertInto('moderation_words')
      .values({ list, word, weight, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['list', 'word']).doUpdateSet({ weight }))
      .execute();
  }
  if (clean.length > 0) await appendLog(db, { actor, action: `add ${list} words`, targetType: 'words', targetId: list, reason: clean.join(', ') });
  return clean.length;
}

export async function removeWord(db: Queryable, actor: Actor, list: WordList, word: string): Promise<boolean> {
  const result = await db.deleteFrom('moderation_words').where('list', '=', list).where('word', '=', word).executeTakeFirst();
  const removed = Number(result.numDeletedRows) > 0;
  if (removed) await appendLog(db, { actor, action: `remove ${list} word`, targetType: 'words', targetId: list, reason: word });
  return removed;
}

export interface CompiledWordLists {
  banned: WordMatcher;
  suspect: WordMatcher;
  toxic: WordMatcher;
  toxicWeights: Map<string, number>;
}

export function compileLists(words: ListedWord[]): CompiledWordLists {
  const of = (list: WordList) => words.filter((w) => w.list === list).map((w) => w.word);
  return {
    banned: compileWordList(of('banned')),
    suspect: compileWordList(of('suspect')),
    toxic: compileWordList(of('toxic')),
    toxicWeights: new Map(words.filter((w) => w.list === 'toxic').map((w) => [w.word, w.weight])),
  };
}
