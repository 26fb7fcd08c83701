// The one way media files are written: every picture, rendition, video and site image goes
// through a MediaStore, so where the files live is decided here. Today that is a local folder
// (MASTHEAD_MEDIA_DIR), shared by several app processes when it is a shared volume; another
// store (an object store behind the same /media/ URLs) would implement this interface.
import fs from 'node:fs/promises';
import path from 'node:path';

export interface MediaStore {
  /** Writes a whole file under its final name: a reader, or a crash, never sees half of it. */
  write(relative: string, data: Buffer): Promise<void>;
  /** Takes over a file already on this machine (an upload streamed to disk), moving it into place. */
  adopt(relative: string, file: string): Promise<void>;
}

/** The store for a media directory. */
export function mediaStore(mediaDir: string): MediaStore {
  const target = async (relative: string) => {
    const file = path.join(mediaDir, ...relative.split('/'));
    await fs.mkdir(path.dirname(file), { recursive: true });
    return file;
  };
  return {
    async write(relative, data) {
      const file = await target(relative);
      const partial = `${file}.${process.pid}.partial`;
      await fs.writeFile(partial, data);
      await fs.rename(partial, file);
    },
    async adopt(relative, from) {
      await fs.rename(from, await target(relative));
    },
  };
}
