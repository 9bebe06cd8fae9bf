/**
 * `<clip-editor>` as a user meets it, on case-001 of the local stack (60 s at 30 fps, a frame
 * counter burned into the picture): keyboard-only sessions, exact in/out frames, dragging a cut,
 * undo/redo, refusing an invalid value, readonly, accessibility and a 768 px layout.
 */
import { expect } from '@esm-bundle/chai';
// axe-core is a UMD script: imported for its side effect, it sets `window.axe`.
import 'axe-core';
import type * as AxeCore from 'axe-core';
import type { Edit } from '@surgery-video/client';
import type { ClipEditorErrorEvent } from '../src/events/editor-events.js';
import { announcement, changes, createEditor, FPS, removeEditors, resetMouse, sendKeys, sendMouse, shownFrameCode, waitFor } from './support/editor-stack.js';

/** A real key press; `Control+Shift+z` holds the modifiers down around the key. */
async function press(keys: string): Promise<void> {
  const parts = keys.split('+');
  const key = parts.pop()!;
  for (const modifier of parts) await sendKeys({ down: modifier });
  await sendKeys({ press: key });
  for (const modifier of parts.reverse()) await sendKeys({ up: modifier });
}
const axe = (window as unknown as { axe: typeof AxeCore }).axe;

describe('<clip-editor>', () => {
  afterEach(async () => {
    removeEditors();
    await resetMouse();
  });

  it('records an exact Edit from a keyboard-only session', async () => {
    const editor = await createEditor();
    const seen = changes(editor);
    editor.focus();
    await press('Space');
    await waitFor(() => !editor.player.paused && editor.player.currentTime > 0.4, 'playback');
    for (let i = 0; i < 3; i++) await press('.');
    await press('i');
    await waitFor(() => announcement(editor).startsWith('In at'), 'the in point');
    expect(editor.player.paused, '. pauses').to.equal(true);
    const inFrame = shownFrameCode(editor);
    for (let i = 0; i < 12; i++) await press('.');
    await press('o');
    await waitFor(() => seen.length === 1, 'the segment');
    const outFrame = shownFrameCode(editor);
    expect(outFrame).to.equal(inFrame + 12);
    expect(seen[0]!.detail.edit.segments).to.deep.equal([{ start: inFrame / FPS, end: (outFrame + 1) / FPS }]);

    await press('m');
    await waitFor(() => seen.length === 2, 'the note');
    const input = editor.shadowRoot!.activeElement as HTMLInputElement;
    expect(input?.getAttribute('aria-label'), 'the new note is open for typing').to.match(/^Text of the annotation/);
    await sendKeys({ type: 'Bleeding' });
    await press('Enter');
    await waitFor(() => seen.length === 3, 'the text');
    expect(document.activeElement, 'Enter goes back to the editor').to.equal(editor);
    await press('Control+z');
    await waitFor(() => seen.length === 4, 'undo');
    expect(editor.value.annotations[0]!.text).to.equal('');
    await press('Control+Shift+z');
    await waitFor(() => seen.length === 5, 'redo');

    const note = editor.value.annotations[0]!;
    const expected: Edit = {
      ...editor.value,
      segments: [{ start: inFrame / FPS, end: (outFrame + 1) / FPS }],
      annotations: [{ id: note.id, time: outFrame / FPS, kind: 'note', text: 'Bleeding', author: 'trainee-1', createdAt: note.createdAt }],
    };
    expect(editor.value).to.deep.equal(expected);
    expect(seen.at(-1)!.detail.edit).to.equal(editor.value);
    expect(seen.map((e) => e.detail.label.split(' ')[0])).to.deep.equal(['Add', 'Add', 'Change', 'Undone:', 'Redone:']);
  });

  it('marks in and out at the exact frames on screen', async () => {
    const editor = await createEditor();
    await editor.player.seek(150 / FPS);
    expect(shownFrameCode(editor)).to.equal(150);
    expect(editor.markIn()).to.equal(150 / FPS);
    await editor.player.stepFrame(45);
    expect(shownFrameCode(editor)).to.equal(195);
    const edit = editor.markOut()!;
    expect(edit.segments).to.deep.equal([{ start: 5, end: 196 / FPS }]);
    expect(editor.markIn(10.01)).to.equal(10, 'an explicit time snaps to the nearest frame boundary');
    expect(editor.markOut(12.49)!.segments[1]).to.deep.equal({ start: 10, end: 12.5 });
  });

  it('moves a cut to the frame under the pointer when a handle is dragged', async () => {
    const editor = await createEditor();
    editor.addSegment(10, 20);
    await editor.player.seek(10);
    await editor.updateComplete;
    const zoomIn = [...editor.shadowRoot!.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Zoom in')!;
    for (let i = 0; i < 6; i++) {
      zoomIn.click();
      await editor.updateComplete;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const root = editor.shadowRoot!;
    const track = root.querySelector<HTMLElement>('.track')!;
    const handle = root.querySelector<HTMLElement>('.handle.start')!;
    const scale = track.getBoundingClientRect().width / editor.timelineDuration;
    expect(scale / FPS, 'a frame is wide enough to aim at').to.be.greaterThan(8);
    const box = handle.getBoundingClientRect();
    const targetFrame = 10 * FPS - 4;
    const x = Math.round(track.getBoundingClientRect().left + ((targetFrame + 0.5) / FPS) * scale);
    const y = Math.round(box.top + box.height / 2);
    const seen = changes(editor);
    await sendMouse({ type: 'move', position: [Math.round(box.left + box.width / 2), y] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [x + 20, y] });
    await sendMouse({ type: 'move', position: [x, y] });
    await sendMouse({ type: 'up' });
    await waitFor(() => seen.length === 1, 'the trim');
    expect(editor.value.segments).to.deep.equal([{ start: targetFrame / FPS, end: 20 }]);
    expect(seen.length, 'one undo step for the whole drag').to.equal(1);
    editor.undo();
    expect(editor.value.segments).to.deep.equal([{ start: 10, end: 20 }]);
  });

  it('undo and redo restore every state', async () => {
    const editor = await createEditor();
    const states: Edit[] = [editor.value];
    editor.addSegment(1, 2);
    states.push(editor.value);
    editor.addSegment(5, 8);
    states.push(editor.value);
    const note = editor.addAnnotation({ time: 6, kind: 'mistake', text: 'Too fast' });
    states.push(editor.value);
    editor.updateAnnotation(note.id, { text: 'Much too fast', kind: 'question' });
    states.push(editor.value);
    editor.removeSegment(0);
    states.push(editor.value);
    editor.removeAnnotation(note.id);
    states.push(editor.value);
    for (let i = states.length - 2; i >= 0; i--) expect(editor.undo()).to.deep.equal(states[i]);
    expect(editor.undo()).to.equal(undefined);
    for (let i = 1; i < states.length; i++) expect(editor.redo()).to.deep.equal(states[i]);
    expect(editor.redo()).to.equal(undefined);
  });

  it('refuses an invalid value with an error naming the field, and keeps its own', async () => {
    const editor = await createEditor();
    editor.addSegment(1, 2);
    const before = editor.value;
    const error = new Promise<ClipEditorErrorEvent>((resolve) => editor.addEventListener('error', (e) => resolve(e as unknown as ClipEditorErrorEvent), { once: true }));
    editor.value = { ...before, segments: [{ start: 5, end: 2 }] };
    const { detail } = await error;
    expect(detail.code).to.equal('invalid-edit');
    expect(detail.field).to.equal('segments[0].end');
    expect(detail.message).to.contain('segments[0].end');
    expect(editor.value).to.equal(before);
    const outside = new Promise<ClipEditorErrorEvent>((resolve) => editor.addEventListener('error', (e) => resolve(e as unknown as ClipEditorErrorEvent), { once: true }));
    editor.value = { ...before, segments: [{ start: 5, end: 61 }] };
    expect((await outside).detail.field, 'checked against the case').to.equal('segments[0].end');
    const valid = { ...before, title: 'Replaced', segments: [{ start: 3, end: 4 }] };
    editor.value = valid;
    expect(editor.value).to.deep.equal(valid);
  });

  it('ignores editing keys when readonly, and still plays and steps', async () => {
    const editor = await createEditor({ readonly: true });
    const seen = changes(editor);
    const before = editor.value;
    editor.focus();
    for (const key of ['i', '.', 'o', 'm', 'Control+z', 'Control+Shift+z']) await press(key);
    await waitFor(() => editor.player.currentTime > 0.02, 'the frame step');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).to.have.length(0);
    expect(editor.value).to.equal(before);
    expect(() => editor.markIn()).to.throw(/readonly/);
    const buttons = [...editor.shadowRoot!.querySelectorAll('button')].filter((b) => /Mark in|Mark out|Add note/.test(b.textContent ?? ''));
    expect(buttons.every((b) => b.disabled)).to.equal(true);
  });

  it('switches every key off with nohotkeys and never takes keys from a text field', async () => {
    const editor = await createEditor({ nohotkeys: true });
    const seen = changes(editor);
    editor.focus();
    await press('m');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).to.have.length(0);
    editor.nohotkeys = false;
    editor.addAnnotation({ time: 1 });
    await editor.updateComplete;
    const input = editor.shadowRoot!.querySelector<HTMLInputElement>('input.text')!;
    input.focus();
    await sendKeys({ type: 'i m o.' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(input.value).to.equal('i m o.');
    expect(seen, 'only the note added').to.have.length(1);
  });

  it('has no axe violations and fits 768 px', async () => {
    const editor = await createEditor();
    editor.addSegment(2, 4);
    editor.addAnnotation({ time: 3, kind: 'good-practice', text: 'Clean dissection' });
    await editor.updateComplete;
    const results = await axe.run(editor);
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).to.deep.equal([]);
    expect(editor.getBoundingClientRect().width).to.equal(768);
    expect(editor.scrollWidth).to.be.at.most(768);
    for (const button of editor.shadowRoot!.querySelectorAll('button')) {
      const box = button.getBoundingClientRect();
      expect(box.right, button.textContent ?? '').to.be.at.most(editor.getBoundingClientRect().right + 0.5);
    }
  });

  it('works without a server: a src-less draft still emits its Edit in change, and save hands it to the page', async () => {
    const editor = await createEditor();
    editor.removeAttribute('api');
    editor.token = undefined;
    const seen = changes(editor);
    editor.addSegment(1, 3);
    expect(seen[0]!.detail.edit.segments).to.deep.equal([{ start: 1, end: 3 }]);
    const saved = new Promise<CustomEvent>((resolve) => editor.addEventListener('save', (e) => resolve(e as CustomEvent), { once: true }));
    const result = await editor.save();
    expect((await saved).detail.edit).to.equal(result);
    expect(editor.dirty).to.equal(false);
  });
});
