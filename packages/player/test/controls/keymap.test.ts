import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionFor, comboOf, DEFAULT_KEYMAP, mergeKeymap, shouldIgnoreKey } from '../../src/controls/keymap.js';

describe('keymap', () => {
  const keymap = mergeKeymap(undefined);

  it('binds the documented defaults', () => {
    const table: [Parameters<typeof actionFor>[0], string | undefined][] = [
      [{ key: ' ' }, 'toggle-play'],
      [{ key: 'k' }, 'toggle-play'],
      [{ key: 'K', shiftKey: true }, 'toggle-play'],
      [{ key: 'ArrowLeft' }, 'seek-back'],
      [{ key: 'ArrowRight' }, 'seek-forward'],
      [{ key: 'ArrowLeft', shiftKey: true }, 'seek-back-small'],
      [{ key: 'ArrowRight', shiftKey: true }, 'seek-forward-small'],
      [{ key: 'j' }, 'seek-back-large'],
      [{ key: 'l' }, 'seek-forward-large'],
      [{ key: ',' }, 'frame-back'],
      [{ key: '.' }, 'frame-forward'],
      [{ key: 'm' }, 'toggle-mute'],
      [{ key: 'f' }, 'toggle-fullscreen'],
      [{ key: 'c' }, 'toggle-captions'],
      [{ key: 'Home' }, 'seek-start'],
      [{ key: 'End' }, 'seek-end'],
      [{ key: '0' }, 'seek-percent-0'],
      [{ key: '5' }, 'seek-percent-50'],
      [{ key: '9' }, 'seek-percent-90'],
      [{ key: 'k', ctrlKey: true }, undefined],
      [{ key: 'ArrowLeft', altKey: true }, undefined],
      [{ key: 'x' }, undefined],
    ];
    for (const [event, action] of table) assert.equal(actionFor(event, keymap), action, JSON.stringify(event));
    assert.equal(Object.keys(DEFAULT_KEYMAP).length, 25);
  });

  it('names combinations with modifiers in a fixed order, Shift only for non-characters', () => {
    assert.equal(comboOf({ key: ' ' }), 'Space');
    assert.equal(comboOf({ key: 'ArrowUp', shiftKey: true, ctrlKey: true }), 'Ctrl+Shift+ArrowUp');
    assert.equal(comboOf({ key: '<', shiftKey: true }), '<');
  });

  it('remaps over the defaults and unbinds with null', () => {
    const remapped = mergeKeymap({ x: 'toggle-play', k: null, ' ': null, 'Shift+ArrowUp': 'seek-end', P: 'toggle-mute' });
    assert.equal(actionFor({ key: 'x' }, remapped), 'toggle-play');
    assert.equal(actionFor({ key: 'k' }, remapped), undefined);
    assert.equal(actionFor({ key: ' ' }, remapped), undefined);
    assert.equal(actionFor({ key: 'ArrowUp', shiftKey: true }, remapped), 'seek-end');
    assert.equal(actionFor({ key: 'p' }, remapped), 'toggle-mute');
    assert.equal(actionFor({ key: 'm' }, remapped), 'toggle-mute', 'other defaults stay');
  });

  it('never takes keys from text fields, and leaves sliders their arrows and buttons their Space', () => {
    const table: [Parameters<typeof shouldIgnoreKey>[0], Parameters<typeof shouldIgnoreKey>[1], boolean][] = [
      [{ key: 'k' }, { tagName: 'INPUT', type: 'text' }, true],
      [{ key: 'k' }, { tagName: 'INPUT' }, true],
      [{ key: ' ' }, { tagName: 'TEXTAREA' }, true],
      [{ key: 'm' }, { tagName: 'SELECT' }, true],
      [{ key: 'm' }, { tagName: 'DIV', isContentEditable: true }, true],
      [{ key: 'm' }, { tagName: 'DIV', role: 'textbox' }, true],
      [{ key: 'ArrowLeft' }, { tagName: 'INPUT', type: 'range' }, true],
      [{ key: 'm' }, { tagName: 'INPUT', type: 'range' }, false],
      [{ key: 'ArrowLeft' }, { tagName: 'DIV', role: 'slider' }, true],
      [{ key: ' ' }, { tagName: 'DIV', role: 'slider' }, false],
      [{ key: ' ' }, { tagName: 'BUTTON' }, true],
      [{ key: 'Enter' }, { tagName: 'BUTTON' }, true],
      [{ key: '.' }, { tagName: 'BUTTON' }, false],
      [{ key: ' ' }, { tagName: 'INPUT', type: 'checkbox' }, true],
      [{ key: ' ' }, { tagName: 'SURGERY-PLAYER' }, false],
      [{ key: ' ' }, undefined, false],
    ];
    for (const [event, origin, ignored] of table) assert.equal(shouldIgnoreKey(event, origin), ignored, `${event.key} on ${JSON.stringify(origin)}`);
  });
});
