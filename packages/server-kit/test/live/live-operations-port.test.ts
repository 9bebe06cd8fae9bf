/** The port's shared rules: the time-shift query both adapters use, input checks, harvest ids. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertHarvestRequest, assertTimeWindow, harvestId, parseHarvestId, timeShiftOf, withTimeShift } from '../../src/live/live-operations.js';

test('withTimeShift and timeShiftOf agree on ?start=&end= in epoch seconds', () => {
  const window = { start: 1795867200, end: 1795867260 };
  const url = withTimeShift('/media/live/or-1/master.m3u8', window);
  assert.equal(url, '/media/live/or-1/master.m3u8?start=1795867200&end=1795867260');
  assert.deepEqual(timeShiftOf(new URL(url, 'http://edge.invalid').searchParams), window);
  assert.equal(withTimeShift('/a.m3u8?Policy=x', window), '/a.m3u8?Policy=x&start=1795867200&end=1795867260');
  assert.equal(timeShiftOf(new URLSearchParams('Policy=x')), undefined);
  assert.throws(() => timeShiftOf(new URLSearchParams('start=1795867200')), { code: 'bad-input', field: 'end' });
  assert.throws(() => timeShiftOf(new URLSearchParams('start=2026-11-28T12:00:00Z&end=1795867260')), { code: 'bad-input', field: 'start' });
});

test('a window must be whole epoch seconds, end after start, at most 24 hours', () => {
  assert.throws(() => assertTimeWindow({ start: 1.5, end: 3 }), { code: 'bad-input', field: 'window.start', message: /window\.start must be whole epoch seconds; got 1\.5/ });
  assert.throws(() => assertTimeWindow({ start: 10, end: 10 }), { code: 'bad-input', field: 'window.end' });
  assert.throws(() => assertTimeWindow({ start: 10, end: 10 + 86_401 }), { code: 'bad-input', field: 'window.end', message: /at most 86400 s/ });
  assert.doesNotThrow(() => assertTimeWindow({ start: 10, end: 10 + 86_400 }));
});

test('a harvest request is ids and times only', () => {
  const good = { channelId: 'or-1', start: 100, end: 200, assetId: 'mark-1', correlationId: 'c-1' };
  assert.doesNotThrow(() => assertHarvestRequest(good));
  assert.throws(() => assertHarvestRequest({ ...good, assetId: 'John Doe' }), { code: 'bad-input', field: 'assetId' });
  assert.throws(() => assertHarvestRequest({ ...good, correlationId: '' }), { code: 'bad-input', field: 'correlationId' });
});

test('harvest ids round-trip and malformed ones name the field', () => {
  assert.equal(harvestId('or-1', 'mark-1'), 'or-1:mark-1');
  assert.deepEqual(parseHarvestId('or-1:mark-1'), { channelId: 'or-1', assetId: 'mark-1' });
  for (const bad of ['or-1', 'or-1:mark-1:x', ':mark', 'or 1:mark', 42]) assert.throws(() => parseHarvestId(bad), { code: 'bad-input', field: 'id' });
});
