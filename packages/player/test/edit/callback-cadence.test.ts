import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CallbackCadence } from '../../src/edit/callback-cadence.js';

const frame = 1 / 30;

it('looks one frame ahead while the callbacks come every frame', () => {
  const cadence = new CallbackCadence();
  for (let n = 0; n < 20; n++) cadence.note(10 + n * frame);
  assert.ok(Math.abs(cadence.lookahead(frame) - frame) < 1e-9);
});

it('looks as far ahead as the widest recent gap and a frame more, and forgets it after the window', () => {
  const cadence = new CallbackCadence(4);
  let t = 10;
  cadence.note(t);
  cadence.note((t += 3 * frame));
  assert.ok(Math.abs(cadence.lookahead(frame) - 4 * frame) < 1e-9, 'a callback three frames apart widens the look-ahead to four');
  for (let n = 0; n < 3; n++) cadence.note((t += frame));
  assert.ok(Math.abs(cadence.lookahead(frame) - 4 * frame) < 1e-9, 'still within the window');
  cadence.note((t += frame));
  assert.ok(Math.abs(cadence.lookahead(frame) - frame) < 1e-9, 'four regular gaps later it is one frame again');
});

it('does not count a seek, a pause or a stall as a cadence', () => {
  const cadence = new CallbackCadence();
  cadence.note(10);
  cadence.break();
  cadence.note(30);
  cadence.note(30 - frame);
  cadence.note(31);
  assert.equal(cadence.lookahead(frame), frame);
});
