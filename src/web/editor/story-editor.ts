// The story editor's rich-text body, for staff with JavaScript: a Tiptap (ProseMirror) editor in
// place of the plain textarea, which stays in the form and carries the HTML, so the form posts the
// same field either way. Only what the site's allow-list shows can be made here: paragraphs,
// h2/h3, lists, quotes, links, bold and italic, pictures and videos from the media library, and
// YouTube or Vimeo videos. Drafts save themselves a few seconds after a change. Bundled by
// esbuild when a desk page first needs it (web/editor-bundle.ts); runs in the browser.
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { insertBlock, LibraryMedia, VideoEmbed, type MediaPreview } from './media-nodes.ts';
import { openEmbedPicker, openMediaPicker } from './media-picker.ts';

const AUTOSAVE_DELAY_MS = 4000;

interface Tool {
  label: string;
  run: (editor: Editor) => void;
  active?: (editor: Editor) => boolean;
}

const TOOLS: Tool[] = [
  { label: 'Paragraph', run: (e) => e.chain().focus().setParagraph().run(), active: (e) => e.isActive('paragraph') },
  { label: 'Heading', run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(), active: (e) => e.isActive('heading', { level: 2 }) },
  { label: 'Subheading', run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(), active: (e) => e.isActive('heading', { level: 3 }) },
  { label: 'Bold', run: (e) => e.chain().focus().toggleBold().run(), active: (e) => e.isActive('bold') },
  { label: 'Italic', run: (e) => e.chain().focus().toggleItalic().run(), active: (e) => e.isActive('italic') },
  { label: 'Bulleted list', run: (e) => e.chain().focus().toggleBulletList().run(), active: (e) => e.isActive('bulletList') },
  { label: 'Numbered list', run: (e) => e.chain().focus().toggleOrderedList().run(), active: (e) => e.isActive('orderedList') },
  { label: 'Quote', run: (e) => e.chain().focus().toggleBlockquote().run(), active: (e) => e.isActive('blockquote') },
  {
    label: 'Link',
    run: (e) => {
      const current = (e.getAttributes('link') as { href?: string }).href ?? 'https://';
      const href = window.prompt('Link to (leave empty to remove the link)', current);
      if (href === null) return;
      if (href.trim() === '' || href.trim() === 'https://') e.chain().focus().extendMarkRange('link').unsetLink().run();
      else if (/^(https?:|mailto:)/i.test(href.trim())) e.chain().focus().extendMarkRange('link').setLink({ href: href.trim() }).run();
      else window.alert('Links start with https://, http:// or mailto:.');
    },
    active: (e) => e.isActive('link'),
  },
  {
    label: 'Picture or video',
    run: (e) => {
      const csrf = document.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
      const previews = (e.extensionManager.extensions.find((x) => x.name === 'libraryMedia')?.options as { previews: Map<string, MediaPreview> }).previews;
      openMediaPicker(csrf, (media) => {
        previews.set(media.id, media);
        insertBlock(e, { type: 'libraryMedia', attrs: { mediaId: media.id } });
      });
    },
  },
  { label: 'Video link', run: (e) => openEmbedPicker(e) },
  { label: 'Undo', run: (e) => e.chain().focus().undo().run() },
  { label: 'Redo', run: (e) => e.chain().focus().redo().run() },
];

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The textarea holds HTML, or plain paragraphs separated by blank lines (as the server gives them). */
function initialHtml(value: string): string {
  const trimmed = value.trim();
  if (trimmed.startsWith('<')) return trimmed;
  return trimmed
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeText(p)}</p>`)
    .join('');
}

function mount(textarea: HTMLTextAreaElement): void {
  const form = textarea.form;
  const label = document.querySelector<HTMLLabelElement>(`label[for="${textarea.id}"]`);
  const wrapper = document.createElement('div');
  wrapper.className = 'rich-editor';
  const toolbar = document.createElement('div');
  toolbar.className = 'rich-editor__toolbar';
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', 'Formatting');
  const surface = document.createElement('div');
  surface.className = 'rich-editor__surface';
  const status = document.createElement('p');
  status.className = 'rich-editor__status';
  status.setAttribute('role', 'status');
  wrapper.append(toolbar, surface, status);
  textarea.after(wrapper);
  textarea.hidden = true;
  if (label) label.id ||= `${textarea.id}-label`;
  const hint = document.getElementById(`${textarea.id}-hint`);
  if (hint) hint.textContent = 'Use the toolbar, or keyboard shortcuts (Ctrl+B bold, Ctrl+I italic). What you see is what readers get.';

  const editor = new Editor({
    element: surface,
    extensions: [
      StarterKit.configure({
        // Only what the site's allow-list keeps (web/…/wire-html.ts): no code, strikes or underlines.
        code: false,
        codeBlock: false,
        strike: false,
        underline: false,
        heading: { levels: [2, 3] },
        link: { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'], HTMLAttributes: { rel: 'noopener', target: null } },
      }),
      // The server says what the body's library items look like; the picker adds those it places.
      LibraryMedia.configure({ previews: new Map(Object.entries(JSON.parse(textarea.dataset.mediaPreviews ?? '{}') as Record<string, MediaPreview>)) }),
      VideoEmbed,
    ],
    // The page's CSP allows no inline styles: the editor's look is in site.css.
    injectCSS: false,
    content: initialHtml(textarea.value),
    editorProps: {
      attributes: {
        class: 'rich-editor__content',
        role: 'textbox',
        'aria-multiline': 'true',
        ...(label ? { 'aria-labelledby': label.id } : {}),
        ...(hint ? { 'aria-describedby': hint.id } : {}),
      },
    },
  });

  const buttons = TOOLS.map((tool) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = tool.label;
    button.className = 'button-secondary';
    if (tool.active) button.setAttribute('aria-pressed', 'false');
    // A click leaves the focus (and the selection) in the text, as in any word processor.
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', () => tool.run(editor));
    toolbar.append(button);
    return { tool, button };
  });
  const refresh = () => {
    for (const { tool, button } of buttons) if (tool.active) button.setAttribute('aria-pressed', String(tool.active(editor)));
  };
  editor.on('selectionUpdate', refresh);
  editor.on('transaction', refresh);

  const sync = () => {
    textarea.value = editor.isEmpty ? '' : editor.getHTML();
  };
  editor.on('update', sync);
  form?.addEventListener('submit', sync);

  if (!form || !textarea.dataset.autosave) return;
  let autosaveUrl = textarea.dataset.autosave;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let saving = false;
  let stopped = false;
  let version = form.querySelector<HTMLInputElement>('input[name="version"]');
  const headline = form.querySelector<HTMLInputElement>('input[name="headline"]');
  const save = async () => {
    if (saving || stopped) return;
    // A new story becomes a draft once it has a headline.
    if (!version && !headline?.value.trim()) {
      status.textContent = 'Give the story a headline and the draft saves itself.';
      return;
    }
    saving = true;
    sync();
    status.textContent = 'Saving…';
    try {
      const fields = new URLSearchParams();
      for (const [name, value] of new FormData(form)) if (typeof value === 'string') fields.append(name, value);
      const response = await fetch(autosaveUrl, { method: 'POST', body: fields, headers: { accept: 'application/json' }, credentials: 'same-origin' });
      const answer = (await response.json().catch(() => ({}))) as { version?: number; savedAt?: string; saveUrl?: string; autosaveUrl?: string; editUrl?: string; error?: { code?: string; message?: string } };
      if (response.ok && answer.saveUrl && answer.autosaveUrl && !version) {
        // The draft exists now: the form saves to it, and the address bar names it.
        form.action = answer.saveUrl;
        autosaveUrl = answer.autosaveUrl;
        version = document.createElement('input');
        version.type = 'hidden';
        version.name = 'version';
        form.append(version);
        if (answer.editUrl) history.replaceState(null, '', answer.editUrl);
      }
      if (response.ok && answer.version && version) {
        version.value = String(answer.version);
        status.textContent = `Draft saved at ${new Date(answer.savedAt ?? Date.now()).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })} (version ${answer.version}).`;
      } else {
        // A conflict or a refusal: stop saving by itself; the Save button shows both texts.
        stopped = answer.error?.code === 'STORY_EDIT_CONFLICT';
        status.textContent = answer.error?.message ?? 'The draft could not be saved automatically; use Save.';
      }
    } catch {
      status.textContent = 'Not saved: the connection dropped. Your text is still here; it saves when the connection is back, or use Save.';
    } finally {
      saving = false;
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
  };
  editor.on('update', later);
  // The other fields (headline, byline, …) save with it.
  form.addEventListener('input', later);
  form.addEventListener('submit', () => {
    clearTimeout(timer);
    stopped = true;
  });
}

for (const textarea of document.querySelectorAll<HTMLTextAreaElement>('textarea[data-rich-editor]')) mount(textarea);
