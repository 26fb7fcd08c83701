// The editor's "Picture or video" and "Video link" dialogs: find an item in the media library (or
// upload one on the spot, with its caption, credit and alt text) and place it in the body, or place
// a YouTube or Vimeo video by its address. Runs in the browser; talks to the library's JSON answers.
import type { Editor } from '@tiptap/core';
import { videoEmbedFromUrl } from '../../modules/text/embeds.ts';
import { insertBlock, type MediaPreview } from './media-nodes.ts';

export interface PickedMedia extends MediaPreview {
  id: string;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children);
  return el;
}

let fieldCount = 0;
function field(label: string, input: HTMLInputElement): HTMLElement {
  input.id = `picker-field-${++fieldCount}`;
  return element('p', { className: 'field' }, element('label', { htmlFor: input.id }, label), input);
}

function dialogShell(title: string): { dialog: HTMLDialogElement; body: HTMLElement; status: HTMLElement } {
  const heading = element('h2', { id: `picker-heading-${++fieldCount}` }, title);
  const status = element('p', { className: 'rich-editor__status' });
  status.setAttribute('role', 'status');
  const close = element('button', { type: 'button', className: 'button-secondary' }, 'Close');
  const body = element('div');
  const dialog = element('dialog', { className: 'media-picker' }, heading, body, status, element('p', {}, close));
  dialog.setAttribute('aria-labelledby', heading.id);
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  return { dialog, body, status };
}

/** Opens the library dialog; `insert` places the chosen item where the cursor was. */
export function openMediaPicker(csrf: string, insert: (media: PickedMedia) => void): void {
  const { dialog, body, status } = dialogShell('Place a picture or video');
  const query = element('input', { type: 'search', name: 'q' });
  const search = element('button', { type: 'button' }, 'Search the library');
  const results = element('ul', { className: 'media-picker__results' });
  const file = element('input', { type: 'file', accept: 'image/jpeg,image/png,image/webp,image/gif,video/mp4,video/webm' });
  const caption = element('input', { type: 'text', maxLength: 1000 });
  const credit = element('input', { type: 'text', maxLength: 300 });
  const alt = element('input', { type: 'text', maxLength: 1000 });
  const upload = element('button', { type: 'button' }, 'Upload and place it');
  body.append(
    element('h3', {}, 'From the library'),
    field('Caption or credit has', query),
    element('p', {}, search),
    results,
    element('h3', {}, 'Upload a new one'),
    field('Picture (up to 25 MB) or video (MP4 or WebM, up to 500 MB)', file),
    field('Caption', caption),
    field('Credit', credit),
    field('Alt text (what it shows)', alt),
    element('p', {}, upload),
  );
  const choose = (media: PickedMedia) => {
    insert(media);
    dialog.close();
  };
  const find = async () => {
    status.textContent = 'Searching…';
    try {
      const response = await fetch(`/desk/media/pick?q=${encodeURIComponent(query.value)}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      const answer = (await response.json()) as { items?: PickedMedia[] };
      results.replaceChildren(
        ...(answer.items ?? []).map((item) => {
          const button = element('button', { type: 'button', className: 'media-picker__item' });
          if (item.thumb) button.append(element('img', { src: item.thumb, alt: '' }));
          button.append(element('span', {}, `${item.kind === 'video' ? 'Video' : 'Picture'}: ${item.caption ?? 'no caption'}`));
          button.addEventListener('click', () => choose(item));
          return element('li', {}, button);
        }),
      );
      status.textContent = answer.items?.length ? `${answer.items.length} found. Choose one to place it.` : 'Nothing in the library matches.';
    } catch {
      status.textContent = 'The library could not be searched; try again.';
    }
  };
  search.addEventListener('click', () => void find());
  query.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void find();
    }
  });
  upload.addEventListener('click', async () => {
    const chosen = file.files?.[0];
    if (!chosen) {
      status.textContent = 'Choose a file to upload.';
      return;
    }
    const form = new FormData();
    form.append('caption', caption.value);
    form.append('credit', credit.value);
    form.append('alt', alt.value);
    form.append('file', chosen);
    status.textContent = 'Uploading…';
    upload.disabled = true;
    try {
      const response = await fetch(`/desk/media?_csrf=${encodeURIComponent(csrf)}`, { method: 'POST', body: form, headers: { accept: 'application/json' }, credentials: 'same-origin' });
      const answer = (await response.json()) as { media?: PickedMedia; error?: { message?: string } };
      if (response.ok && answer.media) choose(answer.media);
      else status.textContent = answer.error?.message ?? 'The upload was refused.';
    } catch {
      status.textContent = 'The upload did not finish: the connection dropped. Try again.';
    } finally {
      upload.disabled = false;
    }
  });
  dialog.showModal();
  void find();
}

/** Opens the video link dialog: a YouTube or Vimeo address becomes a click-to-load video. */
export function openEmbedPicker(editor: Editor): void {
  const { dialog, body, status } = dialogShell('Place a YouTube or Vimeo video');
  const url = element('input', { type: 'url', placeholder: 'https://www.youtube.com/watch?v=…' });
  const title = element('input', { type: 'text', maxLength: 200 });
  const place = element('button', { type: 'button' }, 'Place the video');
  body.append(field('The video’s address', url), field('What it shows (readers see it before they press play)', title), element('p', {}, place));
  place.addEventListener('click', () => {
    const video = videoEmbedFromUrl(url.value);
    if (!video) {
      status.textContent = 'That is not the address of a YouTube or Vimeo video.';
      return;
    }
    insertBlock(editor, { type: 'videoEmbed', attrs: { embed: video.provider, id: video.id, hash: video.hash ?? null, title: title.value.trim() || null } });
    dialog.close();
  });
  dialog.showModal();
  url.focus();
}
