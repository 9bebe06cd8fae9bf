import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionFor, DEFAULT_KEYMAP, keyCombo, type EditorAction, type KeyPress } from '../../src/keys/keymap.js';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('keymap', () => {
  const table: [KeyPress, EditorAction | undefined][] = [
    [press(' '), 'play-pause'],
    [press('i'), 'mark-in'],
    [press('I', { shiftKey: true }), undefined],
    [press('o'), 'mark-out'],
    [press(','), 'frame-back'],
    [press('.'), 'frame-forward'],
    [press('ArrowLeft', { shiftKey: true }), 'second-back'],
    [press('ArrowRight', { shiftKey: true }), 'second-forward'],
    [press('ArrowRight'), undefined],
    [press('m'), 'annotate'],
    [press('z', { ctrlKey: true }), 'undo'],
    [press('z', { metaKey: true }), 'undo'],
    [press('Z', { ctrlKey: true, shiftKey: true }), 'redo'],
    [press('y', { ctrlKey: true }), 'redo'],
    [press('Shift', { shiftKey: true }), undefined],
  ];
  for (const [keys, action] of table) {
    it(`${keyCombo(keys) ?? keys.key} -> ${action ?? 'nothing'}`, () => {
      assert.equal(actionFor(keys, DEFAULT_KEYMAP), action);
    });
  }

  it('a host remaps a key, or switches one off with []', () => {
    const keymap = { ...DEFAULT_KEYMAP, 'mark-in': ['Alt+i'], annotate: [] };
    assert.equal(actionFor(press('i'), keymap), undefined);
    assert.equal(actionFor(press('i', { altKey: true }), keymap), 'mark-in');
    assert.equal(actionFor(press('m'), keymap), undefined);
    assert.equal(actionFor(press('z', { ctrlKey: true }), { undo: ['ctrl+Z'] }), 'undo');
  });
});
