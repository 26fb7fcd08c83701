import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deliveryTime } from './delivery-time.ts';

describe('delivery time', () => {
  it('reads when each format says it was sent or versioned', () => {
    assert.equal(deliveryTime('<newsMessage><header><sent>2026-12-02T09:00:00Z</sent></header><itemSet><newsItem><itemMeta><versionCreated>2026-12-01T08:00:00Z</versionCreated>'), '2026-12-02T09:00:00.000Z', 'a message is dated by its header');
    assert.equal(deliveryTime('<newsItem><itemMeta><versionCreated>2026-12-01T08:00:00+01:00</versionCreated></itemMeta></newsItem>'), '2026-12-01T07:00:00.000Z');
    assert.equal(deliveryTime('{"uri":"a","versioncreated":"2026-11-30T10:00:00Z"}'), '2026-11-30T10:00:00.000Z');
    assert.equal(deliveryTime('[{"uri":"a","versionCreated":"2026-11-30T10:00:00Z"}]'), '2026-11-30T10:00:00.000Z', 'ninjs 3 spelling');
    assert.equal(deliveryTime('<nitf><head><docdata><date.issue norm="20261129T101500Z"/></docdata></head></nitf>'), '2026-11-29T10:15:00.000Z');
    assert.equal(deliveryTime('<rss><channel><lastBuildDate>Tue, 24 Nov 2026 15:30:00 GMT</lastBuildDate><item><pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>'), '2026-11-24T15:30:00.000Z');
    assert.equal(deliveryTime('<feed xmlns="http://www.w3.org/2005/Atom"><updated>2026-11-25T12:00:00Z</updated></feed>'), '2026-11-25T12:00:00.000Z');
    assert.equal(deliveryTime('{"version":"https://jsonfeed.org/version/1.1","items":[{"date_published":"2026-11-26T12:00:00Z"}]}'), '2026-11-26T12:00:00.000Z');
  });

  it('says nothing when the start names no time, or an unreadable one', () => {
    assert.equal(deliveryTime('{"uri":"a","headline":"No time here"}'), null);
    assert.equal(deliveryTime('<rss><channel><pubDate>sometime soon</pubDate></channel></rss>'), null);
  });
});
