/**
 * Drawing on the paused frame: a drag over the picture becomes a shape of the annotation on the
 * frame on screen, its points fractions of the frame (the picture, not the player's box, when the
 * picture is letterboxed or pillarboxed), and the player's own overlay draws it back on the spot.
 */
import { expect } from '@esm-bundle/chai';
import type { ClipEditor } from '../src/editor.component.js';
import { createEditor, FPS, removeEditors, resetMouse, sendMouse, waitFor } from './support/editor-stack.js';

/** A real drag (press, two moves, release) between two screen points. */
async function drag(editor: ClipEditor, from: [number, number], to: [number, number]): Promise<void> {
  await sendMouse({ type: 'move', position: from });
  await sendMouse({ type: 'down' });
  await sendMouse({ type: 'move', position: [Math.round((from[0] + to[0]) / 2), Math.round((from[1] + to[1]) / 2)] });
  await sendMouse({ type: 'move', position: to });
  await sendMouse({ type: 'up' });
  await editor.updateComplete;
}

async function startDrawing(editor: ClipEditor, shape: string): Promise<void> {
  const root = editor.shadowRoot!;
  [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Draw')!.click();
  await editor.updateComplete;
  const select = root.querySelector<HTMLSelectElement>('select[aria-label="Shape"]')!;
  select.value = shape;
  select.dispatchEvent(new Event('change'));
  await editor.updateComplete;
}

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

  // A 16:9 case in a 4:3 player (bars above and below), then in a 21:9 one (bars left and right).
  for (const [layout, aspect] of [
    ['letterboxed', '4 / 3'],
    ['pillarboxed', '21 / 9'],
  ] as const) {
    it(`maps a drag to fractions of the ${layout} picture, and the player's overlay draws it back on the same screen points`, async () => {
      const editor = await createEditor();
      editor.style.setProperty('--surgery-aspect-ratio', aspect);
      editor.addSegment(0, 6);
      await editor.player.seek(90 / FPS);
      await editor.updateComplete;
      const video = editor.player.media;
      const frame = video.videoWidth / video.videoHeight;
      expect(frame).to.be.closeTo(16 / 9, 0.01);
      // The picture inside the player, as object-fit: contain places it (worked out here from the sizes alone).
      const player = editor.player.getBoundingClientRect();
      const [ratioW, ratioH] = aspect.split(' / ').map(Number) as [number, number];
      expect(player.width / player.height).to.be.closeTo(ratioW / ratioH, 0.01);
      const width = Math.min(player.width, player.height * frame);
      const height = width / frame;
      const picture = { left: player.left + (player.width - width) / 2, top: player.top + (player.height - height) / 2, width, height };
      expect(layout === 'letterboxed' ? picture.top - player.top : picture.left - player.left, 'bars').to.be.greaterThan(40);

      await startDrawing(editor, 'rect');
      const from: [number, number] = [Math.round(picture.left + 0.2 * width), Math.round(picture.top + 0.1 * height)];
      const to: [number, number] = [Math.round(picture.left + 0.6 * width), Math.round(picture.top + 0.8 * height)];
      await drag(editor, from, to);
      const [rect] = editor.value.annotations[0]!.drawing!.shapes;
      const fraction = ([x, y]: [number, number]) => [(x - picture.left) / width, (y - picture.top) / height];
      const close = (actual: readonly number[], expected: number[], what: string) => {
        expect(actual[0], `${what} x`).to.be.closeTo(expected[0]!, 1 / width);
        expect(actual[1], `${what} y`).to.be.closeTo(expected[1]!, 1 / height);
      };
      close(rect!.points[0]!, fraction(from), 'first corner');
      close(rect!.points[1]!, fraction(to), 'second corner');
      // The editor's own layer shows it where it was drawn.
      const shown = editor.shadowRoot!.querySelector('svg.drawing rect')!.getBoundingClientRect();
      expect([shown.left, shown.top, shown.right, shown.bottom].map((v, i) => Math.abs(v - [...from, ...to][i]!))).to.satisfy((d: number[]) => d.every((v) => v <= 1));

      // The player plays the Edit: its overlay draws the annotation over the same screen points.
      editor.player.edit = editor.value;
      await editor.player.seek(3);
      const overlayRect = () => editor.player.shadowRoot!.querySelector('[part="annotation"]')?.shadowRoot?.querySelector('[data-shape="rect"]');
      await waitFor(() => !!overlayRect(), "the player's overlay to draw the rect");
      const drawn = overlayRect()!.getBoundingClientRect();
      expect(drawn.left).to.be.closeTo(from[0], 1);
      expect(drawn.top).to.be.closeTo(from[1], 1);
      expect(drawn.right).to.be.closeTo(to[0], 1);
      expect(drawn.bottom).to.be.closeTo(to[1], 1);
    });
  }
});
