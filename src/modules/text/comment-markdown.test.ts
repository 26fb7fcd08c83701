import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commentFingerprint, commentLinks, renderCommentMarkdown } from './comment-markdown.ts';

describe('comment markdown subset', () => {
  it('makes paragraphs, line breaks, emphasis and quotes', () => {
    assert.equal(renderCommentMarkdown('First *idea* here\nsecond line\n\n**Bold** _too_'), '<p>First <em>idea</em> here<br />second line</p><p><strong>Bold</strong> <em>too</em></p>');
    assert.equal(renderCommentMarkdown('> the council said\n> twice\n\nI disagree.'), '<blockquote><p>the council said<br />twice</p></blockquote><p>I disagree.</p>');
  });

  it('links http(s) addresses with rel ugc nofollow noopener, and nothing else', () => {
    assert.equal(
      renderCommentMarkdown('See [the minutes](https://example.org/minutes?a=1&b=2) or https://example.org/agenda.'),
      '<p>See <a href="https://example.org/minutes?a=1&amp;b=2" rel="ugc nofollow noopener">the minutes</a> or <a href="https://example.org/agenda" rel="ugc nofollow noopener">https://example.org/agenda</a>.</p>',
    );
    assert.equal(renderCommentMarkdown('[click](javascript:alert(1))'), '<p>[click](javascript:alert(1))</p>');
    assert.equal(renderCommentMarkdown('[x](data:text/html,hi)'), '<p>[x](data:text/html,hi)</p>');
    assert.deepEqual(commentLinks('a https://x.example/p, and [b](http://y.example) and [c](ftp://z)'), ['https://x.example/p', 'http://y.example/']);
  });

  it('shows markup and other Markdown as typed text', () => {
    assert.equal(renderCommentMarkdown('<script>alert(1)</script>'), '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    assert.equal(renderCommentMarkdown('# Heading\n- item\n![img](https://x.example/a.png)'), '<p># Heading<br />- item<br />!<a href="https://x.example/a.png" rel="ugc nofollow noopener">img</a></p>');
    assert.equal(renderCommentMarkdown('"quoted" & \'single\''), '<p>"quoted" &amp; \'single\'</p>');
    assert.equal(renderCommentMarkdown('<img src=x onerror=alert(1)>'), '<p>&lt;img src=x onerror=alert(1)&gt;</p>');
    assert.equal(renderCommentMarkdown('[<b>x</b>](https://x.example/" onmouseover="alert(1))'), '<p>[&lt;b&gt;x&lt;/b&gt;](<a href="https://x.example/" rel="ugc nofollow noopener">https://x.example/</a>" onmouseover="alert(1))</p>');
  });

  it('fingerprints text the same whatever its case and spacing', () => {
    assert.equal(commentFingerprint(' The BRIDGE plan needs a second   look. '), commentFingerprint('the bridge plan needs a second look.'));
    assert.notEqual(commentFingerprint('the bridge plan'), commentFingerprint('the bridge plans'));
  });

  it('returns nothing for blank input', () => {
    assert.equal(renderCommentMarkdown('  \n\n \r\n'), '');
    assert.equal(renderCommentMarkdown('>\n>'), '');
  });
});
