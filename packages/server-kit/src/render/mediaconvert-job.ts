/**
 * The render of an Edit, written as the body of a MediaConvert `CreateJob` request. It is the one
 * description of a render: the AWS adapter sends it as it is (`new CreateJobCommand(job)`), and
 * the embedded transcoder (transcoder/ffmpeg-transcoder.ts) reads the very same object and carries
 * it out with ffmpeg, so both give the same cut.
 *
 * The cut: each Edit segment [start, end) becomes one input clipping. MediaConvert counts frames
 * by timecode (ZEROBASED: the first frame of the input is 00:00:00:00) and includes the frame of
 * the EndTimecode in the clip, so a segment of frames [a, b) is clipped as StartTimecode = label of
 * frame a, EndTimecode = label of frame b - 1. Segment times are taken to the nearest frame
 * boundary first (as `snapToFrame` does; edits made by the editor are already on it), so the output
 * holds exactly the Edit's frames, in order, at the source's frame rate. Timecodes are drop frame
 * (`;`) at 29.97 and 59.94, as MediaConvert writes them for those rates (frames-to-timecode.ts).
 *
 * Outputs, under `<destination><name>/`:
 * - `cmaf/index.m3u8` + `cmaf/index.mpd`: CMAF, 720p / 480p / 240p H.264 and one AAC track, 2 s segments;
 * - `mp4/<name>.mp4`: one 720p MP4 with audio, to download or hand to an LMS;
 * - `thumbnails/thumb.0000000.jpg`…: a frame capture every 2 s, the first one the Edit's first frame.
 *
 * `ClientRequestToken` is a hash of the edit id and version: a second submission of the same
 * version is the same request (MediaConvert returns the first job within its idempotency window;
 * the embedded transcoder returns it for good).
 */
import { createHash } from 'node:crypto';
import { frameRateFraction, parseEdit, type Edit } from '@surgery-video/client';
import { framesToTimecode, timecodeFormat } from './frames-to-timecode.js';

/** The source of an Edit, as the catalogue knows it. */
export interface RenderAsset {
  id: string;
  /** Frames per second; 29.97 and 59.94 are 30000/1001 and 60000/1001. */
  frameRate: number;
  durationSeconds: number;
  /** Where MediaConvert (s3://…) or the embedded transcoder (file://…) reads the source: an MP4, an HLS playlist or a case folder. */
  sourceUri: string;
}

export interface RenderOutput {
  /** A folder prefix: `s3://bucket/renders/` for MediaConvert, `file:///…/renders/` for the embedded transcoder. */
  destination: string;
  /** The render's folder and file name under `destination`: letters, digits, `_` and `-`. */
  name: string;
}

export interface BuildRenderJobOptions {
  edit: Edit;
  asset: RenderAsset;
  output: RenderOutput;
  /** The IAM role MediaConvert assumes; required by MediaConvert, unused by the embedded transcoder. */
  role?: string;
  /** A queue ARN; MediaConvert's default queue when left out. */
  queue?: string;
  /** Carried in UserMetadata so job events can be tied back to the request that started the render. */
  correlationId: string;
}

// The subset of the MediaConvert API (2017-08-29) that a render uses, with its names and enum values.

export interface H264Settings {
  RateControlMode: 'QVBR';
  QvbrSettings: { QvbrQualityLevel: number };
  MaxBitrate: number;
  SceneChangeDetect: 'TRANSITION_DETECTION';
  GopSizeUnits: 'AUTO';
  FramerateControl: 'INITIALIZE_FROM_SOURCE';
  CodecProfile: 'MAIN';
  CodecLevel: 'AUTO';
}

export interface VideoDescription {
  Width: number;
  Height: number;
  CodecSettings:
    | { Codec: 'H_264'; H264Settings: H264Settings }
    | {
        Codec: 'FRAME_CAPTURE';
        FrameCaptureSettings: { FramerateNumerator: number; FramerateDenominator: number; MaxCaptures: number; Quality: number };
      };
}

export interface AudioDescription {
  AudioSourceName: string;
  CodecSettings: { Codec: 'AAC'; AacSettings: { Bitrate: number; CodingMode: 'CODING_MODE_2_0'; SampleRate: number } };
}

export interface JobOutput {
  NameModifier?: string;
  Extension?: string;
  ContainerSettings: { Container: 'CMFC' | 'MP4' | 'RAW'; Mp4Settings?: { MoovPlacement: 'PROGRESSIVE_DOWNLOAD' } };
  VideoDescription?: VideoDescription;
  AudioDescriptions?: AudioDescription[];
}

export interface CmafGroupSettings {
  Destination: string;
  SegmentLength: number;
  SegmentLengthControl: 'EXACT';
  FragmentLength: number;
  SegmentControl: 'SEGMENTED_FILES';
  WriteHlsManifest: 'ENABLED';
  WriteDashManifest: 'ENABLED';
  ManifestDurationFormat: 'FLOATING_POINT';
  StreamInfResolution: 'INCLUDE';
}

export type JobOutputGroup =
  | { Name: string; OutputGroupSettings: { Type: 'CMAF_GROUP_SETTINGS'; CmafGroupSettings: CmafGroupSettings }; Outputs: JobOutput[] }
  | { Name: string; OutputGroupSettings: { Type: 'FILE_GROUP_SETTINGS'; FileGroupSettings: { Destination: string } }; Outputs: JobOutput[] };

export interface JobInput {
  FileInput: string;
  InputClippings: { StartTimecode: string; EndTimecode: string }[];
  TimecodeSource: 'ZEROBASED';
  AudioSelectors: Record<string, { DefaultSelection: 'DEFAULT' }>;
}

/** A MediaConvert `CreateJob` request body for one render of one Edit version. */
export interface RenderJob {
  Role?: string;
  Queue?: string;
  ClientRequestToken: string;
  UserMetadata: Record<string, string>;
  StatusUpdateInterval: 'SECONDS_10';
  Settings: {
    TimecodeConfig: { Source: 'ZEROBASED' };
    Inputs: JobInput[];
    OutputGroups: JobOutputGroup[];
  };
}

export interface RenditionSetting {
  name: string;
  width: number;
  height: number;
  /** Bits per second: QVBR's ceiling. */
  maxBitrate: number;
}

/** The CMAF ladder, the same three renditions as the recorded cases (media/case-encode.ts). */
export const RENDER_RENDITIONS: readonly RenditionSetting[] = [
  { name: '720p', width: 1280, height: 720, maxBitrate: 1_800_000 },
  { name: '480p', width: 854, height: 480, maxBitrate: 800_000 },
  { name: '240p', width: 426, height: 240, maxBitrate: 300_000 },
];

export const RENDER_SETTINGS = {
  segmentSeconds: 2,
  qvbrQualityLevel: 7,
  audio: { selector: 'Audio Selector 1', bitrate: 96_000, sampleRate: 48_000 },
  mp4: { width: 1280, height: 720, maxBitrate: 1_800_000 },
  thumbnails: { width: 640, height: 360, everySeconds: 2, quality: 80 },
} as const;

/** Max length of a ClientRequestToken (64 ASCII characters). */
const TOKEN_LENGTH = 64;
const NAME_PATTERN = /^[A-Za-z0-9_-]{1,200}$/;
const METADATA_VALUE_LENGTH = 256;

/** The output name a render of this Edit version gets by default: `<editId>-v<version>`. */
export function renderName(edit: Pick<Edit, 'id' | 'version'>): string {
  return `${edit.id}-v${edit.version}`;
}

/** The idempotency token of a render of edit `editId` at `version`: the same for every resubmission. */
export function renderRequestToken(editId: string, version: number): string {
  return createHash('sha256').update(`surgery-video/render\n${editId}\n${version}`).digest('hex').slice(0, TOKEN_LENGTH);
}

/**
 * The MediaConvert CreateJob body that renders `edit` of `asset`. Throws (a programmer's mistake)
 * for an edit with no segment, one that does not fit the asset (an EditValidationError naming the
 * field), a frame rate without timecodes, or a bad destination, name or correlation id.
 */
export function buildRenderJob(options: BuildRenderJobOptions): RenderJob {
  const { asset, output, role, queue, correlationId } = options;
  assertAsset(asset);
  const edit = parseEdit(options.edit, { assetDuration: asset.durationSeconds, frameRate: asset.frameRate });
  if (edit.segments.length === 0) throw new RangeError(`buildRenderJob: edit "${edit.id}" has no segments; there is nothing to render.`);
  const prefix = destinationPrefix(output?.destination);
  if (typeof output.name !== 'string' || !NAME_PATTERN.test(output.name)) {
    throw new TypeError(`buildRenderJob: \`output.name\` must be 1 to 200 letters, digits, _ or -, e.g. "${renderName(edit)}"; got ${JSON.stringify(output.name)}.`);
  }
  if (typeof correlationId !== 'string' || correlationId.length === 0 || correlationId.length > METADATA_VALUE_LENGTH) {
    throw new TypeError(`buildRenderJob: \`correlationId\` must be a string of 1 to ${METADATA_VALUE_LENGTH} characters.`);
  }
  for (const [name, value] of [['role', role], ['queue', queue]] as const) {
    if (value !== undefined && (typeof value !== 'string' || value.length === 0)) throw new TypeError(`buildRenderJob: \`${name}\` must be an ARN string when given.`);
  }

  const frames = editFrames(edit, asset.frameRate);
  const base = `${prefix}${output.name}/`;
  const { segmentSeconds, audio, mp4, thumbnails } = RENDER_SETTINGS;
  const aac = (): AudioDescription => ({
    AudioSourceName: audio.selector,
    CodecSettings: { Codec: 'AAC', AacSettings: { Bitrate: audio.bitrate, CodingMode: 'CODING_MODE_2_0', SampleRate: audio.sampleRate } },
  });

  return {
    ...(role === undefined ? {} : { Role: role }),
    ...(queue === undefined ? {} : { Queue: queue }),
    ClientRequestToken: renderRequestToken(edit.id, edit.version),
    UserMetadata: { correlationId, editId: edit.id, editVersion: String(edit.version), assetId: asset.id },
    StatusUpdateInterval: 'SECONDS_10',
    Settings: {
      TimecodeConfig: { Source: 'ZEROBASED' },
      Inputs: [
        {
          FileInput: asset.sourceUri,
          InputClippings: frames.map(([start, end]) => ({
            StartTimecode: framesToTimecode(start, asset.frameRate),
            // Inclusive in MediaConvert: the last frame kept, one before the segment's end boundary.
            EndTimecode: framesToTimecode(end - 1, asset.frameRate),
          })),
          TimecodeSource: 'ZEROBASED',
          AudioSelectors: { [audio.selector]: { DefaultSelection: 'DEFAULT' } },
        },
      ],
      OutputGroups: [
        {
          Name: 'CMAF',
          OutputGroupSettings: {
            Type: 'CMAF_GROUP_SETTINGS',
            CmafGroupSettings: {
              Destination: `${base}cmaf/index`,
              SegmentLength: segmentSeconds,
              SegmentLengthControl: 'EXACT',
              FragmentLength: segmentSeconds,
              SegmentControl: 'SEGMENTED_FILES',
              WriteHlsManifest: 'ENABLED',
              WriteDashManifest: 'ENABLED',
              ManifestDurationFormat: 'FLOATING_POINT',
              StreamInfResolution: 'INCLUDE',
            },
          },
          // A CMAF output carries one track: a video output per rendition, and one for the audio.
          Outputs: [
            ...RENDER_RENDITIONS.map((rendition) => ({
              NameModifier: `_${rendition.name}`,
              ContainerSettings: { Container: 'CMFC' as const },
              VideoDescription: h264(rendition.width, rendition.height, rendition.maxBitrate),
            })),
            { NameModifier: '_audio', ContainerSettings: { Container: 'CMFC' }, AudioDescriptions: [aac()] },
          ],
        },
        {
          Name: 'MP4',
          OutputGroupSettings: { Type: 'FILE_GROUP_SETTINGS', FileGroupSettings: { Destination: `${base}mp4/${output.name}` } },
          Outputs: [
            {
              Extension: 'mp4',
              ContainerSettings: { Container: 'MP4', Mp4Settings: { MoovPlacement: 'PROGRESSIVE_DOWNLOAD' } },
              VideoDescription: h264(mp4.width, mp4.height, mp4.maxBitrate),
              AudioDescriptions: [aac()],
            },
          ],
        },
        {
          Name: 'Thumbnails',
          OutputGroupSettings: { Type: 'FILE_GROUP_SETTINGS', FileGroupSettings: { Destination: `${base}thumbnails/thumb` } },
          Outputs: [
            {
              Extension: 'jpg',
              ContainerSettings: { Container: 'RAW' },
              VideoDescription: {
                Width: thumbnails.width,
                Height: thumbnails.height,
                CodecSettings: {
                  Codec: 'FRAME_CAPTURE',
                  FrameCaptureSettings: {
                    FramerateNumerator: 1,
                    FramerateDenominator: thumbnails.everySeconds,
                    MaxCaptures: captureCount(frames, asset.frameRate, 1, thumbnails.everySeconds),
                    Quality: thumbnails.quality,
                  },
                },
              },
            },
          ],
        },
      ],
    },
  };
}

/** The Edit's segments as whole source frames [start, end), each snapped to the nearest frame boundary. */
export function editFrames(edit: Pick<Edit, 'segments'>, frameRate: number): [start: number, end: number][] {
  const { num, den } = frameRateFraction(frameRate);
  return edit.segments.map(({ start, end }, i) => {
    const frames: [number, number] = [Math.round((start * num) / den), Math.round((end * num) / den)];
    if (frames[1] <= frames[0]) {
      throw new RangeError(`segments[${i}] (${start}–${end} s) holds no whole frame at ${frameRate} fps once snapped to frame boundaries.`);
    }
    return frames;
  });
}

/**
 * How many frames a capture every `denominator / numerator` s takes from `frames`: one at 0 s
 * and one at each whole interval before the end of the edit, in exact integer arithmetic.
 */
export function captureCount(frames: readonly [number, number][], frameRate: number, numerator: number, denominator: number): number {
  const { num, den } = frameRateFraction(frameRate);
  const total = frames.reduce((sum, [start, end]) => sum + (end - start), 0);
  // Captures j = 0, 1, … with j * denominator / numerator < total * den / num.
  const a = total * den * numerator;
  const b = num * denominator;
  return Math.ceil(a / b);
}

function h264(width: number, height: number, maxBitrate: number): VideoDescription {
  return {
    Width: width,
    Height: height,
    CodecSettings: {
      Codec: 'H_264',
      H264Settings: {
        RateControlMode: 'QVBR',
        QvbrSettings: { QvbrQualityLevel: RENDER_SETTINGS.qvbrQualityLevel },
        MaxBitrate: maxBitrate,
        SceneChangeDetect: 'TRANSITION_DETECTION',
        // MediaConvert wants AUTO in CMAF groups; segments cut at SegmentLength whatever the GOP.
        GopSizeUnits: 'AUTO',
        FramerateControl: 'INITIALIZE_FROM_SOURCE',
        CodecProfile: 'MAIN',
        CodecLevel: 'AUTO',
      },
    },
  };
}

function destinationPrefix(destination: unknown): string {
  if (typeof destination !== 'string' || !/^(s3:\/\/[a-z0-9][a-z0-9.-]*|file:\/\/\/[^?#]*)(\/[^?#]*)?$/.test(destination)) {
    throw new TypeError(
      `buildRenderJob: \`output.destination\` must be an s3://bucket/prefix/ or file:///folder/ URI; got ${JSON.stringify(destination)}.`,
    );
  }
  return destination.endsWith('/') ? destination : `${destination}/`;
}

function assertAsset(asset: RenderAsset): void {
  if (!asset || typeof asset.id !== 'string' || asset.id.length === 0) throw new TypeError('buildRenderJob: `asset.id` must be the asset id.');
  if (typeof asset.sourceUri !== 'string' || !/^(s3|file|https?):\/\//.test(asset.sourceUri)) {
    throw new TypeError(`buildRenderJob: \`asset.sourceUri\` must be an s3://, file:// or https:// URI; got ${JSON.stringify(asset.sourceUri)}.`);
  }
  if (!(typeof asset.durationSeconds === 'number' && asset.durationSeconds > 0 && Number.isFinite(asset.durationSeconds))) {
    throw new RangeError(`buildRenderJob: \`asset.durationSeconds\` must be the asset's duration in seconds, above 0; got ${String(asset.durationSeconds)}.`);
  }
  timecodeFormat(asset.frameRate);
}
