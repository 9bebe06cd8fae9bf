/**
 * The timeline's geometry: seconds <-> pixels at a zoom level, from the whole case in the
 * visible width down to single frames, and which ticks to draw. Pure numbers, no DOM.
 */

/** The widest a frame is drawn at the deepest zoom, in CSS pixels. */
export const MAX_FRAME_WIDTH = 48;
/** The least room a labelled tick needs, in CSS pixels. */
const LABEL_SPACING = 72;
/** Frames get their own (unlabelled) tick once they are this wide. */
const FRAME_TICK_WIDTH = 6;

/** Pixels per second that show `duration` in `width`. */
export function fitScale(duration: number, width: number): number {
  return duration > 0 && width > 0 ? width / duration : 1;
}

/** The zoom range: the whole case in view, to one frame `MAX_FRAME_WIDTH` wide. */
export function scaleRange(duration: number, width: number, frameRate: number): { min: number; max: number } {
  const min = fitScale(duration, width);
  return { min, max: Math.max(min, frameRate * MAX_FRAME_WIDTH) };
}

/** `scale` times `factor`, kept in range. */
export function zoomScale(scale: number, factor: number, range: { min: number; max: number }): number {
  return Math.min(range.max, Math.max(range.min, scale * factor));
}

/** The scroll offset that keeps time `anchor` at `x` pixels from the view's left edge after zooming to `scale`. */
export function scrollFor(anchor: number, x: number, scale: number): number {
  return Math.max(0, anchor * scale - x);
}

export interface Tick {
  time: number;
  /** Major ticks get a label. */
  major: boolean;
  label?: string;
}

const STEPS_IN_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
const STEPS_IN_FRAMES = [1, 2, 5, 10];

/**
 * The ticks between `from` and `to` seconds at `scale` pixels per second: labels at the first
 * step (a frame count or seconds) with room for them, a tick per frame when frames are wide.
 */
export function ticks(from: number, to: number, scale: number, frameRate: number): Tick[] {
  const frame = 1 / frameRate;
  const frameSteps = STEPS_IN_FRAMES.map((n) => n * frame).filter((s) => s < 1);
  const steps = [...frameSteps, ...STEPS_IN_SECONDS];
  const major = steps.find((s) => s * scale >= LABEL_SPACING) ?? STEPS_IN_SECONDS[STEPS_IN_SECONDS.length - 1]!;
  const frameTicks = frame * scale >= FRAME_TICK_WIDTH;
  const minor = frameTicks ? frame : major / 5;
  const result: Tick[] = [];
  const first = Math.max(0, Math.floor(from / minor));
  const last = Math.ceil(to / minor);
  for (let i = first; i <= last && result.length < 2000; i++) {
    const time = i * minor;
    const isMajor = Math.abs(time / major - Math.round(time / major)) < 1e-6;
    result.push(isMajor ? { time, major: true, label: formatTimecode(time, frameRate, major < 1) } : { time, major: false });
  }
  return result;
}

/** `m:ss`, or `m:ss:ff` (frames) when frames matter, for labels and announcements. */
export function formatTimecode(seconds: number, frameRate: number, withFrames = true): string {
  const totalFrames = Math.round(seconds * frameRate + 1e-6);
  const fps = Math.round(frameRate);
  const whole = Math.floor(totalFrames / fps);
  const frames = totalFrames - whole * fps;
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const clock = `${h > 0 ? `${h}:${String(m).padStart(2, '0')}` : m}:${String(s).padStart(2, '0')}`;
  return withFrames ? `${clock}:${String(frames).padStart(2, '0')}` : clock;
}
