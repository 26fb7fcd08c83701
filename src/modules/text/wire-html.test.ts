import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyMediaIds, htmlToText, sanitizeWireHtml, textToHtml } from './wire-html.ts';

describe('sanitizeWireHtml', () => {
  it('keeps structure, quotes and links', () => {
    const html = sanitizeWireHtml('<h1>Head</h1><p>One <em>two</em></p><blockquote>“Quote,” she said.</blockquote><p><a href="https://example.org/x">link</a></p>');
    assert.equal(
      html,
      '<h2>Head</h2><p>One <em>two</em></p><blockquote>“Quote,” she said.</blockquote><p><a href="https://example.org/x" rel="noopener">link</a></p>',
    );
  });

  it('removes scripts, handlers, styles and dangerous URLs', () => {
    const html = sanitizeWireHtml(
      '<p onclick="x()" style="color:red">Hi<script>alert(1)</script></p><a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)><iframe src="https://e.org"></iframe>',
    );
    assert.doesNotMatch(html, /script|onclick|style|javascript|onerror|iframe|img/i);
    assert.match(html, /<p>Hi<\/p>/);
  });

  it('keeps a wire’s video embeds as placeholders, never an iframe, never silently dropped', () => {
    assert.equal(
      sanitizeWireHtml('<p>A</p><iframe src="https://www.youtube.com/embed/aB3dE5gH7jK?start=4" title="River &quot;cam&quot;"></iframe>'),
      '<p>A</p><figure data-embed="youtube" data-id="aB3dE5gH7jK" data-title="River &quot;cam&quot;"></figure>',
    );
    assert.equal(
      sanitizeWireHtml('<figure><iframe src="https://player.vimeo.com/video/76979871?h=8272103f6e"></iframe><figcaption>From the air</figcaption></figure>'),
      '<figure data-embed="vimeo" data-id="76979871" data-hash="8272103f6e"></figure><p>From the air</p>',
      'the caption stays as text',
    );
    assert.equal(sanitizeWireHtml('<iframe src="https://polls.example/q/3"></iframe>'), '<figure data-embed="link" data-url="https://polls.example/q/3"></figure>', 'other embeds become a link');
    assert.equal(
      sanitizeWireHtml('<video controls><source src="https://cdn.example/clip.mp4" type="video/mp4">Your browser cannot play this.</video>'),
      '<figure data-embed="link" data-url="https://cdn.example/clip.mp4" data-title="Video"></figure>',
      'a remote video file is linked, and its fallback text goes',
    );
    assert.equal(sanitizeWireHtml('<iframe src="javascript:alert(1)"></iframe><video src="data:video/mp4;base64,AAAA"></video>'), '');
  });

  it('keeps media library placeholders empty and checked', () => {
    const id = '0b8a8f4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
    const html = sanitizeWireHtml(`<figure data-media="${id}" onclick="x()"><img src="x" onerror="y()"><figcaption>inside</figcaption></figure><figure data-media="../etc/passwd"><figcaption>Kept as text</figcaption></figure>`);
    assert.equal(html, `<figure data-media="${id}"></figure><p>Kept as text</p>`);
    assert.deepEqual(bodyMediaIds(`${html}${html}`), [id], 'each library item once');
    assert.equal(sanitizeWireHtml('<figure data-embed="youtube" data-id="not an id"></figure><figure data-embed="link" data-url="javascript:x"></figure>'), '');
    assert.equal(sanitizeWireHtml(html), html, 'sanitizing twice changes nothing');
  });

  it('drops empty paragraphs', () => {
    assert.equal(sanitizeWireHtml('<p> </p><p>Text</p>'), '<p>Text</p>');
  });
});

describe('textToHtml and htmlToText', () => {
  it('turns wire text into escaped paragraphs', () => {
    assert.equal(textToHtml('First <b>line</b>\n\nSecond & last'), '<p>First &lt;b&gt;line&lt;/b&gt;</p>\n<p>Second &amp; last</p>');
  });

  it('flattens HTML to readable text', () => {
    assert.equal(htmlToText('<p>A &amp; B</p>\n<p>C</p>'), 'A & B C');
  });
});
