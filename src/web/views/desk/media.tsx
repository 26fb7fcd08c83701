// The media library: every picture and video the site holds, searchable by caption and credit,
// each reusable on any story; one item's words (caption, credit, alt text, rights), a video's
// poster picture, and where it is used. Upload forms carry their CSRF token in their action
// (the upload is streamed to disk after the check).
import type { Role } from '../../../modules/accounts/index.ts';
import type { LibraryItem, MediaView } from '../../../modules/media/index.ts';
import type { ViewContext } from '../context.ts';
import { formatDateTime } from '../format-time.ts';
import { Csrf } from '../partials/form.tsx';
import { Picture } from '../partials/picture.tsx';
import { MediaShown } from '../partials/media-shown.tsx';
import { FieldList, FormErrorBanner, type FieldSpec } from './fields.tsx';
import { DeskLayout, Flash } from './shell.tsx';
import { STATUS_LABELS } from './stories.tsx';
import type { StoryStatus } from '../../../modules/stories/index.ts';

type MediaWords = { caption: string; credit: string; alt: string; rights: string };

const WORD_FIELDS: FieldSpec<keyof MediaWords>[] = [
  { key: 'caption', label: 'Caption', hint: 'What readers read under the picture.' },
  { key: 'credit', label: 'Credit', hint: 'Photographer and agency, e.g. Dana Whitfield/Kestrel Valley 7.' },
  { key: 'alt', label: 'Alt text', hint: 'What the picture or video shows, for readers who cannot see it. A story is not published with one that has none.' },
  { key: 'rights', label: 'Rights', hint: 'Who may use it and how, if not the station’s own.' },
];

export function MediaLibraryPage(props: {
  ctx: ViewContext;
  role: Role;
  csrf: string;
  items: LibraryItem[];
  next: string | null;
  q: string;
  forStory: { id: string; headline: string } | null;
  flash: string | null;
  error: string | null;
}) {
  const query = (extra: Record<string, string>) => new URLSearchParams({ ...(props.q ? { q: props.q } : {}), ...(props.forStory ? { for: props.forStory.id } : {}), ...extra }).toString();
  return (
    <DeskLayout ctx={props.ctx} title="Media library" current="/desk/media" role={props.role}>
      <Flash message={props.flash} />
      <Flash message={props.error} error />
      {props.forStory ? (
        <p class="desk-note">
          Choosing a photo for <a href={`/desk/stories/${props.forStory.id}`}>{props.forStory.headline}</a>.
        </p>
      ) : null}
      <form method="get" action="/desk/media" class="desk-filters" role="search">
        {props.forStory ? <input type="hidden" name="for" value={props.forStory.id} /> : null}
        <p class="field">
          <label for="media-q">Caption or credit has</label>
          <input id="media-q" name="q" type="search" value={props.q} />
        </p>
        <p>
          <button type="submit">Search</button>
        </p>
      </form>
      {props.items.length === 0 ? (
        <p>{props.q ? 'No caption or credit in the library has those words.' : 'Nothing in the library yet: upload a picture or a video below, or a photo on a story.'}</p>
      ) : (
        <ul class="media-grid">
          {props.items.map((m) => (
            <li key={m.id} class="media-card">
              {m.renditions.length > 0 ? <Picture media={m} sizes="14rem" fallbackWidth={320} /> : <p class="media-card__video">Video without a poster picture</p>}
              {m.kind === 'video' ? <p class="media-card__kind">Video</p> : null}
              <p class="media-card__caption">{m.caption ?? <em>No caption</em>}</p>
              <p class="media-card__meta">
                {m.credit ?? 'No credit'} · {m.altText ? 'alt text written' : <strong>no alt text</strong>} · on {m.uses} stor{m.uses === 1 ? 'y' : 'ies'} · added <time datetime={m.createdAt}>{formatDateTime(m.createdAt, props.ctx.timeZone)}</time>
              </p>
              <p class="media-card__actions">
                <a href={`/desk/media/${m.id}`}>
                  Details<span class="visually-hidden"> of {m.caption ?? (m.kind === 'video' ? 'the video' : 'the picture')}</span>
                </a>
              </p>
              {props.forStory ? (
                <form method="post" action={`/desk/stories/${props.forStory.id}/photo-from-library`}>
                  <Csrf token={props.csrf} />
                  <input type="hidden" name="media" value={m.id} />
                  <button type="submit">
                    Use this {m.kind === 'video' ? 'video' : 'photo'}<span class="visually-hidden">: {m.caption ?? 'no caption'}</span>
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {props.next ? (
        <p>
          <a href={`/desk/media?${query({ cursor: props.next })}`}>Older</a>
        </p>
      ) : null}
      <section class="desk-photo" aria-labelledby="library-upload-heading">
        <h2 id="library-upload-heading">Add a picture or a video</h2>
        <form method="post" action={`/desk/media?_csrf=${encodeURIComponent(props.csrf)}`} enctype="multipart/form-data" class="desk-form">
          <p class="field">
            <label for="library-file">Picture or video</label>
            <span class="field__hint" id="library-file-hint">
              A picture in JPEG, PNG, WebP or GIF, up to 25 MB, or a video in MP4 or WebM, up to 500 MB. Location and camera details are removed from what readers get.
            </span>
            <input id="library-file" name="file" type="file" accept="image/jpeg,image/png,image/webp,image/gif,video/mp4,video/webm" required aria-describedby="library-file-hint" />
          </p>
          <p class="field">
            <label for="library-poster">Poster picture (for a video)</label>
            <span class="field__hint" id="library-poster-hint">
              Shown before the video plays, and on story cards. You can add or change it later.
            </span>
            <input id="library-poster" name="poster" type="file" accept="image/jpeg,image/png,image/webp,image/gif" aria-describedby="library-poster-hint" />
          </p>
          <FieldList prefix="library" fields={WORD_FIELDS} values={{ caption: '', credit: '', alt: '', rights: '' }} invalid={null} />
          <p>
            <button type="submit">Add to the library</button>
          </p>
        </form>
      </section>
    </DeskLayout>
  );
}

export function MediaItemPage(props: {
  ctx: ViewContext;
  role: Role;
  csrf: string;
  media: MediaView & { createdAt: string; stories: { id: string; headline: string; status: string }[] };
  values: MediaWords;
  flash: string | null;
  error: string | null;
}) {
  const { media } = props;
  const noun = media.kind === 'video' ? 'Video' : 'Picture';
  return (
    <DeskLayout ctx={props.ctx} title={media.caption ? `${noun}: ${media.caption.slice(0, 80)}` : noun} current="/desk/media" role={props.role}>
      <Flash message={props.flash} />
      <FormErrorBanner message={props.error} />
      <figure class="media-item">
        <MediaShown media={media} sizes="(min-width: 50rem) 40rem, 100vw" fallbackWidth={960} />
        <figcaption>
          {media.kind === 'video' ? `${media.video?.mime === 'video/webm' ? 'WebM' : 'MP4'} video, ` : ''}
          {media.width} × {media.height} pixels, added <time datetime={media.createdAt}>{formatDateTime(media.createdAt, props.ctx.timeZone)}</time>
        </figcaption>
      </figure>
      <form method="post" action={`/desk/media/${media.id}`} class="story-form">
        <Csrf token={props.csrf} />
        <FieldList prefix="media" fields={WORD_FIELDS} values={props.values} invalid={null} />
        <p>
          <button type="submit">Save the {noun.toLowerCase()}’s words</button>
        </p>
      </form>
      {media.kind === 'video' ? (
        <section class="desk-photo" aria-labelledby="poster-heading">
          <h2 id="poster-heading">Poster picture</h2>
          <p>{media.renditions.length > 0 ? 'Readers see this picture until they press play, and story cards show it.' : 'This video has no poster picture yet: readers see its first frame, and story cards show no picture.'}</p>
          <form method="post" action={`/desk/media/${media.id}/poster?_csrf=${encodeURIComponent(props.csrf)}`} enctype="multipart/form-data" class="desk-form">
            <p class="field">
              <label for="poster-file">New poster picture</label>
              <input id="poster-file" name="poster" type="file" accept="image/jpeg,image/png,image/webp,image/gif" required />
            </p>
            <p>
              <button type="submit">Use this poster</button>
            </p>
          </form>
        </section>
      ) : null}
      <h2>Place it in a story’s body</h2>
      <p>
        In the rich editor, use <strong>Picture or video</strong> and choose it. In the plain text box, put this line where it should go:
      </p>
      <p>
        <code class="media-snippet">{`<figure data-media="${media.id}"></figure>`}</code>
      </p>
      <h2>Where it is used</h2>
      {media.stories.length === 0 ? (
        <p>On no story yet. Open a story and choose it from the library.</p>
      ) : (
        <ul>
          {media.stories.map((s) => (
            <li key={s.id}>
              <a href={`/desk/stories/${s.id}`}>{s.headline}</a> ({STATUS_LABELS[s.status as StoryStatus] ?? s.status})
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/desk/media">Back to the library</a>
      </p>
    </DeskLayout>
  );
}
