import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { htmlToText, sanitizeWireHtml, textToHtml } from './wire-html.ts';

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
