// Stylesheets and the small progressive-enhancement scripts, served under a content-hashed name, so browsers and CDNs may keep them forever.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Asset {
  url: string;
  body: Buffer;
  type: string;
}

const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml' };

const ASSET_DIR = path.resolve(import.meta.dirname, 'assets');

export function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of fs.readdirSync(ASSET_DIR)) {
    const type = TYPES[path.extname(name)];
    if (!type) continue;
    const body = fs.readFileSync(path.join(ASSET_DIR, name));
    const hash = createHash('sha1').update(body).digest('hex').slice(0, 10);
    const hashed = name.replace(/\.(css|js|svg)$/, `.${hash}.$1`);
    assets.set(name, { url: `/assets/${hashed}`, body, type });
  }
  return assets;
}
