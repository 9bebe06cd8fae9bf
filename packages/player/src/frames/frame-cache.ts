/**
 * Decoded pictures around the playhead, by frame index, a segment at a time (a segment is decoded
 * whole, so it is kept or dropped whole). Decoded video is big (a 720p picture is 1.4 MB), so the
 * cache holds a bounded number of segments and bytes, and drops the segments the playhead has left;
 * every VideoFrame it lets go of is closed, or the decoder's memory would wait for the garbage
 * collector.
 */

export interface FrameCacheLimits {
  /** Segments kept at most (the one at the playhead and its neighbours). */
  maxSegments: number;
  /** Bytes of decoded pictures kept at most. */
  maxBytes: number;
}

interface CachedSegment {
  /** Frame index of each picture. */
  frames: Map<number, VideoFrame>;
  bytes: number;
}

export class FrameCache {
  readonly #limits: FrameCacheLimits;
  readonly #segments = new Map<string, CachedSegment>();
  /** Which segment holds each frame index. */
  readonly #index = new Map<number, CachedSegment>();

  constructor(limits: FrameCacheLimits) {
    this.#limits = limits;
  }

  /** Whether the segment `key` is already decoded here. */
  has(key: string): boolean {
    return this.#segments.has(key);
  }

  /** The picture of frame `index`, if cached. */
  get(index: number): VideoFrame | undefined {
    return this.#index.get(index)?.frames.get(index);
  }

  get size(): number {
    return this.#index.size;
  }

  /** Keeps the pictures of segment `key` (frame index to picture); a picture already held for an index wins. */
  add(key: string, frames: ReadonlyMap<number, VideoFrame>): void {
    this.#drop(key);
    const segment: CachedSegment = { frames: new Map(), bytes: 0 };
    for (const [index, frame] of frames) {
      if (this.#index.has(index) || segment.frames.has(index)) {
        frame.close();
        continue;
      }
      segment.frames.set(index, frame);
      segment.bytes += frame.allocationSize();
    }
    if (segment.frames.size === 0) return;
    this.#segments.set(key, segment);
    for (const index of segment.frames.keys()) this.#index.set(index, segment);
  }

  /** Bytes of decoded pictures held. */
  get bytes(): number {
    let bytes = 0;
    for (const segment of this.#segments.values()) bytes += segment.bytes;
    return bytes;
  }

  /** Whether one more segment of about `bytes` fits in the limits. */
  fits(bytes: number): boolean {
    return this.#segments.size < this.#limits.maxSegments && this.bytes + bytes <= this.#limits.maxBytes;
  }

  /** Drops every segment but `keep` (the playhead moved away from them). */
  retain(keep: ReadonlySet<string>): void {
    for (const key of [...this.#segments.keys()]) if (!keep.has(key)) this.#drop(key);
  }

  /** Closes every picture (new source, new rendition, teardown). */
  clear(): void {
    for (const key of [...this.#segments.keys()]) this.#drop(key);
  }

  #drop(key: string): void {
    const segment = this.#segments.get(key);
    if (!segment) return;
    this.#segments.delete(key);
    for (const [index, frame] of segment.frames) {
      if (this.#index.get(index) === segment) this.#index.delete(index);
      frame.close();
    }
  }
}
