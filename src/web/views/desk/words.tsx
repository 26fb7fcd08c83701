// The word lists: banned, suspect and toxic words, added and removed.
import type { Role } from '../../../modules/accounts/index.ts';
import type { ListedWord } from '../../../modules/moderation/index.ts';
import type { WordList } from '../../../modules/moderation/index.ts';
import type { ViewContext } from '../context.ts';
import { Csrf } from '../partials/form.tsx';
import { DeskLayout, Flash } from './shell.tsx';

const LIST_LABELS: Record<WordList, string> = {
  banned: 'Banned words: comments using them are rejected with a message',
  suspect: 'Suspect words: comments using them are held for review',
  toxic: 'Toxic words: each adds its weight to the offline toxicity score',
};

export function WordsPage(props: { ctx: ViewContext; role: Role; words: ListedWord[]; csrf: string; flash: string | null }) {
  return (
    <DeskLayout ctx={props.ctx} title="Word lists" current="/desk/moderation/words" role={props.role}>
      <Flash message={props.flash} />
      <p>Matching ignores case and accents and sees through look-alike letters, leetspeak (“cr00k”), stretched letters and letters split by dots or spaces. A word never matches inside a longer word.</p>
      {(Object.keys(LIST_LABELS) as WordList[]).map((list) => {
        const entries = props.words.filter((w) => w.list === list);
        return (
          <section key={list} aria-labelledby={`list-${list}`} class="word-list">
            <h2 id={`list-${list}`}>{LIST_LABELS[list]}</h2>
            {entries.length === 0 ? <p>None yet.</p> : null}
            <ul>
              {entries.map((w) => (
                <li key={w.word}>
                  <form method="post" action="/desk/moderation/words/remove">
                    <Csrf token={props.csrf} />
                    <input type="hidden" name="list" value={list} />
                    <input type="hidden" name="word" value={w.word} />
                    {w.word}
                    {list === 'toxic' ? ` (weight ${w.weight})` : null}{' '}
                    <button type="submit" class="button-small" aria-label={`Remove ${w.word}`}>
                      Remove
                    </button>
                  </form>
                </li>
              ))}
            </ul>
            <form method="post" action="/desk/moderation/words" class="desk-form">
              <Csrf token={props.csrf} />
              <input type="hidden" name="list" value={list} />
              <p class="field">
                <label for={`add-${list}`}>Add words or phrases, one per line</label>
                <textarea id={`add-${list}`} name="words" rows={2} required />
              </p>
              {list === 'toxic' ? (
                <p class="field">
                  <label for="weight">Weight (0.05 to 1)</label>
                  <input id="weight" name="weight" type="number" min={0.05} max={1} step={0.05} value="0.5" />
                </p>
              ) : null}
              <p>
                <button type="submit">Add</button>
              </p>
            </form>
          </section>
        );
      })}
    </DeskLayout>
  );
}
