/**
 * Shared by the Edit tests: the golden valid Edit, the frame rates the properties range over, and
 * arbitraries of frame-aligned segment lists.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { frameTime, type Edit, type Segment } from '../../src/index.js';

/** The golden Edit: every field, every shape type; valid against an asset of 60 s at 25 fps. */
export function goldenEdit(): Edit {
  return JSON.parse(readFileSync(new URL('./vectors/edit-full.json', import.meta.url), 'utf8')) as Edit;
}

export const GOLDEN_ASSET = { assetDuration: 60, frameRate: 25 } as const;

/** Broadcast and camera rates, written the ways people write them (29.97 and 30000/1001 alike). */
export const FRAME_RATES = [12.5, 23.976, 24, 25, 29.97, 30000 / 1001, 30, 50, 59.94, 60000 / 1001, 60, 119.88] as const;

export const frameRate = fc.constantFrom(...FRAME_RATES);

/**
 * A number in [min, max) spread evenly (fc.double spreads over float bit patterns, so most of its
 * values are near 0), in steps of (max - min) / 1e6.
 */
export function uniform(min: number, max: number): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: 999_999 }).map((n) => min + ((max - min) * n) / 1_000_000);
}

/** Frames per second as an exact fraction, for the tests' own reference arithmetic. */
export function framesPerSecond(rate: number): { num: number; den: number } {
  const ntsc = Math.round(rate * 1.001);
  if (Number.isInteger(rate)) return { num: rate, den: 1 };
  if (rate === 12.5) return { num: 25, den: 2 };
  return { num: ntsc * 1000, den: 1001 };
}

export interface AlignedSegments {
  frameRate: number;
  segments: Segment[];
  /** The same segments as [startFrame, endFrame). */
  frames: [number, number][];
}

/** Sorted, non-overlapping, frame-aligned segments (some touching, some with gaps), at any of FRAME_RATES. */
export const alignedSegments: fc.Arbitrary<AlignedSegments> = fc
  .record({
    frameRate,
    firstFrame: fc.nat({ max: 100_000 }),
    parts: fc.array(fc.record({ gap: fc.oneof(fc.constant(0), fc.nat({ max: 5000 })), length: fc.integer({ min: 1, max: 5000 }) }), {
      minLength: 1,
      maxLength: 8,
    }),
  })
  .map(({ frameRate: rate, firstFrame, parts }) => {
    const frames: [number, number][] = [];
    let at = firstFrame;
    for (const { gap, length } of parts) {
      at += frames.length === 0 ? 0 : gap;
      frames.push([at, at + length]);
      at += length;
    }
    return { frameRate: rate, frames, segments: frames.map(([a, b]) => ({ start: frameTime(a, rate), end: frameTime(b, rate) })) };
  });

/** Freezes `value` all the way down, so any mutation by the code under test throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
