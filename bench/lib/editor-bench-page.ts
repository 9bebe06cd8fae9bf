/// <reference lib="dom" />
/**
 * The editor benchmark's page (bundled with esbuild, run in headless Chromium): a `<clip-editor>`
 * on case-001 of the local stack, and the two measures of issue 4, taken in the page with
 * `performance.now()` and `requestAnimationFrame`:
 *
 * - open: from setting `value` to the Edit on screen (the timeline's segments and the annotations
 *   list rendered, then the next frame);
 * - step: `stepFrame(1)` until the new frame is on screen, plus the editor's redraw of the
 *   timeline for the new time, committed for the next paint (the update rendered and laid out),
 *   and, as separate figures, until the next animation frame (which adds the wait for vsync) and
 *   until stepFrame resolves. The player serves steps from its decoded-frame cache once it has
 *   decoded the frames around a paused playhead: the cached picture goes over the video and the
 *   player announces the new position (`timeupdate`) at once, and stepFrame resolves when the
 *   video presents the frame itself. So each round of steps starts after the pause a viewer takes
 *   before stepping (until a step is served from the cache), and the first step right after each
 *   seek, before the cache is filled, is timed on its own (the cache-miss path).
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
  /** ms per step: stepFrame called to the frame on screen and the redraw committed for the next paint (rendered and laid out). */
  stepBig: number[];
  stepEmpty: number[];
  /** ms per step: the same, until the next animation frame (vsync wait included). */
  stepFrameBig: number[];
  stepFrameEmpty: number[];
  /** ms per step: until stepFrame resolved (the video presents the frame itself). */
  resolvedBig: number[];
  resolvedEmpty: number[];
  /** Steps served from the player's decoded-frame cache (the overlay shown when stepFrame resolved). */
  cachedBig: number;
  cachedEmpty: number;
  /** ms: the first step right after each seek (the cache not filled yet), stepFrame + redraw committed. */
  firstStepBig: number[];
  firstStepEmpty: number[];
  /** Whether each of those first steps was served from the cache. */
  firstCached: number;
  /** ms per step: from the frame on screen to the next animation frame (the editor's redraw and the vsync wait). */
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

/** Whether the player's cached-frame overlay is up: the step under way is served from its decoded-frame cache. */
function overlayUp(editor: ClipEditor): boolean {
  return editor.player.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.frame-cache')?.hidden === false;
}

interface StepTimes {
  /** From stepFrame called to the new frame on screen and the timeline's redraw rendered and laid out. */
  committed: number;
  /** The same until the next animation frame. */
  frame: number;
  /** From the frame on screen to the next animation frame. */
  redraw: number;
  /** Until stepFrame resolved (the video presents the frame itself). */
  resolved: number;
  work: number;
  cached: boolean;
}

/** Adds a round of steps to the figures of one Edit (`Big` or `Empty`). */
function record(result: EditorBenchResult, edit: 'Big' | 'Empty', round: { first: StepTimes; steps: StepTimes[] }): void {
  result[`step${edit}`].push(...round.steps.map((t) => t.committed));
  result[`stepFrame${edit}`].push(...round.steps.map((t) => t.frame));
  result[`redraw${edit}`].push(...round.steps.map((t) => t.redraw));
  result[`resolved${edit}`].push(...round.steps.map((t) => t.resolved));
  result[`work${edit}`].push(...round.steps.map((t) => t.work));
  result[`cached${edit}`] += round.steps.filter((t) => t.cached).length;
  result[`firstStep${edit}`].push(round.first.committed);
}

/**
 * One step, timed. The frame is on screen when the player announces the new position with its
 * cached picture over the video (its `timeupdate`, dispatched with the overlay up), or, on a
 * cache miss, when stepFrame resolves (the video presented it).
 */
async function step(editor: ClipEditor, timer: { take(): number }, label: string): Promise<StepTimes> {
  const player = editor.player;
  const playhead = () => editor.shadowRoot!.querySelector<HTMLElement>('[part="playhead"]')!;
  const before = playhead().style.left;
  const start = performance.now();
  const stepping = player.stepFrame(1).then(() => performance.now());
  let cached = false;
  await new Promise<void>((resolve) => {
    const announced = () => {
      if (!overlayUp(editor)) return;
      cached = true;
      resolve();
    };
    player.addEventListener('timeupdate', announced);
    void stepping.finally(() => {
      player.removeEventListener('timeupdate', announced);
      resolve();
    });
  });
  const onScreen = performance.now();
  await editor.updateComplete;
  if (playhead().style.left === before) throw new Error(`${label}: the timeline did not redraw the playhead`);
  const layoutStart = performance.now();
  playhead().getBoundingClientRect(); // layout
  const laidOut = performance.now();
  const layout = laidOut - layoutStart;
  const frame = await nextFrame();
  const resolved = await stepping;
  // The video's own timeupdate and seeked re-render the editor too: part of the step's work.
  await editor.updateComplete;
  return { committed: laidOut - start, frame: frame - start, redraw: frame - onScreen, resolved: resolved - start, work: timer.take() + layout, cached };
}

/** Steps `n` frames; whether the step was served from the cache. */
async function servedFromCache(editor: ClipEditor, n: number): Promise<boolean> {
  let cached = false;
  const announced = () => (cached ||= overlayUp(editor));
  editor.player.addEventListener('timeupdate', announced);
  try {
    await editor.player.stepFrame(n);
  } finally {
    editor.player.removeEventListener('timeupdate', announced);
  }
  return cached;
}

/** Seeks to `from`, takes the first step at once (before the cache is filled), pauses until steps come from the cache, then takes `count` steps. */
async function steps(editor: ClipEditor, timer: { take(): number }, count: number, from: number): Promise<{ first: StepTimes; steps: StepTimes[] }> {
  await editor.player.seek(from);
  await editor.updateComplete;
  await nextFrame();
  timer.take();
  const first = await step(editor, timer, `the first step after the seek to ${from}`);
  // A viewer's pause before stepping: until stepping in place is served from the cache (or 5 s).
  const paused = performance.now();
  do await new Promise((resolve) => setTimeout(resolve, 50));
  while (!(await servedFromCache(editor, 0)) && performance.now() - paused < 5000);
  await editor.updateComplete;
  await nextFrame();
  timer.take();
  const times: StepTimes[] = [];
  for (let i = 0; i < count; i++) times.push(await step(editor, timer, `step ${i}`));
  return { first, steps: times };
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

  const result: EditorBenchResult = {
    frameRate: fps,
    duration,
    openBig: [],
    openBigSetter: [],
    openEmpty: [],
    stepBig: [],
    stepEmpty: [],
    stepFrameBig: [],
    stepFrameEmpty: [],
    resolvedBig: [],
    resolvedEmpty: [],
    cachedBig: 0,
    cachedEmpty: 0,
    firstStepBig: [],
    firstStepEmpty: [],
    firstCached: 0,
    redrawBig: [],
    redrawEmpty: [],
    workBig: [],
    workEmpty: [],
    nodesBig: 0,
  };
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
    const bigRound = await steps(editor, timer, Math.min(20, count - done), from);
    await open(editor, empty);
    // The empty Edit's round is half a case away, where nothing is cached yet.
    const emptyRound = await steps(editor, timer, Math.min(20, count - done), (from + duration / 2) % (duration - 2));
    record(result, 'Big', bigRound);
    record(result, 'Empty', emptyRound);
    result.firstCached += Number(bigRound.first.cached) + Number(emptyRound.first.cached);
  }
  editor.remove();
  return result;
};
