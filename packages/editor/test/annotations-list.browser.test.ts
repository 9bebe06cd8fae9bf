/**
 * The annotations list with thousands of annotations (an Edit holds up to 2,000): it draws only the rows in view (the rest
 * are spacers of the same height), scrolling shows the others, and a note added with M far down
 * the list is scrolled to and takes focus.
 */
import { expect } from '@esm-bundle/chai';
import type { Annotation, AnnotationKind } from '@surgery-video/client';
import { createEditor, FPS, removeEditors, sendKeys, waitFor } from './support/editor-stack.js';

const KINDS: AnnotationKind[] = ['mistake', 'good-practice', 'question', 'note'];

describe('<clip-editor> annotations list', () => {
  afterEach(removeEditors);

  it('draws only the rows in view of 1,999 annotations, and the others as the list scrolls', async () => {
    const editor = await createEditor();
    const annotations: Annotation[] = Array.from({ length: 1999 }, (_, i) => ({
      id: `note-${String(i).padStart(4, '0')}`,
      time: Math.floor((i * 1700) / 2000) / FPS,
      kind: KINDS[i % 4]!,
      text: `Remark ${i}`,
      author: 'trainee-1',
      createdAt: '2026-01-01T00:00:00.000Z',
    }));
    editor.value = { ...editor.value, annotations };
    await editor.updateComplete;
    const root = editor.shadowRoot!;
    const scroller = root.querySelector<HTMLElement>('.annotation-scroller')!;
    const rows = () => [...root.querySelectorAll<HTMLElement>('[part="annotation"]')];
    await waitFor(() => rows().length > 0, 'the rows');
    await editor.updateComplete;
    expect(rows().length, 'only a window of rows').to.be.lessThan(60);
    expect(rows()[0]!.dataset['id']).to.equal('note-0000');
    const rowHeight = rows()[0]!.getBoundingClientRect().height;
    expect(scroller.scrollHeight, 'the list is as tall as all its rows').to.be.closeTo(1999 * rowHeight, 1999 * 0.5);
    expect(rows()[0]!.getAttribute('aria-setsize')).to.equal('1999');

    scroller.scrollTop = 1200 * rowHeight;
    await waitFor(() => rows().some((row) => row.dataset['id'] === 'note-1200'), 'row 1200 after scrolling');
    const row = rows().find((r) => r.dataset['id'] === 'note-1200')!;
    const box = row.getBoundingClientRect();
    const view = scroller.getBoundingClientRect();
    expect(box.top, 'row 1200 is in view').to.be.within(view.top - 1, view.bottom);
    expect(row.querySelector<HTMLInputElement>('input.text')!.value).to.equal('Remark 1200');
    expect(row.getAttribute('aria-posinset')).to.equal('1201');
    expect(rows().length).to.be.lessThan(60);

    // The 2,000th annotation, at the last frame, with M: the list scrolls to its row, and its text field takes focus.
    scroller.scrollTop = 0;
    await editor.updateComplete;
    await editor.player.seek(1790 / FPS);
    editor.focus();
    await sendKeys({ press: 'm' });
    await waitFor(() => editor.value.annotations.length === 2000, 'the new note');
    await waitFor(() => (editor.shadowRoot!.activeElement as HTMLElement | null)?.closest('[part="annotation"]') !== null && editor.shadowRoot!.activeElement !== null, 'focus in the new row');
    const focused = (editor.shadowRoot!.activeElement as HTMLElement).closest<HTMLElement>('[part="annotation"]')!;
    expect(focused.dataset['id']).to.equal(editor.value.annotations.at(-1)!.id);
    const focusedBox = focused.getBoundingClientRect();
    expect(focusedBox.top).to.be.within(scroller.getBoundingClientRect().top - 1, scroller.getBoundingClientRect().bottom);
  });
});
