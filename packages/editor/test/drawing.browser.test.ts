/**
 * Drawing on the paused frame: a drag over the picture becomes a shape of the annotation on the
 * frame on screen, its points fractions of the frame.
 */
import { expect } from '@esm-bundle/chai';
import { createEditor, FPS, removeEditors, resetMouse, sendMouse } from './support/editor-stack.js';

describe('<clip-editor> drawing', () => {
  afterEach(async () => {
    removeEditors();
    await resetMouse();
  });

  it('turns a drag over the paused frame into a rect, then an arrow, of one annotation at that frame', async () => {
    const editor = await createEditor();
    await editor.player.seek(90 / FPS);
    await editor.updateComplete;
    const root = editor.shadowRoot!;
    [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Draw')!.click();
    await editor.updateComplete;
    const shape = root.querySelector<HTMLSelectElement>('select[aria-label="Shape"]')!;
    shape.value = 'rect';
    shape.dispatchEvent(new Event('change'));
    await editor.updateComplete;
    const box = root.querySelector('svg.drawing')!.getBoundingClientRect();
    const at = (fx: number, fy: number): [number, number] => [Math.round(box.left + fx * box.width), Math.round(box.top + fy * box.height)];
    const drag = async (from: [number, number], to: [number, number]) => {
      await sendMouse({ type: 'move', position: from });
      await sendMouse({ type: 'down' });
      await sendMouse({ type: 'move', position: [Math.round((from[0] + to[0]) / 2), Math.round((from[1] + to[1]) / 2)] });
      await sendMouse({ type: 'move', position: to });
      await sendMouse({ type: 'up' });
      await editor.updateComplete;
    };
    await drag(at(0.25, 0.25), at(0.75, 0.5));
    expect(editor.value.annotations).to.have.length(1);
    const note = editor.value.annotations[0]!;
    expect(note.time).to.equal(3);
    const [rect] = note.drawing!.shapes;
    expect(rect!.type).to.equal('rect');
    expect(rect!.color).to.equal('#e53935');
    const near = (actual: number, expected: number) => expect(actual).to.be.closeTo(expected, 0.01);
    near(rect!.points[0]![0], 0.25);
    near(rect!.points[0]![1], 0.25);
    near(rect!.points[1]![0], 0.75);
    near(rect!.points[1]![1], 0.5);

    shape.value = 'arrow';
    shape.dispatchEvent(new Event('change'));
    await drag(at(0.1, 0.9), at(0.3, 0.6));
    expect(editor.value.annotations, 'the same annotation').to.have.length(1);
    expect(editor.value.annotations[0]!.drawing!.shapes.map((s) => s.type)).to.deep.equal(['rect', 'arrow']);
    expect(root.querySelectorAll('svg.drawing rect, svg.drawing line')).to.have.length(2);
    editor.undo();
    expect(editor.value.annotations[0]!.drawing!.shapes.map((s) => s.type)).to.deep.equal(['rect']);
  });
});
