import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyHtmlFrom } from '../../../modules/stories/index.ts';
import { editableBody } from './stories.tsx';

describe('the story body in the desk textarea', () => {
  it('gives plain paragraphs back as text, so a save without JavaScript keeps them as they were', () => {
    const text = 'Crews loaded salt & sand on Monday.\n\n“We are <ready>,” the supervisor said.';
    const html = bodyHtmlFrom(text);
    assert.match(html, /<p>Crews loaded salt &amp; sand on Monday.<\/p>/);
    assert.equal(editableBody(html), text);
    assert.equal(bodyHtmlFrom(editableBody(html)), html);
  });

  it('keeps richer HTML as HTML', () => {
    const html = '<p>See <a href="https://example.org/">the map</a>.</p><h2>Roads</h2>';
    assert.equal(editableBody(html), html);
  });
});
