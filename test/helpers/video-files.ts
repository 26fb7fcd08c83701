// Small video files built byte by byte for tests: the structure the site reads (MP4 boxes, WebM
// elements) with a stand-in for the frames, and the metadata a phone writes (the place it was shot).

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

/** Where the test clips say they were shot, in the ISO 6709 form phones use. */
export const SHOT_AT = '+45.5123-122.6789/';

export function mp4Bytes(options: { width?: number; height?: number; frames?: number; withTrack?: boolean } = {}): Buffer {
  const tkhd = Buffer.alloc(84);
  tkhd.writeUInt32BE((options.width ?? 1280) * 65536, 76);
  tkhd.writeUInt32BE((options.height ?? 720) * 65536, 80);
  const moov = box(
    'moov',
    box('mvhd', Buffer.alloc(100)),
    ...(options.withTrack === false ? [] : [box('trak', box('tkhd', tkhd))]),
    box('udta', box('\u00a9xyz', Buffer.from(`\u0000\u0012\u0015\u00c7${SHOT_AT}`, 'latin1'))),
  );
  return Buffer.concat([box('ftyp', Buffer.from('isom\u0000\u0000\u0002\u0000isomiso2mp41', 'latin1')), moov, box('mdat', Buffer.alloc(options.frames ?? 2048, 7))]);
}

function element(id: number[], ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  // An eight-byte size: 0x01 then seven bytes of length.
  const size = Buffer.alloc(8);
  size[0] = 0x01;
  size.writeUIntBE(body.length, 2, 6);
  return Buffer.concat([Buffer.from(id), size, body]);
}

const uint16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};

export function webmBytes(options: { width?: number; height?: number } = {}): Buffer {
  const header = element([0x1a, 0x45, 0xdf, 0xa3], element([0x42, 0x82], Buffer.from('webm')));
  const tracks = element([0x16, 0x54, 0xae, 0x6b], element([0xae], element([0xd7], Buffer.from([1])), element([0xe0], element([0xb0], uint16(options.width ?? 640)), element([0xba], uint16(options.height ?? 360)))));
  const tags = element([0x12, 0x54, 0xc3, 0x67], element([0x73, 0x73], element([0x45, 0xa3], Buffer.from('LOCATION')), element([0x44, 0x87], Buffer.from(SHOT_AT))));
  const cluster = element([0x1f, 0x43, 0xb6, 0x75], Buffer.alloc(1024, 9));
  return Buffer.concat([header, element([0x18, 0x53, 0x80, 0x67], tracks, tags, cluster)]);
}
