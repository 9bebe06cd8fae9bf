/**
 * Decodes one media segment's video samples with WebCodecs, all at once: a segment starts with a
 * keyframe (a GOP per segment), so it decodes by itself, and the decoder hands back every picture
 * of it, in presentation order, while the video element keeps only the one on screen.
 */
import type { VideoSample, VideoTrackInfo } from './mp4-samples.js';

/** Whether this browser has WebCodecs video decoding at all. */
export function canDecodeFrames(): boolean {
  return typeof globalThis.VideoDecoder === 'function' && typeof globalThis.EncodedVideoChunk === 'function';
}

/** The decoder configuration of a track, or undefined when the browser cannot decode it. */
export async function decoderConfigFor(track: VideoTrackInfo): Promise<VideoDecoderConfig | undefined> {
  const config: VideoDecoderConfig = { codec: track.codec, description: track.description, codedWidth: track.codedWidth, codedHeight: track.codedHeight };
  const support = await VideoDecoder.isConfigSupported(config).catch(() => undefined);
  return support?.supported ? config : undefined;
}

/**
 * The pictures of `samples` (a segment, from its first keyframe), in presentation order; each
 * VideoFrame's timestamp is its sample's presentation time in microseconds of the track's own
 * timeline. The caller owns the frames and closes them. Aborting closes what was decoded and rejects.
 */
export async function decodeSamples(config: VideoDecoderConfig, track: VideoTrackInfo, samples: readonly VideoSample[], signal: AbortSignal): Promise<VideoFrame[]> {
  const first = samples.findIndex((sample) => sample.keyframe);
  if (first === -1) return [];
  const frames: VideoFrame[] = [];
  let failure: unknown;
  const decoder = new VideoDecoder({
    output: (frame) => {
      if (signal.aborted) frame.close();
      else frames.push(frame);
    },
    error: (error) => (failure = error),
  });
  const closeAll = () => {
    for (const frame of frames.splice(0)) frame.close();
  };
  const abort = () => {
    if (decoder.state !== 'closed') decoder.close();
  };
  signal.addEventListener('abort', abort, { once: true });
  try {
    decoder.configure(config);
    const micros = (ticks: number) => Math.round((ticks / track.timescale) * 1e6);
    for (const sample of samples.slice(first)) {
      decoder.decode(new EncodedVideoChunk({ type: sample.keyframe ? 'key' : 'delta', timestamp: micros(sample.pts), duration: micros(sample.duration), data: sample.data }));
    }
    await decoder.flush();
    if (failure) throw failure;
    signal.throwIfAborted();
    return frames.sort((a, b) => a.timestamp - b.timestamp);
  } catch (error) {
    closeAll();
    if (signal.aborted) throw signal.reason;
    throw error;
  } finally {
    signal.removeEventListener('abort', abort);
    if (decoder.state !== 'closed') decoder.close();
  }
}
