/**
 * What the embedded transcoder makes of a MediaConvert CreateJob body: the job is read field by
 * field, as MediaConvert names them, into a plan of one input, its clippings and the outputs to
 * write. The job may come from a stored file or another process, so it is checked whole: anything
 * missing, malformed or beyond what ffmpeg is asked to do here (a second input, HLS/DASH-only
 * groups, codecs other than H.264, AAC and frame capture) is refused with the path of the field.
 *
 * Output names follow MediaConvert: a file is `<Destination><NameModifier>.<Extension>`, frame
 * captures are `<Destination><NameModifier>.<n, 7 digits>.jpg`, and a CMAF group writes
 * `<Destination>.m3u8` and `<Destination>.mpd` with the segments beside them.
 */
import { array, object, string, type Json } from '../render/job-fields.js';

export interface PlannedVideo {
  width: number;
  height: number;
  maxBitrate: number;
  /** QVBR quality level 1..10, read as x264 CRF 51 - 4 * level. */
  qualityLevel: number;
}

export interface PlannedAudio {
  bitrate: number;
  sampleRate: number;
  channels: number;
}

export interface PlannedCmafGroup {
  kind: 'cmaf';
  group: string;
  destination: string;
  segmentSeconds: number;
  renditions: (PlannedVideo & { nameModifier: string })[];
  audio?: PlannedAudio;
}

export interface PlannedMp4 {
  kind: 'mp4';
  group: string;
  /** Destination + NameModifier + '.' + Extension. */
  uri: string;
  video: PlannedVideo;
  audio?: PlannedAudio;
}

export interface PlannedFrameCapture {
  kind: 'frame-capture';
  group: string;
  /** Destination + NameModifier; captures are `<prefix>.0000000.<extension>`… */
  prefix: string;
  extension: string;
  width: number;
  height: number;
  /** A capture every `denominator / numerator` seconds, starting with the first frame. */
  numerator: number;
  denominator: number;
  maxCaptures: number;
  /** JPEG quality 1..100. */
  quality: number;
}

export interface RenderPlan {
  clientRequestToken: string | undefined;
  userMetadata: Record<string, string>;
  input: { uri: string; clippings: { start: string | undefined; end: string | undefined }[] };
  outputs: (PlannedCmafGroup | PlannedMp4 | PlannedFrameCapture)[];
}


/** Reads a CreateJob body; throws a TypeError naming the field for anything it cannot carry out. */
export function readRenderJob(job: unknown): RenderPlan {
  const root = object(job, 'job');
  const settings = object(root['Settings'], 'Settings');
  const inputs = array(settings['Inputs'], 'Settings.Inputs');
  if (inputs.length !== 1) throw new TypeError(`Settings.Inputs: the embedded transcoder takes exactly one input; got ${inputs.length}.`);
  const input = object(inputs[0], 'Settings.Inputs[0]');
  const inputAt = 'Settings.Inputs[0]';
  const source = input['TimecodeSource'] ?? 'EMBEDDED';
  if (source !== 'ZEROBASED') {
    throw new TypeError(`${inputAt}.TimecodeSource: the embedded transcoder counts frames from the first one; set "ZEROBASED" (got ${JSON.stringify(source)}).`);
  }
  const clippings = input['InputClippings'] === undefined ? [] : array(input['InputClippings'], `${inputAt}.InputClippings`);
  const plan: RenderPlan = {
    clientRequestToken: optionalString(root['ClientRequestToken'], 'ClientRequestToken'),
    userMetadata: stringRecord(root['UserMetadata'], 'UserMetadata'),
    input: {
      uri: string(input['FileInput'], `${inputAt}.FileInput`),
      clippings: clippings.map((entry, i) => {
        const at = `${inputAt}.InputClippings[${i}]`;
        const clip = object(entry, at);
        const start = optionalString(clip['StartTimecode'], `${at}.StartTimecode`);
        const end = optionalString(clip['EndTimecode'], `${at}.EndTimecode`);
        if (start === undefined && end === undefined) throw new TypeError(`${at}: give StartTimecode, EndTimecode or both.`);
        return { start, end };
      }),
    },
    outputs: [],
  };
  if (plan.clientRequestToken !== undefined && !/^[\x20-\x7e]{1,64}$/.test(plan.clientRequestToken)) {
    throw new TypeError('ClientRequestToken: must be 1 to 64 printable ASCII characters.');
  }

  array(settings['OutputGroups'], 'Settings.OutputGroups').forEach((entry, g) => {
    const at = `Settings.OutputGroups[${g}]`;
    const group = object(entry, at);
    const name = optionalString(group['Name'], `${at}.Name`) ?? `group-${g + 1}`;
    const groupSettings = object(group['OutputGroupSettings'], `${at}.OutputGroupSettings`);
    const type = groupSettings['Type'];
    const outputs = array(group['Outputs'], `${at}.Outputs`);
    if (outputs.length === 0) throw new TypeError(`${at}.Outputs: must not be empty.`);
    if (type === 'CMAF_GROUP_SETTINGS') plan.outputs.push(readCmafGroup(name, object(groupSettings['CmafGroupSettings'], `${at}.OutputGroupSettings.CmafGroupSettings`), outputs, at));
    else if (type === 'FILE_GROUP_SETTINGS') {
      const destination = string(object(groupSettings['FileGroupSettings'], `${at}.OutputGroupSettings.FileGroupSettings`)['Destination'], `${at}.OutputGroupSettings.FileGroupSettings.Destination`);
      outputs.forEach((output, o) => plan.outputs.push(readFileOutput(name, destination, object(output, `${at}.Outputs[${o}]`), `${at}.Outputs[${o}]`)));
    } else {
      throw new TypeError(`${at}.OutputGroupSettings.Type: the embedded transcoder writes CMAF_GROUP_SETTINGS and FILE_GROUP_SETTINGS; got ${JSON.stringify(type)}.`);
    }
  });
  if (plan.outputs.length === 0) throw new TypeError('Settings.OutputGroups: must name at least one output.');
  return plan;
}

function readCmafGroup(group: string, settings: Json, outputs: unknown[], at: string): PlannedCmafGroup {
  const settingsAt = `${at}.OutputGroupSettings.CmafGroupSettings`;
  if (settings['SegmentControl'] !== undefined && settings['SegmentControl'] !== 'SEGMENTED_FILES') {
    throw new TypeError(`${settingsAt}.SegmentControl: the embedded transcoder writes SEGMENTED_FILES.`);
  }
  const planned: PlannedCmafGroup = {
    kind: 'cmaf',
    group,
    destination: string(settings['Destination'], `${settingsAt}.Destination`),
    segmentSeconds: settings['SegmentLength'] === undefined ? 10 : positiveInteger(settings['SegmentLength'], `${settingsAt}.SegmentLength`),
    renditions: [],
  };
  outputs.forEach((entry, o) => {
    const outAt = `${at}.Outputs[${o}]`;
    const output = object(entry, outAt);
    container(output, outAt, 'CMFC');
    const video = output['VideoDescription'];
    const audio = output['AudioDescriptions'];
    if ((video === undefined) === (audio === undefined)) throw new TypeError(`${outAt}: a CMAF output carries one track: a VideoDescription or AudioDescriptions.`);
    if (video !== undefined) {
      const nameModifier = string(output['NameModifier'], `${outAt}.NameModifier`);
      planned.renditions.push({ ...readH264(object(video, `${outAt}.VideoDescription`), `${outAt}.VideoDescription`), nameModifier });
    } else {
      if (planned.audio) throw new TypeError(`${outAt}: the embedded transcoder writes one audio track per CMAF group.`);
      planned.audio = readAac(audio, `${outAt}.AudioDescriptions`);
    }
  });
  if (planned.renditions.length === 0) throw new TypeError(`${at}.Outputs: a CMAF group needs at least one video output.`);
  return planned;
}

function readFileOutput(group: string, destination: string, output: Json, at: string): PlannedMp4 | PlannedFrameCapture {
  const kind = container(output, at, 'MP4', 'RAW');
  const nameModifier = optionalString(output['NameModifier'], `${at}.NameModifier`) ?? '';
  const video = object(output['VideoDescription'], `${at}.VideoDescription`);
  if (kind === 'MP4') {
    const extension = optionalString(output['Extension'], `${at}.Extension`) ?? 'mp4';
    const audio = output['AudioDescriptions'];
    return {
      kind: 'mp4',
      group,
      uri: `${destination}${nameModifier}.${extension}`,
      video: readH264(video, `${at}.VideoDescription`),
      ...(audio === undefined ? {} : { audio: readAac(audio, `${at}.AudioDescriptions`) }),
    };
  }
  const codecAt = `${at}.VideoDescription.CodecSettings`;
  const codec = object(video['CodecSettings'], codecAt);
  if (codec['Codec'] !== 'FRAME_CAPTURE') throw new TypeError(`${codecAt}.Codec: a RAW output is a frame capture here; set "FRAME_CAPTURE".`);
  const capture = object(codec['FrameCaptureSettings'], `${codecAt}.FrameCaptureSettings`);
  const captureAt = `${codecAt}.FrameCaptureSettings`;
  return {
    kind: 'frame-capture',
    group,
    prefix: `${destination}${nameModifier}`,
    extension: optionalString(output['Extension'], `${at}.Extension`) ?? 'jpg',
    width: positiveInteger(video['Width'], `${at}.VideoDescription.Width`),
    height: positiveInteger(video['Height'], `${at}.VideoDescription.Height`),
    numerator: positiveInteger(capture['FramerateNumerator'], `${captureAt}.FramerateNumerator`),
    denominator: positiveInteger(capture['FramerateDenominator'], `${captureAt}.FramerateDenominator`),
    maxCaptures: positiveInteger(capture['MaxCaptures'], `${captureAt}.MaxCaptures`),
    quality: capture['Quality'] === undefined ? 80 : boundedInteger(capture['Quality'], `${captureAt}.Quality`, 1, 100),
  };
}

function readH264(video: Json, at: string): PlannedVideo {
  const codec = object(video['CodecSettings'], `${at}.CodecSettings`);
  if (codec['Codec'] !== 'H_264') throw new TypeError(`${at}.CodecSettings.Codec: the embedded transcoder encodes "H_264"; got ${JSON.stringify(codec['Codec'])}.`);
  const h264 = object(codec['H264Settings'], `${at}.CodecSettings.H264Settings`);
  const h264At = `${at}.CodecSettings.H264Settings`;
  if (h264['RateControlMode'] !== 'QVBR') throw new TypeError(`${h264At}.RateControlMode: the embedded transcoder reads "QVBR".`);
  const qvbr = h264['QvbrSettings'] === undefined ? {} : object(h264['QvbrSettings'], `${h264At}.QvbrSettings`);
  const framerate = h264['FramerateControl'] ?? 'INITIALIZE_FROM_SOURCE';
  if (framerate !== 'INITIALIZE_FROM_SOURCE') throw new TypeError(`${h264At}.FramerateControl: the embedded transcoder keeps the source's frame rate ("INITIALIZE_FROM_SOURCE").`);
  return {
    width: evenInteger(video['Width'], `${at}.Width`),
    height: evenInteger(video['Height'], `${at}.Height`),
    maxBitrate: positiveInteger(h264['MaxBitrate'], `${h264At}.MaxBitrate`),
    qualityLevel: qvbr['QvbrQualityLevel'] === undefined ? 7 : boundedInteger(qvbr['QvbrQualityLevel'], `${h264At}.QvbrSettings.QvbrQualityLevel`, 1, 10),
  };
}

function readAac(descriptions: unknown, at: string): PlannedAudio {
  const list = array(descriptions, at);
  if (list.length !== 1) throw new TypeError(`${at}: the embedded transcoder writes one audio track per output; got ${list.length}.`);
  const codec = object(object(list[0], `${at}[0]`)['CodecSettings'], `${at}[0].CodecSettings`);
  if (codec['Codec'] !== 'AAC') throw new TypeError(`${at}[0].CodecSettings.Codec: the embedded transcoder encodes "AAC"; got ${JSON.stringify(codec['Codec'])}.`);
  const aac = object(codec['AacSettings'], `${at}[0].CodecSettings.AacSettings`);
  const aacAt = `${at}[0].CodecSettings.AacSettings`;
  const mode = aac['CodingMode'] ?? 'CODING_MODE_2_0';
  const channels = mode === 'CODING_MODE_1_0' ? 1 : mode === 'CODING_MODE_2_0' ? 2 : 0;
  if (channels === 0) throw new TypeError(`${aacAt}.CodingMode: the embedded transcoder writes "CODING_MODE_1_0" or "CODING_MODE_2_0".`);
  return {
    bitrate: positiveInteger(aac['Bitrate'], `${aacAt}.Bitrate`),
    sampleRate: aac['SampleRate'] === undefined ? 48_000 : positiveInteger(aac['SampleRate'], `${aacAt}.SampleRate`),
    channels,
  };
}

function container<T extends string>(output: Json, at: string, ...allowed: T[]): T {
  const value = object(output['ContainerSettings'], `${at}.ContainerSettings`)['Container'];
  if (!allowed.includes(value as T)) {
    throw new TypeError(`${at}.ContainerSettings.Container: must be ${allowed.map((entry) => JSON.stringify(entry)).join(' or ')} here; got ${JSON.stringify(value)}.`);
  }
  return value as T;
}


function optionalString(value: unknown, at: string): string | undefined {
  return value === undefined ? undefined : string(value, at);
}

function stringRecord(value: unknown, at: string): Record<string, string> {
  if (value === undefined) return {};
  const record = object(value, at);
  for (const [key, entry] of Object.entries(record)) if (typeof entry !== 'string') throw new TypeError(`${at}.${key}: must be a string.`);
  return { ...(record as Record<string, string>) };
}

function positiveInteger(value: unknown, at: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw new TypeError(`${at}: must be a whole number above 0; got ${JSON.stringify(value)}.`);
  return value as number;
}

function evenInteger(value: unknown, at: string): number {
  const number = positiveInteger(value, at);
  if (number % 2 !== 0) throw new TypeError(`${at}: must be even (4:2:0 video); got ${number}.`);
  return number;
}

function boundedInteger(value: unknown, at: string, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    throw new TypeError(`${at}: must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}.`);
  }
  return value as number;
}
