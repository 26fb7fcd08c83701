import assert from 'node:assert/strict';
import { it } from 'node:test';
import { extractHtmlOffThread } from './html-extractor.ts';
import { parsePayloadOffThread, PayloadRefused } from './index.ts';

// Large enough that no worker extracts it within 1 ms, however warm (the small page sometimes was).
const SLOW_PAGE = `<!doctype html><html><head><title>Long page</title></head><body><article><h1>Long page</h1>${'<p>The county board heard an hour of comment on the new bus routes and the budget. </p>'.repeat(6000)}</article></body></html>`;
const PAGE = `<!doctype html><html><head><title>Worker page</title><link rel="canonical" href="https://gazette.example/worker"></head><body><article><h1>Worker page</h1><p>${'The library board met on Monday to hear plans for Sunday hours. '.repeat(10)}</p></article></body></html>`;

it('extracts an article in the worker, and refuses one that takes longer than its limit, then recovers', async () => {
  const parsed = await extractHtmlOffThread(PAGE, null);
  assert.equal(parsed.format, 'html');
  assert.ok('item' in parsed.entries[0]! && parsed.entries[0].item.guid === 'https://gazette.example/worker');
  await assert.rejects(extractHtmlOffThread(SLOW_PAGE, null, 1), (error: unknown) => error instanceof PayloadRefused && /could not be extracted from the HTML page within/.test(error.reason));
  // The worker that ran out of time was replaced: the next page is extracted.
  const again = await extractHtmlOffThread(PAGE, null);
  assert.ok('item' in again.entries[0]!);
});

it('sends an XHTML page to the worker as an HTML page too', async () => {
  const xhtml = `<?xml version="1.0" encoding="UTF-8"?>\n${PAGE.replace('<!doctype html><html>', '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><html xmlns="http://www.w3.org/1999/xhtml">')}`;
  const parsed = await parsePayloadOffThread(Buffer.from(xhtml), null);
  assert.equal(parsed.format, 'html');
  assert.ok('item' in parsed.entries[0]! && parsed.entries[0].item.headline === 'Worker page');
});
