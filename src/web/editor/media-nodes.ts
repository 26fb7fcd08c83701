// The body's two kinds of placeholder as editor nodes: a picture or video from the media library
// (`<figure data-media>`) and a YouTube or Vimeo video (`<figure data-embed>`). Both are blocks the
// editor shows as a preview and saves as the empty figure the site's allow-list keeps; the reader
// page renders them (web/views/partials/story-body.tsx). Runs in the browser.
import { Node, type Editor } from '@tiptap/core';

/**
 * Places a block where the cursor is, with a paragraph after it for the writing to go on: an
 * atom left selected would be replaced by whatever is typed or placed next.
 */
export function insertBlock(editor: Editor, node: { type: string; attrs: Record<string, unknown> }): void {
  editor.chain().focus().insertContent([node, { type: 'paragraph' }]).run();
}

/** What the editor shows for a library item: its small picture and words. */
export interface MediaPreview {
  kind: 'image' | 'video';
  thumb: string | null;
  caption: string | null;
  altText: string | null;
}

function previewBox(className: string, label: string, thumb: string | null, alt: string): HTMLElement {
  const dom = document.createElement('figure');
  dom.className = `rich-editor__block ${className}`;
  dom.contentEditable = 'false';
  if (thumb) {
    const img = document.createElement('img');
    img.src = thumb;
    img.alt = alt;
    dom.append(img);
  }
  const caption = document.createElement('figcaption');
  caption.textContent = label;
  dom.append(caption);
  return dom;
}

export const LibraryMedia = Node.create<{ previews: Map<string, MediaPreview> }>({
  name: 'libraryMedia',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  addOptions() {
    return { previews: new Map() };
  },
  addAttributes() {
    return {
      mediaId: { default: null, parseHTML: (el) => el.getAttribute('data-media'), renderHTML: (attrs) => ({ 'data-media': attrs.mediaId as string }) },
    };
  },
  parseHTML() {
    return [{ tag: 'figure[data-media]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['figure', HTMLAttributes];
  },
  addNodeView() {
    return ({ node }) => {
      const preview = this.options.previews.get(node.attrs.mediaId as string);
      const what = preview?.kind === 'video' ? 'Video' : 'Picture';
      const words = preview ? (preview.caption ?? 'no caption') + (preview.altText ? '' : ' — no alt text yet: describe it in the library before publishing') : 'from the library';
      return { dom: previewBox('rich-editor__media', `${what}: ${words}`, preview?.thumb ?? null, preview?.altText ?? '') };
    };
  },
});

const dataAttribute = (name: string) => ({
  default: null,
  parseHTML: (el: HTMLElement) => el.getAttribute(`data-${name}`),
  renderHTML: (attrs: Record<string, unknown>) => (attrs[name] ? { [`data-${name}`]: attrs[name] as string } : {}),
});

export const VideoEmbed = Node.create({
  name: 'videoEmbed',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() {
    return { embed: dataAttribute('embed'), id: dataAttribute('id'), hash: dataAttribute('hash'), url: dataAttribute('url'), title: dataAttribute('title') };
  },
  parseHTML() {
    return [{ tag: 'figure[data-embed]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['figure', HTMLAttributes];
  },
  addNodeView() {
    return ({ node }) => {
      const attrs = node.attrs as { embed: string; title: string | null; url: string | null };
      const provider = attrs.embed === 'youtube' ? 'YouTube video' : attrs.embed === 'vimeo' ? 'Vimeo video' : 'Link to embedded content';
      return { dom: previewBox('rich-editor__embed', `${provider}${attrs.title ? `: ${attrs.title}` : attrs.url ? `: ${attrs.url}` : ''} — readers press play to load it`, null, '') };
    };
  },
});
