/**
 * Stalls from samples of (wall-clock time, media time), as a viewer sees them: time in which the
 * picture did not advance. Measured as wall time minus media time elapsed, not as gaps between
 * samples, so a busy page whose timers and frame callbacks run late (while the video keeps
 * playing) shows no stall, and a stall is still seen whenever the page samples.
 */
export type Sample = readonly [wall: number, media: number, ...rest: number[]];

export interface Stall<S extends Sample = Sample> {
  /** Wall-clock ms when the picture stopped advancing, and when it moved again. */
  from: number;
  to: number;
  /** Wall time lost, ms. */
  lostMs: number;
  /** The last sample before the picture stopped: what the player had then. */
  before: S;
}

/** Episodes in which the media advanced at less than half the wall clock's speed, with the time each lost. */
export function stallsOf<S extends Sample>(samples: readonly S[]): Array<Stall<S>> {
  const stalls: Array<Stall<S>> = [];
  let current: Stall<S> | undefined;
  for (let i = 1; i < samples.length; i++) {
    const [wallBefore, mediaBefore] = samples[i - 1]!;
    const [wall, media] = samples[i]!;
    const wallMs = wall - wallBefore;
    const lostMs = Math.max(0, wallMs - Math.max(0, media - mediaBefore) * 1000);
    if (wallMs > 0 && lostMs > wallMs / 2) {
      current ??= { from: wallBefore, to: wall, lostMs: 0, before: samples[i - 1]! };
      current.to = wall;
      current.lostMs += lostMs;
    } else if (current) {
      // The interval the picture moved again in may still have lost part of its time.
      current.lostMs += lostMs;
      stalls.push(current);
      current = undefined;
    }
  }
  if (current) stalls.push(current);
  return stalls;
}
