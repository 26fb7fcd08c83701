import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Parser from 'rss-parser';
import { renderAtom } from './atom.ts';
import { absoluteHtml, xmlText, type Feed } from './feed-items.ts';
import { renderRss } from './rss.ts';

const hostile = 'Fish & chips <script>alert(1)</script> "quoted" \u0001\u000bend ]]> done';
const feed: Feed = {
  title: hostile,
  description: 'd',
  home: 'https://news.example/',
  self: 'https://news.example/feed',
  language: 'en',
  updated: '2026-12-01T10:00:00.000Z',
  items: [
    {
      id: '0b8a8f4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
      url: 'https://news.example/stories/a',
      title: hostile,
      summary: hostile,
      html: `<p>${hostile.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`,
      published: '2026-12-01T09:00:00.000Z',
      updated: '2026-12-01T10:00:00.000Z',
      authors: [{ name: 'Ana <b>Ruiz</b>', url: 'https://news.example/authors/ana-ruiz' }],
      topics: ['Weather & Roads'],
      image: null,
    },
  ],
};

describe('feed text', () => {
  it('escapes markup and drops what XML cannot hold', () => {
    assert.equal(xmlText('a & <b> "c" \u0000\u001fz'), 'a &amp; &lt;b&gt; &quot;c&quot; z');
  });

  it('keeps hostile headlines, bylines and bodies as text in well-formed RSS and Atom', async () => {
    const parser = new Parser();
    for (const xml of [renderRss(feed), renderAtom(feed)]) {
      const parsed = await parser.parseString(xml);
      assert.equal(parsed.items[0]?.title, 'Fish & chips <script>alert(1)</script> "quoted" end ]]> done');
      assert.doesNotMatch(xml, /<script>/);
    }
  });

  it('makes root-relative addresses absolute, in srcset too', () => {
    assert.equal(
      absoluteHtml('<img src="/media/a.jpg" srcset="/media/a-320.jpg 320w, /media/a-640.jpg 640w"><a href="/stories/x">x</a><a href="//cdn.example/y">y</a><a href="https://e.example/">z</a>', 'https://news.example'),
      '<img src="https://news.example/media/a.jpg" srcset="https://news.example/media/a-320.jpg 320w, https://news.example/media/a-640.jpg 640w"><a href="https://news.example/stories/x">x</a><a href="//cdn.example/y">y</a><a href="https://e.example/">z</a>',
    );
  });
});
