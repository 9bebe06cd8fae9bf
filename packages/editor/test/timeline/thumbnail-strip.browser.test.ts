/**
 * The timeline's thumbnail strip on case-001 (tiles every 2 s, 160 × 90, ten to a sprite row, as
 * the local stack generates them): at the whole-case zoom and zoomed in, the strip holds only the
 * tiles that fit the visible stretch, and each shows the sprite tile of the time under its centre.
 */
import { expect } from '@esm-bundle/chai';
import { DEFAULT_ENCODE_SETTINGS } from '../../../server-kit/src/media/case-encode.js';
import type { ClipEditor } from '../../src/editor.component.js';
import { createEditor, removeEditors, waitFor } from '../support/editor-stack.js';

const SPRITE = DEFAULT_ENCODE_SETTINGS.thumbnails;

interface Shown {
  left: number;
  width: number;
  height: number;
  start: number;
  /** background-position, in pixels. */
  position: [number, number];
  image: string;
}

function strip(editor: ClipEditor): { tiles: Shown[]; scroller: HTMLElement; scale: number } {
  const root = editor.shadowRoot!;
  const scroller = root.querySelector<HTMLElement>('[part="timeline"]')!;
  const track = scroller.querySelector<HTMLElement>('.track')!;
  const tiles = [...root.querySelectorAll<HTMLElement>('[part="timeline-thumbnail"]')].map((tile) => ({
    left: parseFloat(tile.style.left),
    width: parseFloat(tile.style.width),
    height: tile.getBoundingClientRect().height,
    start: Number(tile.dataset['start']),
    position: tile.style.backgroundPosition.split(' ').map((v) => parseFloat(v)) as [number, number],
    image: tile.style.backgroundImage,
  }));
  return { tiles, scroller, scale: track.getBoundingClientRect().width / editor.timelineDuration };
}

/** The tile a user should see at `time`: the sprite cell of the 2 s interval it falls in, scaled to the strip's height. */
function expectedTile(time: number, stripHeight: number): { start: number; position: [number, number] } {
  const index = Math.floor(time / SPRITE.intervalSeconds);
  const zoom = stripHeight / SPRITE.height;
  return { start: index * SPRITE.intervalSeconds, position: [-(index % SPRITE.maxColumns) * SPRITE.width * zoom, -Math.floor(index / SPRITE.maxColumns) * SPRITE.height * zoom] };
}

function checkCoverage(editor: ClipEditor, label: string): Shown[] {
  const { tiles, scroller, scale } = strip(editor);
  const viewFrom = scroller.scrollLeft;
  const viewTo = viewFrom + scroller.clientWidth;
  expect(tiles.length, `${label}: tiles`).to.be.greaterThan(0);
  // Tiles keep the sprite's aspect ratio at the strip's height: that is the slot width.
  const stripHeight = tiles[0]!.height;
  expect(stripHeight).to.be.greaterThan(20);
  const SLOT = (SPRITE.width * stripHeight) / SPRITE.height;
  expect(tiles.length, `${label}: no more tiles than fit the view`).to.be.at.most(Math.ceil(scroller.clientWidth / SLOT) + 1);
  expect(tiles[0]!.left, `${label}: the first tile reaches the view's left edge`).to.be.at.most(viewFrom + 0.5);
  const last = tiles.at(-1)!;
  expect(last.left + last.width, `${label}: the last tile reaches the view's right edge`).to.be.at.least(Math.min(viewTo, editor.timelineDuration * scale) - 0.5);
  for (const tile of tiles) {
    const expected = expectedTile((tile.left + tile.width / 2) / scale, stripHeight);
    expect(tile.start, `${label}: the cue of the tile at ${tile.left}px`).to.equal(expected.start);
    expect(tile.position[0], `${label}: sprite column of the tile at ${tile.left}px`).to.be.closeTo(expected.position[0], 0.01);
    expect(tile.position[1], `${label}: sprite row of the tile at ${tile.left}px`).to.be.closeTo(expected.position[1], 0.01);
  }
  return tiles;
}

describe('<clip-editor> thumbnail strip', () => {
  afterEach(removeEditors);

  it('shows the tiles of the visible stretch, at the whole case and zoomed in', async () => {
    const editor = await createEditor();
    const root = editor.shadowRoot!;
    await waitFor(() => root.querySelectorAll('[part="timeline-thumbnail"]').length > 0, 'the strip');

    const whole = checkCoverage(editor, 'whole case');
    const wholeScale = strip(editor).scale;
    // The whole 60 s case in 768 px: every tile is distinct and they step through the case in order.
    const starts = whole.map((tile) => tile.start);
    expect(new Set(starts).size).to.equal(starts.length);
    expect(starts).to.deep.equal([...starts].sort((a, b) => a - b));
    // The sprite really loads (signed like the grant): the browser decodes it.
    const url = /url\("?(.*?)"?\)/.exec(whole[0]!.image)![1]!;
    const sprite = new Image();
    sprite.src = url;
    await sprite.decode();
    expect(sprite.naturalWidth).to.equal(SPRITE.width * SPRITE.maxColumns);

    // Zoomed in 16x around 0:40: the view shows under 4 s, so neighbouring slots share a cue.
    await editor.player.seek(40);
    const zoomIn = root.querySelector<HTMLButtonElement>('button[aria-label="Zoom in"]')!;
    for (let i = 0; i < 4; i++) {
      zoomIn.click();
      await editor.updateComplete;
    }
    const { scroller } = strip(editor);
    await waitFor(() => scroller.scrollLeft > 0 && strip(editor).tiles[0]!.left > 0, 'the zoomed view to scroll');
    await editor.updateComplete;
    const zoomed = checkCoverage(editor, 'zoomed in');
    const { scale } = strip(editor);
    expect(scale / wholeScale, 'zoomed 16x').to.be.closeTo(16, 0.5);
    expect(zoomed.every((tile) => tile.start >= 36 && tile.start <= 42), `tiles around 0:40: ${zoomed.map((t) => t.start).join(', ')}`).to.equal(true);
    expect(new Set(zoomed.map((tile) => tile.start)).size).to.be.lessThan(zoomed.length);
  });
});
