import assert from 'node:assert/strict';
import { it } from 'node:test';
import { resourceCovers, withSignedQuery } from '../../src/access/signed-query.js';
import { SignedAccess } from '../../src/access/signed-access.js';
import type { PlaybackGrant } from '@surgery-video/client';

const QUERY = 'Policy=eyJTdGF0ZW1lbnQi&Signature=abc~-_&Key-Pair-Id=K2JCJMDEHXQW5F';
const FRESH = 'Policy=eyJuZXci&Signature=new~-_&Key-Pair-Id=K2JCJMDEHXQW5F';

it('appends the signature to a URL with or without a query', () => {
  assert.equal(withSignedQuery('https://cdn.example/vod/a/seg-1.m4s', QUERY), `https://cdn.example/vod/a/seg-1.m4s?${QUERY}`);
  assert.equal(withSignedQuery('https://cdn.example/vod/a/media.m3u8?x=1', QUERY), `https://cdn.example/vod/a/media.m3u8?x=1&${QUERY}`);
  assert.equal(withSignedQuery('https://cdn.example/vod/a/x.vtt#t=3', QUERY), `https://cdn.example/vod/a/x.vtt?${QUERY}#t=3`);
});

it('keeps LL-HLS delivery directives byte for byte and in order', () => {
  const url = 'https://cdn.example/live/or-1/720p.m3u8?_HLS_msn=273&_HLS_part=2&_HLS_skip=YES';
  assert.equal(withSignedQuery(url, QUERY), `${url}&${QUERY}`);
});

it('replaces an earlier signature instead of adding a second (retries, refreshed grants)', () => {
  const once = withSignedQuery('https://cdn.example/live/or-1/720p.m3u8?_HLS_msn=5', QUERY);
  assert.equal(withSignedQuery(once, QUERY), once);
  assert.equal(withSignedQuery(once, FRESH), `https://cdn.example/live/or-1/720p.m3u8?_HLS_msn=5&${FRESH}`);
  assert.equal(withSignedQuery('https://cdn.example/a.mp4?Expires=1&Signature=z&Key-Pair-Id=k&y=2', QUERY), `https://cdn.example/a.mp4?y=2&${QUERY}`);
});

it("matches a grant's resource pattern against URLs, query excluded", () => {
  const resource = 'https://cdn.example/media/vod/case-001/*';
  assert.equal(resourceCovers(resource, 'https://cdn.example/media/vod/case-001/master.m3u8?x=1'), true);
  assert.equal(resourceCovers(resource, 'https://cdn.example/media/vod/case-001/seg-0-00001.m4s'), true);
  assert.equal(resourceCovers(resource, 'https://cdn.example/media/vod/case-002/master.m3u8'), false);
  assert.equal(resourceCovers(resource, 'https://evil.example/media/vod/case-001/master.m3u8'), false);
  assert.equal(resourceCovers('https://cdn.example/a.mp4', 'https://cdn.example/a.mp4'), true);
  assert.equal(resourceCovers('https://cdn.example/a.mp4', 'https://cdn.example/a.mp4.bak'), false);
});

it('signs and sends credentials only to URLs the grant covers, as its mode says', () => {
  const grant = { resource: 'https://cdn.example/media/vod/case-001/*', query: QUERY } as PlaybackGrant;
  const inside = 'https://cdn.example/media/vod/case-001/master.m3u8';
  const outside = 'https://time.example/now';
  const auto = new SignedAccess(grant, 'auto');
  assert.equal(auto.sign(inside), inside);
  assert.equal(auto.sendsCredentials(inside), true);
  assert.equal(auto.sendsCredentials(outside), false);
  const query = new SignedAccess(grant, 'query');
  assert.equal(query.sign(inside), `${inside}?${QUERY}`);
  assert.equal(query.sign(outside), outside);
  assert.equal(query.sendsCredentials(inside), false);
  const cookiesWithoutGrant = new SignedAccess(undefined, 'cookies');
  assert.equal(cookiesWithoutGrant.sendsCredentials(inside), true, 'the portal may have set the cookies itself');
  assert.equal(new SignedAccess(undefined, 'auto').sendsCredentials(inside), false);
});
