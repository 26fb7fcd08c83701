// The desk's rich-text editor, bundled from web/editor/ with esbuild once per process, the first
// time a desk page needs it, and served under a content-hashed name like the other assets. No
// build step: `npm install && npm start` is enough, and the bundle always matches the source.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Asset } from './assets.ts';

const ENTRY = path.resolve(import.meta.dirname, 'editor', 'story-editor.ts');
let bundle: Promise<Asset> | null = null;

export function editorBundle(): Promise<Asset> {
  bundle ??= (async () => {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({ entryPoints: [ENTRY], bundle: true, format: 'iife', minify: true, target: ['es2020'], write: false, legalComments: 'eof', logLevel: 'silent' });
    const body = Buffer.from(result.outputFiles[0]!.contents);
    const hash = createHash('sha1').update(body).digest('hex').slice(0, 10);
    return { url: `/assets/story-editor.${hash}.js`, body, type: 'text/javascript; charset=utf-8' };
  })().catch((error: unknown) => {
    // A failed build is tried again on the next page, not cached.
    bundle = null;
    throw error;
  });
  return bundle;
}
