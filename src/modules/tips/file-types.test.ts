import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FileInspector, type Inspection } from './file-types.ts';

function inspect(bytes: Buffer, claimed = 'application/octet-stream', pieces = 3): Inspection {
  const inspector = new FileInspector();
  const step = Math.max(1, Math.ceil(bytes.length / pieces));
  for (let at = 0; at < bytes.length; at += step) inspector.push(bytes.subarray(at, at + step));
  return inspector.finish(claimed);
}

const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5000, 7), Buffer.from([0xff, 0xd9])]);
const pdf = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom'), Buffer.alloc(3000)]);
const m4a = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypM4A '), Buffer.alloc(3000)]);

describe('tip attachment types, from their bytes', () => {
  it('knows pictures, PDFs, audio, video and plain text', () => {
    assert.deepEqual(inspect(jpeg), { ok: true, file: { kind: 'image', type: 'image/jpeg' } });
    assert.deepEqual(inspect(pdf, 'application/pdf'), { ok: true, file: { kind: 'pdf', type: 'application/pdf' } });
    assert.deepEqual(inspect(mp4, 'video/mp4'), { ok: true, file: { kind: 'video', type: 'video/mp4' } });
    assert.deepEqual(inspect(m4a), { ok: true, file: { kind: 'audio', type: 'audio/mp4' } });
    assert.deepEqual(inspect(Buffer.from('Notes from the council meeting:\n\tthe vote was 4–3.\n'), 'text/plain'), { ok: true, file: { kind: 'text', type: 'text/plain' } });
  });

  it('refuses what is none of those, executables and scripts included', () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(200)]);
    for (const bytes of [exe, elf, Buffer.from('#!/bin/sh\nrm -rf /\n'), Buffer.from([0xc3, 0x28, 0x41]), Buffer.alloc(0)]) {
      const result = inspect(bytes);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.code, 'TIP_FILE_TYPE_REFUSED');
    }
  });

  it('refuses a file whose claimed type is a different kind from its bytes', () => {
    const result = inspect(pdf, 'image/jpeg');
    assert.equal(!result.ok && result.code, 'TIP_FILE_TYPE_MISMATCH');
    assert.equal(inspect(pdf, 'application/octet-stream').ok, true);
  });

  it('refuses a picture or PDF whose end is missing', () => {
    for (const cut of [jpeg.subarray(0, 3000), pdf.subarray(0, 30)]) {
      const result = inspect(cut);
      assert.equal(!result.ok && result.code, 'TIP_FILE_DAMAGED');
    }
  });

  it('reads UTF-8 split across chunks as text', () => {
    const text = Buffer.from('Café owner says the permit was “lost” twice. '.repeat(50));
    assert.equal(inspect(text, 'text/plain', 37).ok, true);
  });
});
