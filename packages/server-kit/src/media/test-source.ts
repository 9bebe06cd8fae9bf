/**
 * The synthetic operating-room camera: ffmpeg's moving test pattern, tinted and vignetted like an
 * endoscope view, with a title, a clock and a frame counter burned in, and the machine-readable
 * frame code (frame-code.ts) along the top edge. Recorded cases burn in media time; the live
 * channel burns in the wall clock so latency can be read off the picture.
 */
import { frameCodeFilter } from './frame-code.js';

export interface TestSourceOptions {
  width: number;
  height: number;
  frameRate: number;
  /** Seconds; omit for an endless (live) source. */
  duration?: number;
  /** Short label drawn top-right, e.g. the case id. Ids only: never patient data. */
  label: string;
  /** `media`: hh:mm:ss.mmm of the stream; `wall`: UTC wall clock when the frame was made. */
  clock: 'media' | 'wall';
  /** Audio tone frequency in Hz, so renditions and cases can be told apart by ear. */
  toneHz?: number;
  fontFile?: string;
}

export interface TestSourceGraph {
  /** ffmpeg input arguments (lavfi sources), in input order: 0 video, 1 audio, 2 frame code canvas. */
  inputArgs: string[];
  /** A filter_complex whose output pad `[camera]` is the finished picture; audio is input 1. */
  filter: string;
}

export const DEFAULT_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';

/** Escapes text for a drawtext `text=` value inside a filtergraph. */
export function escapeDrawtext(text: string): string {
  return text.replace(/\\/g, '\\\\\\\\').replace(/'/g, "\\\\\\'").replace(/:/g, '\\\\:').replace(/,/g, '\\,');
}

export function testSourceGraph(options: TestSourceOptions): TestSourceGraph {
  const { width, height, frameRate, duration, label, clock, toneHz = 1000 } = options;
  const font = options.fontFile ?? DEFAULT_FONT;
  const limit = duration === undefined ? '' : `:duration=${duration}`;
  const code = frameCodeFilter(width, height);
  const fontSize = Math.round(height / 20);
  const clockText =
    clock === 'media'
      ? `%{pts\\:hms}`
      : // gmtime with ms is not in drawtext; seconds come from the filter clock, ms from the pts.
        `%{gmtime\\:%H\\\\\\:%M\\\\\\:%S} UTC`;
  const draw = (text: string, x: string, y: string) =>
    `drawtext=fontfile=${font}:text='${text}':x=${x}:y=${y}:fontsize=${fontSize}:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=6`;

  const filter = [
    `[2:v]format=gray,geq=${code.geq},format=yuv420p[code]`,
    `[0:v]colorchannelmixer=rr=0.9:rg=0.3:gg=0.55:bb=0.45,vignette=angle=PI/4.5[scope]`,
    `[scope][code]overlay=0:0:shortest=1,` +
      [
        draw(escapeDrawtext(label), `w-tw-${fontSize}`, `${fontSize}`),
        draw(clockText, `${fontSize}`, `h-th-${fontSize * 2.5}`),
        draw(`frame %{frame_num}`, `${fontSize}`, `h-th-${fontSize}`),
      ].join(',') +
      `[camera]`,
  ].join(';');

  return {
    inputArgs: [
      '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${frameRate}${limit}`,
      '-f', 'lavfi', '-i', `sine=frequency=${toneHz}:sample_rate=48000:beep_factor=4${limit}`,
      '-f', 'lavfi', '-i', `nullsrc=size=${code.width}x${code.height}:rate=${frameRate}${limit}`,
    ],
    filter,
  };
}
