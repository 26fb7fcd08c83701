import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { embedPlayerUrl, embedWatchUrl, videoEmbedFromUrl } from './embeds.ts';

describe('videoEmbedFromUrl', () => {
  it('reads YouTube watch pages, short links, shorts and players', () => {
    for (const url of ['https://www.youtube.com/watch?v=aB3dE5gH7jK&t=10', 'https://youtu.be/aB3dE5gH7jK?si=x', 'https://m.youtube.com/shorts/aB3dE5gH7jK', 'https://www.youtube-nocookie.com/embed/aB3dE5gH7jK', '//www.youtube.com/embed/aB3dE5gH7jK']) {
      assert.deepEqual(videoEmbedFromUrl(url), { provider: 'youtube', id: 'aB3dE5gH7jK' }, url);
    }
  });

  it('reads Vimeo pages and players, with an unlisted video’s hash', () => {
    assert.deepEqual(videoEmbedFromUrl('https://vimeo.com/76979871'), { provider: 'vimeo', id: '76979871' });
    assert.deepEqual(videoEmbedFromUrl('https://vimeo.com/76979871/8272103f6e'), { provider: 'vimeo', id: '76979871', hash: '8272103f6e' });
    assert.deepEqual(videoEmbedFromUrl('https://player.vimeo.com/video/76979871?h=8272103f6e&badge=0'), { provider: 'vimeo', id: '76979871', hash: '8272103f6e' });
    assert.deepEqual(videoEmbedFromUrl('https://vimeo.com/channels/staffpicks/76979871'), { provider: 'vimeo', id: '76979871' });
  });

  it('refuses other hosts, bad ids and other schemes', () => {
    for (const url of ['https://youtube.com.evil.example/watch?v=aB3dE5gH7jK', 'https://www.youtube.com/watch?v=short', 'javascript:alert(1)', 'https://vimeo.com/about', 'ftp://youtu.be/aB3dE5gH7jK', 'not a url']) {
      assert.equal(videoEmbedFromUrl(url), null, url);
    }
  });

  it('plays in the privacy-enhanced players and links to the video’s page', () => {
    const yt = { provider: 'youtube' as const, id: 'aB3dE5gH7jK' };
    assert.match(embedPlayerUrl(yt), /^https:\/\/www\.youtube-nocookie\.com\/embed\/aB3dE5gH7jK\?autoplay=1/);
    assert.equal(embedWatchUrl(yt), 'https://www.youtube.com/watch?v=aB3dE5gH7jK');
    assert.match(embedPlayerUrl({ provider: 'vimeo', id: '1', hash: 'abcdef12' }), /dnt=1&h=abcdef12$/);
  });
});
