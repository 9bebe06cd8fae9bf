/**
 * Picks the engine for a source and loads its code only then: a page that plays only HLS never
 * downloads shaka-player, and one that plays only DASH never downloads hls.js. The choice is by
 * the URL's type first, then by Media Source Extensions support: Chromium on Linux answers
 * `canPlayType('application/vnd.apple.mpegurl')` with "maybe" without playing HLS well, so native
 * HLS is only the fallback where MSE is missing (older iPhones).
 */
import { PlayerError } from '../errors/player-error.js';
import type { Engine, EngineKit, EngineName } from './engine.js';

export type SourceType = 'hls' | 'dash' | 'progressive';

/** By the path's extension: `.m3u8` HLS, `.mpd` DASH, anything else (MP4, WebM) progressive. */
export function sourceTypeOf(url: string): SourceType {
  const path = (url.split(/[?#]/, 1)[0] ?? url).toLowerCase();
  if (path.endsWith('.m3u8')) return 'hls';
  if (path.endsWith('.mpd')) return 'dash';
  return 'progressive';
}

/** MediaSource, or Safari's ManagedMediaSource, able to play H.264 + AAC in fMP4. */
export function hasMediaSource(): boolean {
  const scope = globalThis as { ManagedMediaSource?: typeof MediaSource; MediaSource?: typeof MediaSource };
  const source = scope.ManagedMediaSource ?? scope.MediaSource;
  return typeof source?.isTypeSupported === 'function' && source.isTypeSupported('video/mp4; codecs="avc1.42E01E,mp4a.40.2"');
}

export function chooseEngine(type: SourceType, video: HTMLVideoElement, mse = hasMediaSource()): EngineName | undefined {
  if (type === 'progressive') return 'native';
  if (mse) return type === 'hls' ? 'hls.js' : 'shaka';
  if (type === 'hls' && video.canPlayType('application/vnd.apple.mpegurl') !== '') return 'native';
  return undefined;
}

/** Creates the engine for `url`, importing its module (and library) on first use. */
export async function createEngine(url: string, video: HTMLVideoElement): Promise<Engine> {
  const type = sourceTypeOf(url);
  const name = chooseEngine(type, video);
  if (!name) {
    throw new PlayerError({
      code: 'unsupported-source',
      message: `This browser cannot play ${type === 'dash' ? 'DASH' : 'HLS'} (no Media Source Extensions): use an HLS or MP4 source.`,
      fatal: true,
    });
  }
  try {
    const [Implementation, kit] = await Promise.all([ENGINES[name](), importEngineKit()]);
    return new Implementation(video, kit);
  } catch (cause) {
    throw new PlayerError({
      code: 'engine-load-failed',
      message: `The ${name} engine could not be loaded (${cause instanceof Error ? cause.message : String(cause)}): check that the app's bundle includes it, then call load().`,
      fatal: true,
      cause,
    });
  }
}

type EngineClass = new (video: HTMLVideoElement, kit: EngineKit) => Engine;

/** Each engine's class, its module (and library) imported on first use. */
const ENGINES: Record<EngineName, () => Promise<EngineClass>> = {
  'hls.js': async () => (await import('./hls-engine.js')).HlsEngine,
  shaka: async () => (await import('./shaka-engine.js')).ShakaEngine,
  native: async () => (await import('./native-engine.js')).NativeEngine,
};

/** The code all engines share, handed to them rather than imported by them (engine-kit.ts says why). */
const importEngineKit = () => import('./engine-kit.js');

/**
 * Starts downloading the engine a source of `type` would get, without creating it, so the code
 * arrives while the grant is still being asked for instead of after it (the engine chunk is the
 * largest download before the first frame). A failure is left to `createEngine` to report.
 */
export function preloadEngine(type: SourceType, video: HTMLVideoElement): void {
  const name = chooseEngine(type, video);
  if (!name) return;
  // The engine chunk first: it is the larger download.
  void ENGINES[name]().catch(() => undefined);
  void importEngineKit().catch(() => undefined);
}
