// The newsroom's pages: every story, the story editor (a plain form that works without
// JavaScript), the page shown when two people saved the same story, the wire queue and the
// desk log.
import { EDITOR_ROLES, MODERATOR_ROLES, type Role } from '../../../modules/accounts/index.ts';
import { canWriteStory, isTextEditable, type DeskLogEntry, type DeskStory, type DeskStoryRow, type StoryStatus, type StoryVersionRow, type StoryVersionText, type WireChoice, type WireUpdate } from '../../../modules/stories/index.ts';
import type { DiffPart } from '../../../modules/text/index.ts';
import type { Topic } from '../../../modules/topics/index.ts';
import type { ViewContext } from '../context.ts';
import { formatDateTime } from '../format-time.ts';
import { Csrf, PostButton } from '../partials/form.tsx';
import { Picture } from '../partials/picture.tsx';
import { storyPath } from '../urls.ts';
import { Select } from './fields.tsx';
import { DeskLayout, Flash } from './shell.tsx';

export const STATUS_LABELS: Record<StoryStatus, string> = {
  draft: 'Draft',
  review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
  held: 'Held from the wire',
  embargoed: 'Embargoed',
  withheld: 'Withheld by the wire',
  withdrawn: 'Withdrawn',
  spiked: 'Spiked',
};

const isEditor = (role: Role) => EDITOR_ROLES.includes(role);

/** ninjs and NewsML-G2 urgency: 1 is a flash, 9 the least urgent. */
export function urgencyLabel(urgency: number | null): string {
  if (urgency === null) return '—';
  return urgency <= 2 ? `${urgency} (flash)` : urgency <= 4 ? `${urgency} (urgent)` : String(urgency);
}

/** The desk's story list; the wire queue's shows urgency and versions in place of topic and byline. */
function StoryTable(props: { items: DeskStoryRow[]; tz: string; caption: string; wire?: boolean }) {
  if (props.items.length === 0) return <p>No stories match.</p>;
  return (
    <table class="log-table">
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Headline</th>
          <th scope="col">Status</th>
          <th scope="col">Source</th>
          {props.wire ? (
            <>
              <th scope="col">Urgency</th>
              <th scope="col">Versions</th>
            </>
          ) : (
            <>
              <th scope="col">Topic</th>
              <th scope="col">Byline</th>
            </>
          )}
          <th scope="col">Last change</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((s) => (
          <tr key={s.id}>
            <td>
              <a href={`/desk/stories/${s.id}`}>{s.headline}</a>
            </td>
            <td>
              {STATUS_LABELS[s.status]}
              {s.status === 'scheduled' && s.publishAt ? (
                <>
                  {' '}
                  for <time datetime={s.publishAt}>{formatDateTime(s.publishAt, props.tz)}</time>
                </>
              ) : null}
              {s.status === 'embargoed' && s.embargoUntil ? (
                <>
                  {' '}
                  until <time datetime={s.embargoUntil}>{formatDateTime(s.embargoUntil, props.tz)}</time>
                </>
              ) : null}
              {s.wireUpdateWaiting ? <strong class="desk-flag"> · new wire version waiting</strong> : null}
            </td>
            <td>{s.sourceName ?? 'Station'}</td>
            {props.wire ? (
              <>
                <td class={s.urgency !== null && s.urgency <= 4 ? 'desk-flag' : undefined}>{urgencyLabel(s.urgency)}</td>
                <td>
                  {s.versionCount}
                  {s.wireVersion !== null ? ` (wire v${s.wireVersion})` : ''}
                </td>
              </>
            ) : (
              <>
                <td>{s.topicName ?? '—'}</td>
                <td>{s.authors.join(', ') || '—'}</td>
              </>
            )}
            <td>
              <time datetime={s.modifiedAt}>{formatDateTime(s.modifiedAt, props.tz)}</time>
              {s.changedBy ? ` by ${s.changedBy}` : ''} (v{s.version})
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DeskStoriesPage(props: {
  ctx: ViewContext;
  role: Role;
  items: DeskStoryRow[];
  next: string | null;
  filter: { status: string; q: string; origin: string };
  flash: string | null;
}) {
  const more = props.next ? `/desk/stories?${new URLSearchParams({ ...props.filter, cursor: props.next }).toString()}` : null;
  return (
    <DeskLayout ctx={props.ctx} title="Stories" current="/desk/stories" role={props.role}>
      <Flash message={props.flash} />
      <p>
        <a class="button-link" href="/desk/stories/new">
          Write a story
        </a>
      </p>
      <form method="get" action="/desk/stories" class="desk-filters">
        <p class="field">
          <label for="q">Words in the story</label>
          <input id="q" name="q" type="search" value={props.filter.q} maxLength={200} />
        </p>
        <p class="field">
          <label for="status">Status</label>
          <select id="status" name="status">
            <option value="">Any</option>
            {(Object.keys(STATUS_LABELS) as StoryStatus[]).map((s) => (
              <option key={s} value={s} selected={props.filter.status === s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </p>
        <p class="field">
          <label for="origin">From</label>
          <select id="origin" name="origin">
            <option value="">Station and wire</option>
            <option value="local" selected={props.filter.origin === 'local'}>
              The station
            </option>
            <option value="wire" selected={props.filter.origin === 'wire'}>
              The wire
            </option>
          </select>
        </p>
        <p>
          <button type="submit">Show</button>
        </p>
      </form>
      <StoryTable items={props.items} tz={props.ctx.timeZone} caption={props.filter.q ? `Stories with “${props.filter.q}”, best match first` : 'Stories, newest change first'} />
      {more ? (
        <p>
          <a href={more}>Older changes</a>
        </p>
      ) : null}
    </DeskLayout>
  );
}

/** The fields a story editor form sends, as typed. */
export interface StoryFormValues {
  headline: string;
  standfirst: string;
  dateline: string;
  body: string;
  authors: string;
  outlet: string;
  topic: string;
  rights: string;
  slug: string;
  /** The other topics' slugs, comma-separated. */
  also: string;
  /** '1' for breaking news. */
  breaking: string;
  /** '' follows the source's policy; else original, self or noindex. */
  canonical: string;
}

export const emptyStoryForm = (outlet: string): StoryFormValues => ({ headline: '', standfirst: '', dateline: '', body: '', authors: '', outlet, topic: '', rights: '', slug: '', also: '', breaking: '', canonical: '' });

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };

/** Paragraphs of plain text go back into the textarea as text; anything richer stays HTML. */
export function editableBody(html: string): string {
  const paragraphs = [...html.matchAll(/<p>([^<]*)<\/p>/g)].map((m) => (m[1] ?? '').replace(/&(amp|lt|gt|quot|#39|#x27);/g, (e) => ENTITIES[e] ?? e));
  const rebuilt = html.replace(/<p>[^<]*<\/p>/g, '').trim();
  return paragraphs.length > 0 && rebuilt === '' ? paragraphs.join('\n\n') : html;
}

export function storyFormValues(story: DeskStory): StoryFormValues {
  return {
    headline: story.headline,
    standfirst: story.standfirst,
    dateline: story.dateline,
    body: editableBody(story.bodyHtml),
    authors: story.authors.join(', '),
    outlet: story.outlet,
    topic: story.topicSlugs[0] ?? '',
    rights: story.rightsLine,
    slug: story.slug,
    also: story.topicSlugs.slice(1).join(','),
    breaking: story.breaking ? '1' : '',
    canonical: story.canonicalPolicy ?? '',
  };
}

function TextField(props: { id: keyof StoryFormValues; label: string; values: StoryFormValues; hint?: string; required?: boolean; disabled?: boolean }) {
  return (
    <p class="field">
      <label for={`story-${props.id}`}>{props.label}</label>
      {props.hint ? (
        <span class="field__hint" id={`story-${props.id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      <input
        id={`story-${props.id}`}
        name={props.id}
        type="text"
        value={props.values[props.id]}
        required={props.required}
        disabled={props.disabled}
        aria-describedby={props.hint ? `story-${props.id}-hint` : undefined}
      />
    </p>
  );
}

/** With JavaScript, the body becomes a rich-text editor (web/editor/) that saves by itself at `autosave`. */
export interface RichEditor {
  script: string;
  autosave: string | null;
  /** How the editor shows the library items in the body, by id (JSON for the script). */
  previews: Record<string, { kind: 'image' | 'video'; thumb: string | null; caption: string | null; altText: string | null }>;
}

const CANONICAL_CHOICES: [string, string][] = [
  ['', 'As the source says (the station’s own stories: this page)'],
  ['self', 'This page'],
  ['original', 'The original wire or source page'],
  ['noindex', 'Keep this story out of search engines'],
];

/** The topics a story also files under, besides its primary one. */
function TopicChoices(props: { values: StoryFormValues; topics: Topic[]; disabled: boolean }) {
  const chosen = new Set(props.values.also.split(',').filter(Boolean));
  return (
    <fieldset class="topic-choices" disabled={props.disabled}>
      <legend>Also files under</legend>
      <ul>
        {props.topics.map((t) => (
          <li key={t.slug} class="check">
            <input id={`story-also-${t.slug}`} name="also" type="checkbox" value={t.slug} checked={chosen.has(t.slug)} />
            <label for={`story-also-${t.slug}`}>{t.name}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function StoryFields(props: { values: StoryFormValues; topics: Topic[]; disabled: boolean; slugHint?: string; rich?: RichEditor | null; staffNames?: string[] }) {
  const { values } = props;
  return (
    <>
      <TextField id="headline" label="Headline" values={values} required disabled={props.disabled} />
      <TextField id="standfirst" label="Standfirst" hint="One or two sentences under the headline." values={values} disabled={props.disabled} />
      <TextField id="dateline" label="Dateline" hint="For example KESTREL FALLS." values={values} disabled={props.disabled} />
      <p class="field">
        <label for="story-body">Body</label>
        <span class="field__hint" id="story-body-hint">
          Paragraphs separated by a blank line. HTML is kept when it is on the list the site shows (paragraphs, headings, lists, quotes, links, bold and italic). A picture or video from the media library goes in as the line its library page gives; a YouTube or Vimeo address alone on a line becomes a video readers press to play.
        </span>
        <textarea
          id="story-body"
          name="body"
          rows={18}
          aria-describedby="story-body-hint"
          disabled={props.disabled}
          data-rich-editor={props.rich && !props.disabled ? '' : undefined}
          data-autosave={props.rich?.autosave ?? undefined}
          data-media-previews={props.rich && !props.disabled ? JSON.stringify(props.rich.previews) : undefined}
        >
          {values.body}
        </textarea>
      </p>
      <TextField
        id="authors"
        label="Byline"
        hint={`Names in order, separated by commas. Staff names link to their profiles${props.staffNames?.length ? `: ${props.staffNames.join(', ')}` : ''}; any other name is printed as written.`}
        values={values}
        disabled={props.disabled}
      />
      <TextField id="outlet" label="Outlet" hint="Shown after the names." values={values} disabled={props.disabled} />
      <p class="field">
        <label for="story-topic">Primary topic</label>
        <Select id="story-topic" name="topic" options={[['', 'None'], ...props.topics.map((t) => [t.slug, t.name] as const)]} value={values.topic} disabled={props.disabled} />
      </p>
      <TopicChoices values={values} topics={props.topics} disabled={props.disabled} />
      <TextField id="rights" label="Rights line" hint="Leave empty for the station's own copy." values={values} disabled={props.disabled} />
      <p class="field check">
        <input id="story-breaking" name="breaking" type="checkbox" value="1" checked={values.breaking === '1'} disabled={props.disabled} />
        <label for="story-breaking">Breaking news</label>
      </p>
      <p class="field">
        <label for="story-canonical">Search engines</label>
        <span class="field__hint" id="story-canonical-hint">
          Which address search engines treat as the story’s own.
        </span>
        <Select id="story-canonical" name="canonical" options={CANONICAL_CHOICES} value={values.canonical} describedBy="story-canonical-hint" disabled={props.disabled} />
      </p>
      {props.slugHint ? <TextField id="slug" label="Address" hint={props.slugHint} values={values} disabled={props.disabled} /> : null}
    </>
  );
}

export function NewStoryPage(props: { ctx: ViewContext; role: Role; csrf: string; values: StoryFormValues; topics: Topic[]; error: string | null; rich?: RichEditor | null; staffNames?: string[] }) {
  return (
    <DeskLayout ctx={props.ctx} title="Write a story" current="/desk/stories" role={props.role}>
      <Flash message={props.error} error />
      <form method="post" action="/desk/stories" class="story-form">
        <Csrf token={props.csrf} />
        <StoryFields values={props.values} topics={props.topics} disabled={false} rich={props.rich} staffNames={props.staffNames} />
        {props.rich ? <script src={props.rich.script} defer /> : null}
        <p>
          <button type="submit">Save draft</button>
        </p>
      </form>
    </DeskLayout>
  );
}

function ActionButton(props: { storyId: string; csrf: string; action: string; label: string; children?: preact.ComponentChildren }) {
  return (
    <form method="post" action={`/desk/stories/${props.storyId}/${props.action}`} class="desk-action">
      <Csrf token={props.csrf} />
      {props.children}
      <button type="submit">{props.label}</button>
    </form>
  );
}

/** The buttons this person may press for a story in this status (the server checks again). */
function StoryActions(props: { story: DeskStory; role: Role; mine: boolean; csrf: string }) {
  const { story, role, csrf } = props;
  const editor = isEditor(role);
  const id = story.id;
  const wire = story.sourceName !== null;
  return (
    <section class="desk-actions" aria-labelledby="actions-heading">
      <h2 id="actions-heading">Actions</h2>
      {story.status === 'draft' && props.mine && !editor ? <ActionButton storyId={id} csrf={csrf} action="submit" label="Submit for review" /> : null}
      {editor && ['draft', 'review', 'scheduled'].includes(story.status) ? <ActionButton storyId={id} csrf={csrf} action="publish" label="Publish now" /> : null}
      {editor && (['held', 'withheld'].includes(story.status) || (story.status === 'embargoed' && (story.embargoUntil ?? '') <= new Date().toISOString())) ? (
        <ActionButton storyId={id} csrf={csrf} action="release" label="Publish now" />
      ) : null}
      {editor && ['draft', 'review', 'held'].includes(story.status) ? (
        <ActionButton storyId={id} csrf={csrf} action="schedule" label="Schedule">
          <p class="field">
            <label for="schedule-at">Publish at ({props.story.publishAt ? 'now set' : 'time zone of the site'})</label>
            <input id="schedule-at" name="at" type="datetime-local" required />
          </p>
        </ActionButton>
      ) : null}
      {editor && ['published', 'scheduled'].includes(story.status) ? <ActionButton storyId={id} csrf={csrf} action="unpublish" label={story.status === 'scheduled' ? 'Cancel the schedule' : 'Unpublish'} /> : null}
      {editor && (wire ? ['held', 'withheld', 'embargoed'] : ['draft', 'review']).includes(story.status) ? <ActionButton storyId={id} csrf={csrf} action="spike" label="Spike" /> : null}
      {editor && story.status === 'published' && !wire ? (
        <ActionButton storyId={id} csrf={csrf} action="correct" label="Add the note">
          <p class="field">
            <label for="correction-kind">Kind</label>
            <select id="correction-kind" name="kind">
              <option value="correction">Correction</option>
              <option value="clarification">Clarification</option>
            </select>
          </p>
          <p class="field">
            <label for="correction-note">Note shown to readers</label>
            <input id="correction-note" name="note" type="text" required minLength={10} />
          </p>
        </ActionButton>
      ) : null}
      {editor && story.status === 'published' ? (
        <ActionButton storyId={id} csrf={csrf} action="withdraw" label="Withdraw">
          <p class="field">
            <label for="withdraw-reason">Reason shown to readers</label>
            <input id="withdraw-reason" name="reason" type="text" required minLength={5} />
          </p>
        </ActionButton>
      ) : null}
    </section>
  );
}

export function EditStoryPage(props: {
  ctx: ViewContext;
  role: Role;
  userId: string;
  csrf: string;
  story: DeskStory;
  values: StoryFormValues;
  topics: Topic[];
  versions: StoryVersionRow[];
  log: DeskLogEntry[];
  flash: string | null;
  error: string | null;
  /** The waiting wire version against the station's text, word by word. */
  wireUpdate?: { headline: DiffPart[]; standfirst: DiffPart[]; body: DiffPart[] } | null;
  rich?: RichEditor | null;
  staffNames?: string[];
}) {
  const { story } = props;
  const tz = props.ctx.timeZone;
  const mine = story.createdBy === props.userId;
  const editable = isTextEditable(story.status) && canWriteStory({ id: props.userId, role: props.role }, story);
  return (
    <DeskLayout ctx={props.ctx} title={story.headline} current="/desk/stories" role={props.role}>
      <Flash message={props.flash} />
      <Flash message={props.error} error />
      <p class="desk-story-meta">
        <strong>{STATUS_LABELS[story.status]}</strong>
        {story.sourceName ? ` · from ${story.sourceName}` : ' · station copy'} · version {story.version}
        {story.status === 'scheduled' && story.publishAt ? (
          <>
            {' '}
            · goes live <time datetime={story.publishAt}>{formatDateTime(story.publishAt, tz)}</time>
          </>
        ) : null}
        {story.status === 'published' ? (
          <>
            {' '}
            · <a href={storyPath(story.slug)}>Read it on the site</a>
          </>
        ) : (
          <>
            {' '}
            · <a href={`/desk/stories/${story.id}/preview`}>Preview the reader’s page</a>
          </>
        )}
      </p>
      {MODERATOR_ROLES.includes(props.role) ? (
        <p class="desk-story-links">
          {story.breaking ? <strong>Breaking news · </strong> : null}
          <a href={`/desk/stories/${story.slug}/comments`}>Conversation settings</a> (open, pre-moderated or closed; slow mode)
        </p>
      ) : null}
      <StoryActions story={story} role={props.role} mine={mine} csrf={props.csrf} />
      {props.wireUpdate && story.wireUpdate ? <WireUpdatePanel story={story} update={story.wireUpdate} diff={props.wireUpdate} csrf={props.csrf} canSettle={isEditor(props.role)} tz={tz} /> : null}
      {story.localEdits && !story.wireUpdate ? <p class="desk-note">The desk has edited this wire story: a new version from {story.sourceName} will wait here as a diff instead of replacing the station’s text.</p> : null}
      {/* Wire copy keeps the wire's pictures (the module refuses a change). */}
      {editable && story.sourceName === null ? <PhotoSection story={story} csrf={props.csrf} /> : null}
      <form method="post" action={`/desk/stories/${story.id}/save`} class="story-form">
        <Csrf token={props.csrf} />
        <input type="hidden" name="version" value={String(story.version)} />
        <StoryFields
          values={props.values}
          topics={props.topics}
          disabled={!editable}
          rich={props.rich}
          staffNames={props.staffNames}
          slugHint={story.status === 'published' ? `/stories/… on the site. Changing it keeps the old address working: it sends readers to the new one.` : '/stories/… on the site, made from the headline; change it freely until the story is published.'}
        />
        {editable && props.rich ? <script src={props.rich.script} defer /> : null}
        {editable && story.status === 'published' && story.alerts && isEditor(props.role) ? (
          <p class="field check">
            <input id="story-major-update" name="majorUpdate" type="checkbox" value="1" aria-describedby="story-major-update-hint" />
            <label for="story-major-update">Major update: alert its followers again</label>
            <span class="field__hint" id="story-major-update-hint">
              Followers who chose breaking news alerts got one when the story was first published; tick this only when the news itself changed.
            </span>
          </p>
        ) : null}
        {editable ? (
          <p>
            <button type="submit">{story.status === 'published' ? 'Save and update the live story' : 'Save'}</button>
          </p>
        ) : (
          <p>{isTextEditable(story.status) ? 'You can read this story; an editor can change it.' : `This story is ${STATUS_LABELS[story.status].toLowerCase()}: its text is kept as it was.`}</p>
        )}
      </form>
      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">Versions</h2>
        <ol reversed class="desk-versions">
          {props.versions.map((v) => (
            <li key={v.version}>
              Version {v.version}: {v.headline} · <time datetime={v.recordedAt}>{formatDateTime(v.recordedAt, tz)}</time>
              {v.savedBy ? ` · ${v.savedBy}` : ''}
              {v.version < story.version ? (
                <>
                  {' '}
                  · <a href={`/desk/stories/${story.id}/compare?from=${v.version}&to=${story.version}`}>Compare with the current text</a>
                </>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="story-log-heading">
        <h2 id="story-log-heading">What happened</h2>
        <DeskLogTable entries={props.log} tz={tz} withStory={false} />
      </section>
    </DeskLayout>
  );
}

/**
 * A wire version that arrived after the desk edited the story: what it changes against the
 * station's text, and the three ways out.
 */
function WireUpdatePanel(props: { story: DeskStory; update: WireUpdate; diff: { headline: DiffPart[]; standfirst: DiffPart[]; body: DiffPart[] }; csrf: string; canSettle: boolean; tz: string }) {
  const { story, update, diff } = props;
  const choice = (value: WireChoice, label: string, secondary = false) => (
    <form method="post" action={`/desk/stories/${story.id}/wire-update`} class="desk-action">
      <Csrf token={props.csrf} />
      <input type="hidden" name="version" value={String(story.version)} />
      <input type="hidden" name="choice" value={value} />
      <button type="submit" class={secondary ? 'button-secondary' : undefined}>
        {label}
      </button>
    </form>
  );
  return (
    <section class="wire-update" aria-labelledby="wire-update-heading">
      <h2 id="wire-update-heading">A new wire version is waiting</h2>
      <p>
        {story.sourceName} sent version {update.wireVersion} at <time datetime={update.receivedAt}>{formatDateTime(update.receivedAt, props.tz)}</time>. The desk had edited this story, so the
        station’s text is still what readers see. Below, the station’s text is changed into the wire’s: <del>struck through</del> is only in the station’s, <ins>underlined</ins> only in the wire’s.
      </p>
      {update.correctionNote ? <p>The wire marks this version as a correction: “{update.correctionNote}”</p> : null}
      <h3>Headline</h3>
      <DiffText parts={diff.headline} />
      {diff.standfirst.length ? (
        <>
          <h3>Standfirst</h3>
          <DiffText parts={diff.standfirst} />
        </>
      ) : null}
      <h3>Text</h3>
      <DiffText parts={diff.body} />
      {props.canSettle ? (
        <div class="desk-actions">
          {choice('merge', 'Merge: keep our edits, take the wire’s other changes')}
          {choice('accept', 'Take the wire’s version')}
          {choice('keep', 'Keep our text', true)}
        </div>
      ) : (
        <p>An editor decides what to do with it.</p>
      )}
    </section>
  );
}

/** The story's photo: shown with its caption and credit, replaced by an upload, or removed. */
function PhotoSection(props: { story: DeskStory; csrf: string }) {
  const { hero } = props.story;
  return (
    <section class="desk-photo" aria-labelledby="photo-heading">
      <h2 id="photo-heading">Photo</h2>
      {hero ? (
        <figure class="desk-photo__current">
          <Picture media={hero} sizes="20rem" fallbackWidth={640} />
          <figcaption>
            {hero.caption ?? 'No caption'} {hero.credit ? <span class="credit">({hero.credit})</span> : null}
            <br />
            Alt text: {hero.altText ? hero.altText : <strong>missing: add it before publishing</strong>}
          </figcaption>
        </figure>
      ) : (
        <p>No photo yet.</p>
      )}
      {hero ? <PostButton action={`/desk/stories/${props.story.id}/photo-remove`} csrf={props.csrf} label="Remove the photo" buttonClass="button-secondary" /> : null}
      <p>
        <a href={`/desk/media?for=${props.story.id}`}>Choose a photo from the media library</a>
      </p>
      <form method="post" action={`/desk/stories/${props.story.id}/photo`} enctype="multipart/form-data" class="desk-form">
        <Csrf token={props.csrf} />
        <p class="field">
          <label for="photo-file">{hero ? 'Replace with' : 'Upload a photo'}</label>
          <span class="field__hint" id="photo-file-hint">
            JPEG, PNG, WebP or GIF, up to 25 MB. Location and camera details are removed from what readers get.
          </span>
          <input id="photo-file" name="photo" type="file" accept="image/jpeg,image/png,image/webp,image/gif" required aria-describedby="photo-file-hint" />
        </p>
        <p class="field">
          <label for="photo-caption">Caption</label>
          <input id="photo-caption" name="caption" type="text" value={hero?.caption ?? ''} />
        </p>
        <p class="field">
          <label for="photo-credit">Credit</label>
          <input id="photo-credit" name="credit" type="text" value={hero?.credit ?? ''} />
        </p>
        <p class="field">
          <label for="photo-alt">Alt text</label>
          <span class="field__hint" id="photo-alt-hint">
            What the photo shows, for readers who cannot see it.
          </span>
          <input id="photo-alt" name="alt" type="text" value={hero?.altText ?? ''} required aria-describedby="photo-alt-hint" />
        </p>
        <p>
          <button type="submit">Upload photo</button>
        </p>
      </form>
    </section>
  );
}

/** Two saves from the same version: the text saved first and the one just sent, side by side. */
export function EditConflictPage(props: {
  ctx: ViewContext;
  role: Role;
  csrf: string;
  story: DeskStory;
  message: string;
  current: { version: number; headline: string; bodyHtml: string; savedBy: string | null };
  yours: StoryFormValues;
  topics: Topic[];
}) {
  return (
    <DeskLayout ctx={props.ctx} title={`Two saves of: ${props.story.headline}`} current="/desk/stories" role={props.role}>
      <Flash message={props.message} error />
      <div class="conflict">
        <section aria-labelledby="theirs-heading" class="conflict__side">
          <h2 id="theirs-heading">Saved by {props.current.savedBy ?? 'someone else'} (version {props.current.version})</h2>
          <p>
            <strong>{props.current.headline}</strong>
          </p>
          <textarea aria-labelledby="theirs-heading" rows={14} readOnly>
            {props.current.bodyHtml}
          </textarea>
        </section>
        <section aria-labelledby="yours-heading" class="conflict__side">
          <h2 id="yours-heading">Your text (not saved yet)</h2>
          <form method="post" action={`/desk/stories/${props.story.id}/save`} class="story-form">
            <Csrf token={props.csrf} />
            <input type="hidden" name="version" value={String(props.current.version)} />
            <StoryFields values={props.yours} topics={props.topics} disabled={false} />
            <p>
              <button type="submit">Save my text as version {props.current.version + 1}</button>
            </p>
          </form>
        </section>
      </div>
    </DeskLayout>
  );
}

export function WireQueuePage(props: { ctx: ViewContext; role: Role; items: DeskStoryRow[]; next: string | null; updates: DeskStoryRow[]; q: string }) {
  return (
    <DeskLayout ctx={props.ctx} title="Wire queue" current="/desk/wire" role={props.role}>
      {props.updates.length > 0 ? (
        <section aria-labelledby="wire-updates-heading">
          <h2 id="wire-updates-heading">New wire versions of stories the desk edited</h2>
          <p>The station’s text is still what readers see. Open one to see the wire’s changes and merge, take or set them aside.</p>
          <StoryTable items={props.updates} tz={props.ctx.timeZone} caption="Edited stories with a wire version waiting" wire />
        </section>
      ) : null}
      <h2>Waiting for release</h2>
      <p>Wire copy waiting for the desk: held by its source's policy, under embargo, or withheld by the wire. Open a story to edit, publish, schedule or spike it.</p>
      <form method="get" action="/desk/wire" class="desk-filters" role="search" aria-label="Wire queue">
        <p class="field">
          <label for="wire-q">Words in the story</label>
          <input id="wire-q" name="q" type="search" value={props.q} maxLength={200} />
        </p>
        <p>
          <button type="submit">Search the queue</button>
        </p>
      </form>
      <StoryTable items={props.items} tz={props.ctx.timeZone} caption={props.q ? `Waiting wire stories with “${props.q}”, best match first` : 'Wire stories waiting, newest first'} wire />
      {props.next ? (
        <p>
          <a href={`/desk/wire?${new URLSearchParams({ ...(props.q ? { q: props.q } : {}), cursor: props.next }).toString()}`}>{props.q ? 'More' : 'Older'}</a>
        </p>
      ) : null}
    </DeskLayout>
  );
}

function DeskLogTable(props: { entries: DeskLogEntry[]; tz: string; withStory: boolean }) {
  if (props.entries.length === 0) return <p>Nothing recorded yet.</p>;
  return (
    <table class="log-table">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          {props.withStory ? <th scope="col">Story</th> : null}
          <th scope="col">Version</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((e, i) => (
          <tr key={i}>
            <td>
              <time datetime={e.at}>{formatDateTime(e.at, props.tz)}</time>
            </td>
            <td>{e.actorName}</td>
            <td>{e.action}</td>
            {props.withStory ? (
              <td>
                {e.subject.kind === 'story' ? (
                  <a href={`/desk/stories/${e.subject.id}`}>{e.subject.headline ?? 'a deleted story'}</a>
                ) : (
                  <>
                    Media library: <a href={`/desk/media/${e.subject.id}`}>{e.subject.caption ?? 'item without a caption'}</a>
                  </>
                )}
              </td>
            ) : null}
            <td>{e.subject.kind === 'story' ? e.subject.version : '—'}</td>
            <td>{e.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DeskLogPage(props: { ctx: ViewContext; role: Role; entries: DeskLogEntry[]; actors: { id: string; name: string }[]; person: string; story: { id: string; headline: string } | null }) {
  return (
    <DeskLayout ctx={props.ctx} title="Desk log" current="/desk/log" role={props.role}>
      <p>Every editorial action, newest first. Entries are added, never changed or removed.</p>
      <form method="get" action="/desk/log" class="desk-filters">
        {props.story ? <input type="hidden" name="story" value={props.story.id} /> : null}
        <p class="field">
          <label for="log-person">Who</label>
          <Select id="log-person" name="person" options={[['', 'Everyone'], ...props.actors.map((a) => [a.id, a.name] as const)]} value={props.person} />
        </p>
        <p>
          <button type="submit">Show</button>
        </p>
      </form>
      {props.story ? (
        <p>
          Only <a href={`/desk/stories/${props.story.id}`}>{props.story.headline}</a>. <a href="/desk/log">The whole desk</a>
        </p>
      ) : null}
      <DeskLogTable entries={props.entries} tz={props.ctx.timeZone} withStory />
    </DeskLayout>
  );
}

function DiffText(props: { parts: DiffPart[] }) {
  return (
    <p class="diff">
      {props.parts.map((p, i) =>
        p.op === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.op === 'added' ? (
          <ins key={i}>{p.text}</ins>
        ) : (
          <del key={i}>{p.text}</del>
        ),
      )}
    </p>
  );
}

/** Two versions, word by word: what the later one removed and added. */
export function CompareVersionsPage(props: {
  ctx: ViewContext;
  role: Role;
  csrf: string;
  story: DeskStory;
  from: StoryVersionText;
  to: StoryVersionText;
  headline: DiffPart[];
  body: DiffPart[];
  canRestore: boolean;
}) {
  const tz = props.ctx.timeZone;
  return (
    <DeskLayout ctx={props.ctx} title={`Changes to: ${props.story.headline}`} current="/desk/stories" role={props.role}>
      <p>
        From version {props.from.version} (<time datetime={props.from.recordedAt}>{formatDateTime(props.from.recordedAt, tz)}</time>) to version {props.to.version} (
        <time datetime={props.to.recordedAt}>{formatDateTime(props.to.recordedAt, tz)}</time>). <del>Struck through</del>: removed; <ins>underlined</ins>: added.
      </p>
      <h2>Headline</h2>
      <DiffText parts={props.headline} />
      <h2>Text</h2>
      <DiffText parts={props.body} />
      {props.canRestore ? (
        <form method="post" action={`/desk/stories/${props.story.id}/restore`} class="desk-action">
          <Csrf token={props.csrf} />
          <input type="hidden" name="version" value={String(props.from.version)} />
          <button type="submit">Restore version {props.from.version} as the newest</button>
        </form>
      ) : null}
      <p>
        <a href={`/desk/stories/${props.story.id}`}>Back to the editor</a>
      </p>
    </DeskLayout>
  );
}
