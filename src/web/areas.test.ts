import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadAreas } from './areas.ts';

it('finds every area in routes/ by reading the folder', async () => {
  const names = (await loadAreas()).map((a) => a.name);
  assert.deepEqual(names, ['account', 'conversation', 'desk', 'feeds', 'follows', 'ingest-push', 'lists', 'media', 'newsletter', 'newsroom', 'search', 'site', 'sitemaps', 'sources', 'staff', 'stories', 'tips']);
});
