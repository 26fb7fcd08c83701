import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { mp4Bytes, SHOT_AT, webmBytes } from '../../../test/helpers/video-files.ts';
import { inspectVideo, scrubVideo, sniffVideo, VideoUnreadable } from './video-file.ts';

async function withFile<T>(bytes: Buffer, use: (file: fs.FileHandle, size: number) => Promise<T>): Promise<{ result: T; after: Buffer }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'masthead-video-'));
  const name = path.join(dir, 'clip');
  await fs.writeFile(name, bytes);
  const file = await fs.open(name, 'r+');
  try {
    const result = await use(file, bytes.length);
    return { result, after: await fs.readFile(name) };
  } finally {
    await file.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

describe('video files', () => {
  it('tells MP4 and WebM from their first bytes, and nothing else', () => {
    assert.equal(sniffVideo(mp4Bytes()), 'mp4');
    assert.equal(sniffVideo(webmBytes()), 'webm');
    assert.equal(sniffVideo(Buffer.from('\u00ff\u00d8\u00ff\u00e0 a JPEG', 'latin1')), null);
    assert.equal(sniffVideo(Buffer.from('<html>')), null);
  });

  it('reads an MP4’s picture size and blanks the place it was shot, keeping its size', async () => {
    const bytes = mp4Bytes({ width: 1920, height: 1080 });
    assert.ok(bytes.includes(SHOT_AT));
    const { result, after } = await withFile(bytes, async (file, size) => {
      const facts = await inspectVideo(file, size, 'mp4');
      await scrubVideo(file, facts.scrub);
      return facts;
    });
    assert.deepEqual([result.container, result.width, result.height], ['mp4', 1920, 1080]);
    assert.equal(after.length, bytes.length);
    assert.ok(!after.includes(SHOT_AT), 'no GPS left in the file');
    assert.ok(!after.includes('udta'), 'the user data box is a free box now');
    const again = await withFile(after, (file, size) => inspectVideo(file, size, 'mp4'));
    assert.equal(again.result.width, 1920, 'still a readable video');
  });

  it('reads a WebM’s picture size and blanks its tags', async () => {
    const bytes = webmBytes({ width: 854, height: 480 });
    const { result, after } = await withFile(bytes, async (file, size) => {
      const facts = await inspectVideo(file, size, 'webm');
      await scrubVideo(file, facts.scrub);
      return facts;
    });
    assert.deepEqual([result.width, result.height], [854, 480]);
    assert.ok(!after.includes(SHOT_AT) && !after.includes('LOCATION'));
    const again = await withFile(after, (file, size) => inspectVideo(file, size, 'webm'));
    assert.deepEqual([again.result.width, again.result.height], [854, 480], 'the Void element is stepped over');
  });

  it('refuses damaged and empty-handed files with the reason', async () => {
    const cut = mp4Bytes().subarray(0, 60);
    await assert.rejects(withFile(cut, (file, size) => inspectVideo(file, size, 'mp4')), VideoUnreadable);
    await assert.rejects(withFile(mp4Bytes({ withTrack: false }), (file, size) => inspectVideo(file, size, 'mp4')), /no video track/);
    const truncated = webmBytes().subarray(0, 80);
    await assert.rejects(withFile(truncated, (file, size) => inspectVideo(file, size, 'webm')), VideoUnreadable);
  });
});
