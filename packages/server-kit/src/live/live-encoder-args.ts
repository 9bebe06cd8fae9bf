/**
 * The live channel's encoder, as data: the ffmpeg arguments (one encode, a `tee` to the HLS files
 * and to the LL-DASH ingest) and the master playlist we write beside ffmpeg's media playlists.
 * Pure, so the command line is pinned by golden tests without starting ffmpeg.
 */
import { join } from 'node:path';
import { testSourceGraph } from '../media/test-source.js';

export interface LiveRendition {
  width: number;
  height: number;
  /** Average video bitrate; the encoder is capped at this rate over a 1 s buffer. */
  bitrateKbps: number;
}


export const DEFAULT_LIVE_RENDITIONS: readonly LiveRendition[] = [
  { width: 1280, height: 720, bitrateKbps: 2500 },
  { width: 640, height: 360, bitrateKbps: 700 },
];

/** Segment length of both paths; also the GOP length. */
export const LIVE_SEGMENT_SECONDS = 1;
/** CMAF chunk length of the low-latency path. */
export const LIVE_CHUNK_SECONDS = 0.2;
/** Segments listed in the LL-DASH manifest (its time-shift depth), and kept a little longer. */
export const LL_WINDOW_SEGMENTS = 20;
export const LL_EXTRA_WINDOW_SEGMENTS = 5;
/** Name of the MPD under `ingestUrl`. */
export const LL_MANIFEST_NAME = 'manifest.mpd';

const AUDIO_BITRATE_KBPS = 64;
const AUDIO_CODEC = 'mp4a.40.2';
export const AUDIO_NAME = 'audio';


/** The folder (and HLS variant name) of a rendition. */
export function renditionName(rendition: LiveRendition): string {
  return `${rendition.height}p`;
}

/** Path of a rendition's media playlist relative to `outputDir`. */
export function mediaPlaylistPath(rendition: LiveRendition | 'audio'): string {
  return `${rendition === 'audio' ? AUDIO_NAME : renditionName(rendition)}/index.m3u8`;
}

/**
 * The H.264 level x264 is told to use, and that the CODECS string announces: the lowest level
 * whose frame size, macroblock rate and bitrate limits (High profile) fit the rendition.
 */
export function h264Level(rendition: LiveRendition, frameRate: number): number {
  const frameMbs = Math.ceil(rendition.width / 16) * Math.ceil(rendition.height / 16);
  const mbRate = frameMbs * frameRate;
  const levels: [level: number, maxMbps: number, maxFs: number, maxKbps: number][] = [
    [30, 40500, 1620, 12500],
    [31, 108000, 3600, 17500],
    [32, 216000, 5120, 25000],
    [40, 245760, 8192, 25000],
    [41, 245760, 8192, 62500],
    [42, 522240, 8704, 62500],
    [50, 589824, 22080, 168750],
    [51, 983040, 36864, 300000],
    [52, 2073600, 36864, 300000],
  ];
  const fit = levels.find(([, maxMbps, maxFs, maxKbps]) => mbRate <= maxMbps && frameMbs <= maxFs && rendition.bitrateKbps <= maxKbps);
  if (!fit) throw new TypeError(`LiveChannel: rendition ${rendition.width}x${rendition.height}@${frameRate} exceeds H.264 level 5.2.`);
  return fit[0];
}

/** RFC 6381 codec string of a rendition (High profile, no constraint flags, the level above). */
export function h264Codec(rendition: LiveRendition, frameRate: number): string {
  return `avc1.6400${h264Level(rendition, frameRate).toString(16).padStart(2, '0')}`;
}

/** The HLS master playlist: one audio group, one variant per video rendition. */
export function liveMasterPlaylist(renditions: readonly LiveRendition[], frameRate: number): string {
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    '#EXT-X-INDEPENDENT-SEGMENTS',
    `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="${AUDIO_NAME}",NAME="Audio",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="1",URI="${mediaPlaylistPath('audio')}"`,
  ];
  for (const rendition of renditions) {
    const average = (rendition.bitrateKbps + AUDIO_BITRATE_KBPS) * 1000;
    // The encoder is capped at the average over a 1 s buffer; measured 1 s segments (fMP4 overhead
    // and VBV slack included) peak about 10% above it, so 25% leaves room.
    const peak = Math.round(average * 1.25);
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${peak},AVERAGE-BANDWIDTH=${average},` +
        `CODECS="${h264Codec(rendition, frameRate)},${AUDIO_CODEC}",RESOLUTION=${rendition.width}x${rendition.height},` +
        `FRAME-RATE=${frameRate.toFixed(3)},AUDIO="${AUDIO_NAME}"`,
      mediaPlaylistPath(rendition),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Escapes text for one level of ffmpeg's `av_get_token` parsing: a backslash keeps the next
 * character literal; backslashes, quotes and whitespace always need it, plus the level's
 * separators. The tee muxer parses its output spec twice: once to split slaves on `|`, then once
 * per slave to read `[key=value:...]`.
 */
export function escapeFfmpegToken(value: string, separators: string): string {
  return [...value].map((c) => ("\\'".includes(c) || /\s/.test(c) || separators.includes(c) ? `\\${c}` : c)).join('');
}

/** One tee slave: `[key=value:...]target`, escaped for both parsing levels. */
export function teeSlave(options: Record<string, string | number>, target: string): string {
  const spec = Object.entries(options)
    .map(([key, value]) => `${key}=${escapeFfmpegToken(String(value), ':]')}`)
    .join(':');
  return escapeFfmpegToken(`[${spec}]${target}`, '|');
}

export interface LiveChannelArgsInput {
  label: string;
  outputDir: string;
  frameRate: number;
  renditions: readonly LiveRendition[];
  dvrWindowSeconds: number;
  /** Full URL of the MPD to PUT; omit for no low-latency path. */
  manifestUrl?: string;
  utcTimingUrl?: string;
  targetLatencySeconds: number;
  /** Continue an existing HLS playlist (after a restart) instead of starting one. */
  appendToPlaylist: boolean;
}

/** The ffmpeg arguments of the channel (after spawnFfmpeg's own `-hide_banner -nostdin -loglevel error`). */
export function liveChannelArgs(input: LiveChannelArgsInput): string[] {
  const { frameRate, renditions, outputDir } = input;
  const top = renditions[0];
  if (!top) throw new TypeError('LiveChannel: renditions must not be empty.');
  const graph = testSourceGraph({
    width: top.width,
    height: top.height,
    frameRate,
    label: input.label,
    clock: 'wall',
  });
  // Real time: every lavfi input is read at its native rate, so the wall clock drawn on a frame
  // is the time it was made and the playlist's program-date-time matches the picture.
  const inputArgs: string[] = [];
  for (const arg of graph.inputArgs) {
    if (arg === '-i') inputArgs.push('-re');
    inputArgs.push(arg);
  }

  // Convert to 4:2:0 once, then split; each rendition is scaled from that and encoded once.
  const outLabels = renditions.map((_, i) => `v${i}`);
  let filter = `${graph.filter};[camera]format=yuv420p`;
  if (renditions.length === 1) {
    filter += `[${outLabels[0]}]`;
  } else {
    filter += `,split=${renditions.length}${outLabels.map((l) => `[${l}in]`).join('')}`;
    renditions.forEach((r, i) => {
      filter += `;[v${i}in]` + (r.width === top.width && r.height === top.height ? 'null' : `scale=${r.width}:${r.height}`) + `[v${i}]`;
    });
  }

  const gop = String(Math.round(frameRate * LIVE_SEGMENT_SECONDS));
  const encode: string[] = [
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-profile:v', 'high',
    '-pix_fmt', 'yuv420p', '-g', gop, '-keyint_min', gop, '-sc_threshold', '0', '-bf', '0',
  ];
  renditions.forEach((r, i) => {
    const rate = `${r.bitrateKbps}k`;
    encode.push(`-b:v:${i}`, rate, `-maxrate:v:${i}`, rate, `-bufsize:v:${i}`, rate);
    encode.push(`-level:v:${i}`, (h264Level(r, frameRate) / 10).toFixed(1));
  });
  encode.push('-c:a', 'aac', '-b:a', `${AUDIO_BITRATE_KBPS}k`, '-ar', '48000', '-ac', '1');
  // The tee muxer cannot tell the encoders that MP4-family muxers want out-of-band headers.
  encode.push('-flags', '+global_header');

  const maps = [...outLabels.map((l) => ['-map', `[${l}]`]).flat(), '-map', '1:a'];

  const hlsFlags = ['program_date_time', 'delete_segments', 'independent_segments'];
  if (input.appendToPlaylist) hlsFlags.push('append_list');
  const variantMap = [
    `a:0,agroup:${AUDIO_NAME},name:${AUDIO_NAME}`,
    ...renditions.map((r, i) => `v:${i},agroup:${AUDIO_NAME},name:${renditionName(r)}`),
  ].join(' ');
  const slaves = [
    teeSlave(
      {
        f: 'hls',
        hls_time: LIVE_SEGMENT_SECONDS,
        hls_list_size: Math.max(1, Math.ceil(input.dvrWindowSeconds / LIVE_SEGMENT_SECONDS)),
        hls_segment_type: 'fmp4',
        hls_fmp4_init_filename: 'init.mp4',
        hls_segment_filename: join(outputDir, '%v', 'seg-%d.m4s'),
        hls_flags: hlsFlags.join('+'),
        var_stream_map: variantMap,
      },
      join(outputDir, '%v', 'index.m3u8'),
    ),
  ];
  if (input.manifestUrl) {
    const dash: Record<string, string | number> = {
      f: 'dash',
      // A failing ingest must not take the HLS path down with it.
      onfail: 'ignore',
      ldash: 1,
      streaming: 1,
      seg_duration: LIVE_SEGMENT_SECONDS,
      frag_type: 'duration',
      frag_duration: LIVE_CHUNK_SECONDS,
      use_template: 1,
      use_timeline: 0,
      window_size: LL_WINDOW_SEGMENTS,
      extra_window_size: LL_EXTRA_WINDOW_SEGMENTS,
      format_options: 'movflags=cmaf',
      adaptation_sets: 'id=0,streams=v id=1,streams=a',
      target_latency: input.targetLatencySeconds,
      // Lets dash.js and shaka catch up or slow down gently to hold the target latency.
      min_playback_rate: 0.96,
      max_playback_rate: 1.04,
      // Players re-read the MPD every 2 s, so a restarted channel (new availabilityStartTime) is picked up.
      update_period: 2,
      method: 'PUT',
      ignore_io_errors: 1,
      timeout: 5,
    };
    if (input.utcTimingUrl) dash['utc_timing_url'] = input.utcTimingUrl;
    slaves.push(teeSlave(dash, input.manifestUrl));
  }

  return [
    '-progress', 'pipe:1', '-nostats',
    ...inputArgs,
    '-filter_complex', filter,
    ...maps,
    ...encode,
    '-f', 'tee', slaves.join('|'),
  ];
}
