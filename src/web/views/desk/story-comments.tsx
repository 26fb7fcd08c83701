// One story's conversation settings: open, pre-moderated or closed, and slow mode.
import type { Role } from '../../../modules/accounts/index.ts';
import type { ThreadMode } from '../../../modules/comments/index.ts';
import type { ViewContext } from '../context.ts';
import { Csrf } from '../partials/form.tsx';
import { storyPath } from '../urls.ts';
import { DeskLayout, Flash } from './shell.tsx';

const MODE_LABELS: Record<ThreadMode, string> = {
  default: 'Site default',
  open: 'Open (post-moderated)',
  premod: 'Pre-moderated: every comment waits for a moderator',
  closed: 'Closed: no new comments',
};

export function StoryCommentsPage(props: { ctx: ViewContext; role: Role; story: { slug: string; headline: string }; mode: ThreadMode; slowModeSeconds: number; count: number; csrf: string; flash: string | null }) {
  return (
    <DeskLayout ctx={props.ctx} title={`Comments on: ${props.story.headline}`} current="" role={props.role}>
      <Flash message={props.flash} />
      <p>
        {props.count} published comments. <a href={storyPath(props.story.slug)}>Read the story</a> ·{' '}
        <a href={`/desk/moderation?queue=pending&story=${props.story.slug}`}>this story's queues</a>
      </p>
      <form method="post" action={`/desk/stories/${props.story.slug}/comments`} class="desk-form">
        <Csrf token={props.csrf} />
        <fieldset>
          <legend>Comments on this story</legend>
          {(Object.keys(MODE_LABELS) as ThreadMode[]).map((m) => (
            <p class="choice" key={m}>
              <input type="radio" name="mode" id={`mode-${m}`} value={m} checked={props.mode === m} />
              <label for={`mode-${m}`}>{MODE_LABELS[m]}</label>
            </p>
          ))}
        </fieldset>
        <p class="field">
          <label for="slow">Slow mode: seconds between one reader's comments (0 for off)</label>
          <input id="slow" name="slow" type="number" min={0} max={3600} value={String(props.slowModeSeconds)} />
        </p>
        <p>
          <button type="submit">Save</button>
        </p>
      </form>
    </DeskLayout>
  );
}
