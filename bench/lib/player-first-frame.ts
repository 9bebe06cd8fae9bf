/// <reference lib="dom" />
/**
 * In the page: when the first frame of `video` is on screen, as `performance.now()` (milliseconds
 * since navigation start). `requestVideoFrameCallback` fires when a frame is presented; where it
 * is missing, `playing` with the playhead moved stands in.
 */
export function firstFrame(video: HTMLVideoElement, timeoutMs = 30_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no frame on screen within ${timeoutMs} ms`)), timeoutMs);
    const done = (at: number) => {
      clearTimeout(timer);
      resolve(at);
    };
    if (typeof video.requestVideoFrameCallback === 'function') {
      video.requestVideoFrameCallback(() => done(performance.now()));
      return;
    }
    const check = (): unknown => (video.currentTime > 0 ? done(performance.now()) : requestAnimationFrame(check));
    video.addEventListener('playing', check, { once: true });
  });
}

/** What a first-frame page hands back to the benchmark (on `window.__firstFrame`). */
export interface FirstFrameResult {
  /** From navigation start (code download and start-up included). */
  fromNavigationMs: number;
  /** From the moment the page's code starts the playback (element created / hls.js set up). */
  fromStartMs: number;
}

declare global {
  interface Window {
    __firstFrame: Promise<FirstFrameResult>;
  }
}

/** Page query parameters every first-frame page reads. */
export function pageParams(): { api: string; asset: string; token: string } {
  const query = new URLSearchParams(location.search);
  const read = (name: string) => {
    const value = query.get(name);
    if (!value) throw new Error(`the page needs ?${name}=`);
    return value;
  };
  return { api: read('api'), asset: read('asset'), token: read('token') };
}
