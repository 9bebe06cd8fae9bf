/// <reference lib="dom" />
/**
 * The editor benchmark's page (bundled with esbuild, run in headless Chromium): a `<clip-editor>`
 * on case-001 of the local stack, and the two measures of issue 4, taken in the page with
 * `performance.now()` and `requestAnimationFrame`:
 *
 * - open: from setting `value` to the Edit on screen (the timeline's segments and the annotations
 *   list rendered, then the next frame);
 * - step: `stepFrame(1)` (resolves when the frame is on screen) plus the editor's redraw of the
 *   timeline for the new time, committed (the update rendered, laid out, and the next frame).
 *
 * Each is taken with the big Edit and with an empty one, in the same page, as the baseline.
 */
import { createEdit, requestDevToken, type Annotation, type AnnotationKind, type Edit, type Segment } from '@surgery-video/client';
import type { ClipEditor } from '@surgery-video/editor';
import '@surgery-video/editor/clip-editor.js';

export interface EditorBenchResult {
  frameRate: number;
  duration: number;
  /** ms, one per run, big Edit then empty Edit. */
  openBig: number[];
  /** ms of each big open spent checking the Edit (the `value` setter), the rest is rendering. */
  openBigSetter: number[];
  /** From an empty Edit to another empty one: the cost of `value` and a frame without the Edit's size. */
  openEmpty: number[];
  /** ms per step: stepFrame + redraw committed. */
  stepBig: number[];
  stepEmpty: number[];
  /** ms per step: from stepFrame resolving to the redraw committed (the editor's own share). */
  redrawBig: number[];
  redrawEmpty: number[];
  /** ms per step: the editor's own updates (Lit render and DOM commit) during the step, wherever they fell. */
  workBig: number[];
  workEmpty: number[];
  /** DOM nodes in the editor's shadow root with the big Edit open. */
  nodesBig: number;
}

declare global {
  interface Window {
    __editorBench: (options: { annotations: number; segments: number; steps: number; opens: number }) => Promise<EditorBenchResult>;
  }
}

const KINDS: AnnotationKind[] = ['mistake', 'good-practice', 'question', 'note'];
const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));

/** `segments` segments and `annotations` annotations spread over the case, every time on a frame boundary. */
function bigEdit(base: Edit, duration: number, fps: number, segments: number, annotations: number): Edit {
  const frames = Math.floor(duration * fps);
  const period = Math.floor(frames / segments);
  const cut: Segment[] = Array.from({ length: segments }, (_, i) => ({ start: (i * period) / fps, end: (i * period + Math.max(1, Math.floor((period * 2) / 3))) / fps }));
  const notes: Annotation[] = Array.from({ length: annotations }, (_, i) => ({
    id: `note-${i}`,
    time: Math.floor((i * frames) / annotations) / fps,
    kind: KINDS[i % KINDS.length]!,
    text: `Remark ${i}`,
    author: 'trainee-1',
    createdAt: base.createdAt,
    ...(i % 10 === 0 ? { drawing: { shapes: [{ type: 'rect' as const, points: [[0.2, 0.2], [0.6, 0.7]] as [number, number][], color: '#e53935' }] } } : {}),
  }));
  return { ...base, segments: cut, annotations: notes };
}

/** The Edit is on screen: its segments on the timeline and its annotations in the list (or the empty list's message). */
function rendered(editor: ClipEditor, edit: Edit): boolean {
  const root = editor.shadowRoot!;
  const segments = root.querySelectorAll('[part~="segment"]').length;
  const list = root.querySelector('[part="annotations"]');
  const listed = edit.annotations.length === 0 ? !!list?.querySelector('.empty') : !!list?.querySelector(`[data-id="${edit.annotations[0]!.id}"]`);
  return segments === edit.segments.length && listed;
}

/** ms of the last open spent in the `value` setter (checking the Edit whole), before rendering. */
let lastSetter = 0;

async function open(editor: ClipEditor, edit: Edit): Promise<number> {
  const start = performance.now();
  editor.value = edit;
  lastSetter = performance.now() - start;
  await editor.updateComplete;
  if (!rendered(editor, edit)) throw new Error('the Edit is not on screen after the update');
  editor.shadowRoot!.querySelector('[part="timeline"]')!.getBoundingClientRect(); // layout
  return (await nextFrame()) - start;
}

/**
 * Times the editor's own updates: the player's events (seeked, timeupdate) re-render it while
 * stepFrame is still waiting for the frame, so the render is not only after the step resolves.
 */
function updateTimer(editor: ClipEditor): { take(): number } {
  const element = editor as unknown as { update(changed: unknown): void };
  const update = element.update;
  let spent = 0;
  element.update = function (this: unknown, changed: unknown) {
    const started = performance.now();
    update.call(this, changed);
    spent += performance.now() - started;
  };
  return {
    take() {
      const value = spent;
      spent = 0;
      return value;
    },
  };
}

async function steps(editor: ClipEditor, timer: { take(): number }, count: number, from: number): Promise<{ step: number[]; redraw: number[]; work: number[] }> {
  const step: number[] = [];
  const redraw: number[] = [];
  const work: number[] = [];
  const playhead = () => editor.shadowRoot!.querySelector<HTMLElement>('[part="playhead"]')!;
  await editor.player.seek(from);
  await editor.updateComplete;
  await nextFrame();
  timer.take();
  for (let i = 0; i < count; i++) {
    const before = playhead().style.left;
    const start = performance.now();
    await editor.player.stepFrame(1);
    const stepped = performance.now();
    await editor.updateComplete;
    if (playhead().style.left === before) throw new Error(`step ${i}: the timeline did not redraw the playhead`);
    const layoutStart = performance.now();
    playhead().getBoundingClientRect(); // layout
    work.push(timer.take() + (performance.now() - layoutStart));
    const committed = await nextFrame();
    step.push(committed - start);
    redraw.push(committed - stepped);
  }
  return { step, redraw, work };
}

window.__editorBench = async ({ annotations, segments, steps: count, opens }) => {
  const query = new URLSearchParams(location.search);
  const api = query.get('api');
  if (!api) throw new Error('the page needs ?api=');
  const editor = document.createElement('clip-editor');
  editor.setAttribute('api', api);
  editor.setAttribute('asset', 'case-001');
  editor.setAttribute('muted', '');
  editor.style.cssText = 'display:block;width:960px';
  editor.token = await requestDevToken(api, 'trainee-1');
  document.body.append(editor);
  const started = performance.now();
  while (!(editor.timelineDuration > 0 && editor.player.readyState >= 2)) {
    if (performance.now() - started > 60_000) throw new Error('case-001 did not load in 60 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const fps = editor.player.frameRate;
  const duration = editor.timelineDuration;
  const base = createEdit({ id: 'edit-bench', assetId: 'case-001', title: 'Benchmark', createdBy: 'trainee-1', now: new Date() });
  const big = bigEdit(base, duration, fps, segments, annotations);
  const empty = { ...base, id: 'edit-bench-empty' };

  const result: EditorBenchResult = { frameRate: fps, duration, openBig: [], openBigSetter: [], openEmpty: [], stepBig: [], stepEmpty: [], redrawBig: [], redrawEmpty: [], workBig: [], workEmpty: [], nodesBig: 0 };
  // Each open starts from an empty Edit (what opening one in a fresh editor costs), big and empty
  // alternating so both see the same machine load; a warm-up of each first.
  const emptyAgain = { ...base, id: 'edit-bench-empty-2' };
  await open(editor, big);
  for (let i = 0; i < opens; i++) {
    await open(editor, empty);
    result.openEmpty.push(await open(editor, emptyAgain));
    await open(editor, empty);
    result.openBig.push(await open(editor, big));
    result.openBigSetter.push(lastSetter);
  }
  result.nodesBig = editor.shadowRoot!.querySelectorAll('*').length;
  // Steps in rounds of 20, big and empty alternating, so both see the same machine load.
  const timer = updateTimer(editor);
  for (let done = 0; done < count; done += 20) {
    await open(editor, big);
    const from = 1 + (done / 20) * 4;
    const bigSteps = await steps(editor, timer, Math.min(20, count - done), from);
    await open(editor, empty);
    const emptySteps = await steps(editor, timer, Math.min(20, count - done), from);
    result.stepBig.push(...bigSteps.step);
    result.redrawBig.push(...bigSteps.redraw);
    result.stepEmpty.push(...emptySteps.step);
    result.redrawEmpty.push(...emptySteps.redraw);
    result.workBig.push(...bigSteps.work);
    result.workEmpty.push(...emptySteps.work);
  }
  editor.remove();
  return result;
};
