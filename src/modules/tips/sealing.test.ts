import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, it } from 'node:test';
import { parseKeyring } from './keyring.ts';
import { openingStream, openText, sealedFileKeyId, sealingStream, sealText } from './sealing.ts';

const keyLine = (id: string) => `${id} ${randomBytes(32).toString('base64')}`;
const ring = parseKeyring(`${keyLine('k2')}\n${keyLine('k1')}\n`, 'test.key');

async function collect(stream: NodeJS.ReadableStream & NodeJS.WritableStream, input: Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => out.push(chunk));
  await pipeline(Readable.from(input), stream);
  return Buffer.concat(out);
}

describe('tip sealing', () => {
  it('opens what it sealed, only in the place it was sealed for', () => {
    const sealed = sealText(ring, 'The mayor’s car was at the quarry at 2 a.m.', 'tip:a');
    assert.doesNotMatch(sealed, /mayor|quarry/);
    assert.equal(openText(ring, sealed, 'tip:a'), 'The mayor’s car was at the quarry at 2 a.m.');
    assert.throws(() => openText(ring, sealed, 'tip:b'), { code: 'TIP_SEAL_BROKEN' });
    const flipped = sealed.slice(0, -3) + (sealed.at(-3) === 'A' ? 'B' : 'A') + sealed.slice(-2);
    assert.throws(() => openText(ring, flipped, 'tip:a'), { code: 'TIP_SEAL_BROKEN' });
  });

  it('opens values sealed with an older key of the ring, and names a missing key', () => {
    const old = parseKeyring(ring.byId.get('k1') ? `k1 ${ring.byId.get('k1')!.key.toString('base64')}\n` : '', 'old.key');
    const sealed = sealText(old, 'older', 'tip:x');
    assert.equal(openText(ring, sealed, 'tip:x'), 'older');
    const other = parseKeyring(keyLine('k9'), 'other.key');
    assert.throws(() => openText(other, sealed, 'tip:x'), { code: 'TIP_KEY_INVALID' });
  });

  it('refuses a key file that is not one key a line', () => {
    assert.throws(() => parseKeyring('k1 short', 'f'), { code: 'TIP_KEY_INVALID' });
    assert.throws(() => parseKeyring('# only a comment\n', 'f'), { code: 'TIP_KEY_INVALID' });
    assert.throws(() => parseKeyring(`${keyLine('k1')}\n${keyLine('k1')}`, 'f'), { code: 'TIP_KEY_INVALID' });
  });

  for (const size of [0, 1, 65_535, 65_536, 65_537, 200_000]) {
    it(`seals and opens a file of ${size} bytes in chunks`, async () => {
      const plain = randomBytes(size);
      const pieces = [plain.subarray(0, Math.floor(size / 3)), plain.subarray(Math.floor(size / 3))];
      const sealed = await collect(sealingStream(ring, 'f1'), pieces);
      assert.equal(sealedFileKeyId(sealed), 'k2');
      assert.ok(sealed.length > size);
      assert.deepEqual(await collect(openingStream(ring, 'f1'), [sealed]), plain);
    });
  }

  it('refuses a sealed file that is cut short, extended, changed or moved', async () => {
    const plain = randomBytes(150_000);
    const sealed = await collect(sealingStream(ring, 'f1'), [plain]);
    const chunk = 65_536 + 16;
    const header = sealed.length - 2 * chunk - (150_000 - 2 * 65_536 + 16);
    // Cut at the end of a whole chunk: the last chunk is missing, and the one before is not marked last.
    await assert.rejects(collect(openingStream(ring, 'f1'), [sealed.subarray(0, header + 2 * chunk)]), { code: 'TIP_SEAL_BROKEN' });
    await assert.rejects(collect(openingStream(ring, 'f1'), [sealed.subarray(0, sealed.length - 5)]), { code: 'TIP_SEAL_BROKEN' });
    await assert.rejects(collect(openingStream(ring, 'f1'), [Buffer.concat([sealed, Buffer.from('more')])]), { code: 'TIP_SEAL_BROKEN' });
    const changed = Buffer.from(sealed);
    changed[header + 100] = changed[header + 100]! ^ 1;
    await assert.rejects(collect(openingStream(ring, 'f1'), [changed]), { code: 'TIP_SEAL_BROKEN' });
    await assert.rejects(collect(openingStream(ring, 'f2'), [sealed]), { code: 'TIP_SEAL_BROKEN' });
  });
});
