/**
 * The ffmpeg runs that stand in for a MediaConvert job.
 *
 * One encode makes every rendition: the synthetic camera is drawn once at 1280x720 and split, so
 * all renditions carry the very same frames (the frame code survives into each). The ladder is
 * encoded with a fixed GOP of one segment (keyframes exactly on segment boundaries, no scene-cut
 * keyframes) and packaged by the dash muxer into CMAF segments that both the MPD and the HLS
 * playlists reference.
 *
 * The thumbnail sprite and the poster come from a second, cheap run that decodes only the
 * keyframes of the packaged top rendition: those are exactly the frames a seek lands on. They are
 * not outputs of the encode because ffmpeg reports no progress until every output has started,
 * and a sprite only starts at the very end.
 *
 * Output names are relative: ffmpeg runs with the case folder as its working directory.
 */
import type { CaseDefinition } from './case-catalogue.js';
import { testSourceGraph } from './test-source.js';
import { thumbnailSpriteLayout, type ThumbnailSpriteLayout } from './thumbnail-sprite.js';

export interface RenditionSpec {
  id: string;
  width: number;
  height: number;
  /** Target video bitrate, bits per second. */
  videoBitrate: number;
}

/** 720p, 480p, 240p; the first one is the camera's own size. */
export const RENDITION_LADDER: readonly RenditionSpec[] = [
  { id: '720p', width: 1280, height: 720, videoBitrate: 1_800_000 },
  { id: '480p', width: 854, height: 480, videoBitrate: 800_000 },
  { id: '240p', width: 426, height: 240, videoBitrate: 300_000 },
];

export const SOURCE_WIDTH = 1280;
export const SOURCE_HEIGHT = 720;

export interface VodEncodeSettings {
  renditions: readonly RenditionSpec[];
  /**
   * x264 preset. Measured on a shared 2-core box for both catalogue cases (4 min of media):
   * `ultrafast` 95-105 s, `superfast` 118-132 s, `veryfast` about 157 s. The synthetic camera
   * itself costs a third of a core per second of media, so presets only trim the rest. On this
   * flat picture the loss of quality is hard to see, and every frame code still reads back in
   * every rendition.
   */
  preset: string;
  segmentSeconds: number;
  audioBitrate: number;
  thumbnails: { intervalSeconds: number; width: number; height: number; maxColumns: number };
}

export const DEFAULT_ENCODE_SETTINGS: VodEncodeSettings = {
  renditions: RENDITION_LADDER,
  preset: 'ultrafast',
  segmentSeconds: 2,
  audioBitrate: 96_000,
  thumbnails: { intervalSeconds: 2, width: 160, height: 90, maxColumns: 10 },
};

/** File names inside a case folder. */
export const CASE_FILES = {
  hls: 'master.m3u8',
  dash: 'manifest.mpd',
  thumbnails: 'thumbnails.vtt',
  thumbnailSprite: 'thumbnails.jpg',
  captions: 'captions.en.vtt',
  captionsPlaylist: 'captions.m3u8',
  chapters: 'chapters.vtt',
  poster: 'poster.jpg',
  caseJson: 'case.json',
} as const;

export interface CaseEncodePlan {
  /** The encode: renditions and audio, packaged as HLS + DASH over CMAF segments. */
  args: string[];
  /** The image run: sprite and poster from the keyframes of the packaged top rendition. */
  imageArgs: string[];
  sprite: ThumbnailSpriteLayout;
  /** The frame used as the poster (a keyframe). */
  posterFrame: number;
}

export function caseEncodePlan(definition: CaseDefinition, settings: VodEncodeSettings = DEFAULT_ENCODE_SETTINGS): CaseEncodePlan {
  const { durationSeconds, frameRate } = definition;
  const gop = Math.round(settings.segmentSeconds * frameRate);
  if (Math.abs(gop - settings.segmentSeconds * frameRate) > 1e-9) {
    throw new RangeError(`segmentSeconds (${settings.segmentSeconds}) must be a whole number of frames at ${frameRate} fps.`);
  }
  if (settings.renditions.length === 0) throw new RangeError('renditions must not be empty.');
  const sprite = thumbnailSpriteLayout({
    durationSeconds,
    frameRate,
    intervalSeconds: settings.thumbnails.intervalSeconds,
    tileWidth: settings.thumbnails.width,
    tileHeight: settings.thumbnails.height,
    maxColumns: settings.thumbnails.maxColumns,
  });
  if (sprite.intervalFrames % gop !== 0) {
    throw new RangeError(`thumbnails.intervalSeconds must be a whole number of segments (${settings.segmentSeconds} s): tiles are keyframes.`);
  }
  const keyframeCount = Math.ceil((durationSeconds * frameRate) / gop);
  // A quarter in, on a keyframe.
  const posterKeyframe = Math.min(keyframeCount - 1, Math.round(durationSeconds / 4 / settings.segmentSeconds));

  const source = testSourceGraph({
    width: SOURCE_WIDTH,
    height: SOURCE_HEIGHT,
    frameRate,
    duration: durationSeconds,
    label: definition.id,
    clock: 'media',
    ...(definition.toneHz === undefined ? {} : { toneHz: definition.toneHz }),
  });

  const pads = settings.renditions.map((_, index) => `r${index}`);
  const filter = [
    source.filter,
    `[camera]split=${pads.length}${pads.map((pad) => `[${pad}in]`).join('')}`,
    ...settings.renditions.map((rendition, index) =>
      rendition.width === SOURCE_WIDTH && rendition.height === SOURCE_HEIGHT
        ? `[r${index}in]null[r${index}]`
        : // scale keeps the 16:9 display shape through the sample aspect ratio (854x480 is not
          // exactly 16:9); the dash muxer refuses an adaptation set whose aspect ratios differ.
          `[r${index}in]scale=${rendition.width}:${rendition.height}[r${index}]`,
    ),
  ].join(';');

  const perRendition = settings.renditions.flatMap((rendition, index) => [
    `-b:v:${index}`, String(rendition.videoBitrate),
    `-maxrate:v:${index}`, String(Math.round(rendition.videoBitrate * 1.1)),
    `-bufsize:v:${index}`, String(rendition.videoBitrate * 2),
  ]);

  const args = [
    '-y',
    ...source.inputArgs,
    '-filter_complex', filter,
    ...pads.flatMap((pad) => ['-map', `[${pad}]`]),
    '-map', '1:a',
    '-c:v', 'libx264', '-preset', settings.preset, '-profile:v', 'main', '-pix_fmt', 'yuv420p',
    '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0',
    ...perRendition,
    '-c:a', 'aac', '-b:a', String(settings.audioBitrate), '-ac', '2', '-ar', '48000',
    // Cut the AAC tail so audio ends with the video.
    '-t', String(durationSeconds),
    '-f', 'dash',
    '-seg_duration', String(settings.segmentSeconds),
    '-use_template', '1', '-use_timeline', '1',
    '-hls_playlist', '1', '-hls_master_name', CASE_FILES.hls,
    '-adaptation_sets', 'id=0,streams=v id=1,streams=a',
    '-init_seg_name', 'init-$RepresentationID$.m4s',
    '-media_seg_name', 'seg-$RepresentationID$-$Number%05d$.m4s',
    CASE_FILES.dash,
  ];

  // Keyframe n of the top rendition is frame n * gop; the sprite takes every (interval / gop)-th.
  const tileEvery = sprite.intervalFrames / gop;
  const imageArgs = [
    '-y',
    '-skip_frame', 'nokey',
    '-i', TOP_RENDITION_PLAYLIST,
    '-filter_complex',
    `[0:v]split=2[t][p];` +
      `[t]select='not(mod(n\\,${tileEvery}))',scale=${sprite.tileWidth}:${sprite.tileHeight},tile=${sprite.columns}x${sprite.rows}[thumbs];` +
      `[p]select='eq(n\\,${posterKeyframe})'[poster]`,
    '-fps_mode', 'passthrough',
    '-map', '[thumbs]', '-frames:v', '1', '-update', '1', '-q:v', '4', CASE_FILES.thumbnailSprite,
    '-map', '[poster]', '-frames:v', '1', '-update', '1', '-q:v', '3', CASE_FILES.poster,
  ];
  return { args, imageArgs, sprite, posterFrame: posterKeyframe * gop };
}

/** The dash muxer names HLS media playlists after the stream index; stream 0 is the first rendition. */
const TOP_RENDITION_PLAYLIST = 'media_0.m3u8';
