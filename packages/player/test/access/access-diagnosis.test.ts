import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { PlaybackGrant } from '@surgery-video/client';
import { diagnoseHttpFailure } from '../../src/access/access-diagnosis.js';
import { SignedAccess } from '../../src/access/signed-access.js';

const url = 'https://cdn.example/media/vod/case-001/master.m3u8?Policy=p&Signature=secret&Key-Pair-Id=k';
const grant = { resource: 'https://cdn.example/media/vod/case-001/*', query: 'Policy=p&Signature=secret&Key-Pair-Id=k' } as PlaybackGrant;

it('explains each edge refusal, never repeating the signature', () => {
  const table: Array<[reason: string, says: RegExp]> = [
    ['missing-signature', /no signature: pass api \+ asset .* or a signed src/],
    ['expired', /the playback grant expired/],
    ['not-yet-valid', /clock/],
    ['resource-mismatch', /does not cover this URL/],
    ['bad-signature', /signature does not match/],
    ['unknown-key-pair', /key the media edge does not trust/],
    ['malformed-policy', /policy cannot be read/],
    ['ip-mismatch', /network address/],
  ];
  for (const [reason, says] of table) {
    const detail = diagnoseHttpFailure({ url, status: 403, edgeReason: reason });
    assert.equal(detail?.code, 'access-denied', reason);
    assert.equal(detail?.fatal, true);
    assert.match(detail!.message, says, reason);
    assert.ok(detail!.message.includes(`(HTTP 403, ${reason}, https://cdn.example/media/vod/case-001/master.m3u8)`), detail!.message);
    assert.ok(!detail!.message.includes('secret'), 'no signature in messages');
  }
  assert.match(diagnoseHttpFailure({ url, status: 403, edgeReason: null })!.message, /refused this request/);
});

it('tells cookies that did not arrive from a missing grant', () => {
  const withCookies = diagnoseHttpFailure({ url, status: 403, edgeReason: 'missing-signature' }, new SignedAccess(grant, 'auto'));
  assert.equal(withCookies?.code, 'cookies-not-sent');
  assert.match(withCookies!.message, /https:\/\/cdn\.example.*grant-mode="query"/);
  const withQuery = diagnoseHttpFailure({ url, status: 403, edgeReason: 'missing-signature' }, new SignedAccess(grant, 'query'));
  assert.equal(withQuery?.code, 'access-denied');
});

it('leaves server errors to the retries, and calls a 404 not-found', () => {
  for (const status of [500, 502, 503, 408, 429]) assert.equal(diagnoseHttpFailure({ url, status, edgeReason: null }), undefined, String(status));
  assert.equal(diagnoseHttpFailure({ url, status: 404, edgeReason: 'not-found' })?.code, 'not-found');
  assert.equal(diagnoseHttpFailure({ url, status: 400, edgeReason: 'bad-path' })?.code, 'network-error');
});
