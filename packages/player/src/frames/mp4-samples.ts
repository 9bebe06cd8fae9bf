/**
 * Reads the video samples out of fragmented MP4 (CMAF) bytes, as HLS and DASH serve them: the init
 * segment says how to decode (codec, decoder configuration, timescale), each media segment's
 * moof/traf/trun boxes say where every sample's bytes are in its mdat and when it is decoded and
 * presented. This is only what a WebCodecs decoder needs to decode a segment again by itself; it
 * reads the one video track and leaves every other box alone.
 */

/** What the init segment says about the video track. */
export interface VideoTrackInfo {
  trackId: number;
  /** Ticks per second of the track's timestamps. */
  timescale: number;
  /** The WebCodecs codec string (e.g. `avc1.4d401f`). */
  codec: string;
  /** The decoder configuration record (avcC payload): `VideoDecoderConfig.description`. */
  description: Uint8Array;
  codedWidth: number;
  codedHeight: number;
  /**
   * The edit list's media time in ticks (0 without one): the composition time shown at the start
   * of the presentation. Encoders with B-frames delay composition times by it; the presentation
   * time of a sample is its composition time minus this.
   */
  editMediaTime: number;
  /** trex defaults, used where a fragment gives no value of its own. */
  defaults: SampleDefaults;
}

interface SampleDefaults {
  duration: number;
  size: number;
  flags: number;
}

/** One coded video sample of a media segment. */
export interface VideoSample {
  /** Decode time, in ticks. */
  dts: number;
  /** Presentation time (composition time minus the edit list's media time), in ticks. */
  pts: number;
  duration: number;
  /** A sync sample: decoding can start here. */
  keyframe: boolean;
  data: Uint8Array;
}

interface Box {
  type: string;
  /** Offset of the box's first byte in the buffer. */
  start: number;
  /** Offset of its payload (after size and type). */
  body: number;
  end: number;
}

/** sample_is_non_sync_sample in the sample flags. */
const NON_SYNC_SAMPLE = 0x10000;

/** The init segment's video track, or undefined when it has none this reader can hand to a decoder (encrypted, or not AVC). */
export function parseVideoInit(bytes: Uint8Array): VideoTrackInfo | undefined {
  const view = viewOf(bytes);
  const moov = boxes(view, 0, bytes.byteLength).find((box) => box.type === 'moov');
  if (!moov) return undefined;
  const inMoov = children(view, moov);
  const trexes = inMoov.filter((box) => box.type === 'mvex').flatMap((mvex) => children(view, mvex).filter((box) => box.type === 'trex'));
  for (const trak of inMoov.filter((box) => box.type === 'trak')) {
    const inTrak = children(view, trak);
    const tkhd = inTrak.find((box) => box.type === 'tkhd');
    const mdia = inTrak.find((box) => box.type === 'mdia');
    if (!tkhd || !mdia) continue;
    const inMdia = children(view, mdia);
    const hdlr = inMdia.find((box) => box.type === 'hdlr');
    if (!hdlr || fourcc(view, hdlr.body + 8) !== 'vide') continue;
    const mdhd = inMdia.find((box) => box.type === 'mdhd');
    const stsd = findPath(view, inMdia, ['minf', 'stbl', 'stsd']);
    if (!mdhd || !stsd) continue;
    const trackId = view.getUint32(tkhd.body + (view.getUint8(tkhd.body) === 1 ? 20 : 12));
    const timescale = view.getUint32(mdhd.body + (view.getUint8(mdhd.body) === 1 ? 20 : 12));
    // stsd: version/flags, entry count, then the sample entries.
    const entry = boxes(view, stsd.body + 8, stsd.end)[0];
    if (!entry || (entry.type !== 'avc1' && entry.type !== 'avc3')) return undefined;
    // A VisualSampleEntry's fixed fields take 78 bytes before its child boxes.
    const codedWidth = view.getUint16(entry.body + 24);
    const codedHeight = view.getUint16(entry.body + 26);
    const avcC = boxes(view, entry.body + 78, entry.end).find((box) => box.type === 'avcC');
    if (!avcC || avcC.end - avcC.body < 4) return undefined;
    const description = bytes.slice(avcC.body, avcC.end);
    const hex = (byte: number) => byte.toString(16).padStart(2, '0');
    const codec = `${entry.type}.${hex(description[1]!)}${hex(description[2]!)}${hex(description[3]!)}`;
    const trex = trexes.find((box) => view.getUint32(box.body + 4) === trackId);
    const defaults: SampleDefaults = trex
      ? { duration: view.getUint32(trex.body + 12), size: view.getUint32(trex.body + 16), flags: view.getUint32(trex.body + 20) }
      : { duration: 0, size: 0, flags: 0 };
    return { trackId, timescale, codec, description, codedWidth, codedHeight, editMediaTime: editMediaTime(view, inTrak), defaults };
  }
  return undefined;
}

/** The video track's samples of a media segment (every moof/mdat pair in it), in decode order. */
export function parseVideoSamples(bytes: Uint8Array, track: VideoTrackInfo): VideoSample[] {
  const view = viewOf(bytes);
  const samples: VideoSample[] = [];
  for (const moof of boxes(view, 0, bytes.byteLength).filter((box) => box.type === 'moof')) {
    for (const traf of children(view, moof).filter((box) => box.type === 'traf')) {
      const inTraf = children(view, traf);
      const tfhd = inTraf.find((box) => box.type === 'tfhd');
      if (!tfhd || view.getUint32(tfhd.body + 4) !== track.trackId) continue;
      const fragment = readTfhd(view, tfhd, track.defaults);
      // Without an explicit base, data offsets count from the moof (default-base-is-moof, and the
      // first track of a fragment without it).
      const base = fragment.baseDataOffset ?? moof.start;
      const tfdt = inTraf.find((box) => box.type === 'tfdt');
      let dts = tfdt ? readUint(view, tfdt.body + 4, view.getUint8(tfdt.body) === 1 ? 8 : 4) : 0;
      let next = base;
      for (const trun of inTraf.filter((box) => box.type === 'trun')) {
        next = readTrun(view, trun, base, next, fragment, (sample, offset, size) => {
          if (offset < 0 || offset + size > bytes.byteLength) throw new RangeError(`A sample's bytes (${offset}..${offset + size}) lie outside the segment (${bytes.byteLength} bytes).`);
          samples.push({
            dts,
            pts: dts + sample.compositionOffset - track.editMediaTime,
            duration: sample.duration,
            keyframe: (sample.flags & NON_SYNC_SAMPLE) === 0,
            data: bytes.subarray(offset, offset + size),
          });
          dts += sample.duration;
        });
      }
    }
  }
  return samples;
}

interface FragmentDefaults extends SampleDefaults {
  baseDataOffset: number | undefined;
}

function readTfhd(view: DataView, tfhd: Box, defaults: SampleDefaults): FragmentDefaults {
  const flags = view.getUint32(tfhd.body) & 0xffffff;
  let at = tfhd.body + 8;
  const result: FragmentDefaults = { ...defaults, baseDataOffset: undefined };
  if (flags & 0x1) {
    result.baseDataOffset = readUint(view, at, 8);
    at += 8;
  }
  if (flags & 0x2) at += 4; // sample_description_index
  if (flags & 0x8) (result.duration = view.getUint32(at)), (at += 4);
  if (flags & 0x10) (result.size = view.getUint32(at)), (at += 4);
  if (flags & 0x20) result.flags = view.getUint32(at);
  return result;
}

interface RunSample {
  duration: number;
  flags: number;
  compositionOffset: number;
}

/** Reads one trun, calling `each` per sample with its byte range; returns where the next run's data starts. */
function readTrun(view: DataView, trun: Box, base: number, continueAt: number, defaults: FragmentDefaults, each: (sample: RunSample, offset: number, size: number) => void): number {
  const version = view.getUint8(trun.body);
  const flags = view.getUint32(trun.body) & 0xffffff;
  const count = view.getUint32(trun.body + 4);
  let at = trun.body + 8;
  let offset = continueAt;
  if (flags & 0x1) (offset = base + view.getInt32(at)), (at += 4);
  let firstFlags: number | undefined;
  if (flags & 0x4) (firstFlags = view.getUint32(at)), (at += 4);
  for (let i = 0; i < count; i++) {
    let duration = defaults.duration;
    let size = defaults.size;
    let sampleFlags = i === 0 && firstFlags !== undefined ? firstFlags : defaults.flags;
    let compositionOffset = 0;
    if (flags & 0x100) (duration = view.getUint32(at)), (at += 4);
    if (flags & 0x200) (size = view.getUint32(at)), (at += 4);
    if (flags & 0x400) {
      const own = view.getUint32(at);
      at += 4;
      if (!(i === 0 && firstFlags !== undefined)) sampleFlags = own;
    }
    if (flags & 0x800) (compositionOffset = version === 0 ? view.getUint32(at) : view.getInt32(at)), (at += 4);
    each({ duration, flags: sampleFlags, compositionOffset }, offset, size);
    offset += size;
  }
  return offset;
}

function editMediaTime(view: DataView, inTrak: Box[]): number {
  const elst = findPath(view, inTrak, ['edts', 'elst']);
  if (!elst) return 0;
  const version = view.getUint8(elst.body);
  const count = view.getUint32(elst.body + 4);
  let at = elst.body + 8;
  for (let i = 0; i < count; i++) {
    const mediaTime = version === 1 ? Number(view.getBigInt64(at + 8)) : view.getInt32(at + 4);
    at += version === 1 ? 20 : 12;
    // -1 is an empty edit (a delay before the media starts), not an offset into it.
    if (mediaTime >= 0) return mediaTime;
  }
  return 0;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The boxes between `from` and `to`; a box running past `to` ends the list (a truncated download). */
function boxes(view: DataView, from: number, to: number): Box[] {
  const found: Box[] = [];
  let at = from;
  while (at + 8 <= to) {
    let size = view.getUint32(at);
    const type = fourcc(view, at + 4);
    let body = at + 8;
    if (size === 1) {
      if (at + 16 > to) break;
      size = readUint(view, at + 8, 8);
      body = at + 16;
    } else if (size === 0) size = to - at;
    if (size < body - at || at + size > to) break;
    found.push({ type, start: at, body, end: at + size });
    at += size;
  }
  return found;
}

function children(view: DataView, box: Box): Box[] {
  return boxes(view, box.body, box.end);
}

function findPath(view: DataView, level: Box[], path: string[]): Box | undefined {
  let candidates = level;
  let found: Box | undefined;
  for (const type of path) {
    found = candidates.find((box) => box.type === type);
    if (!found) return undefined;
    candidates = children(view, found);
  }
  return found;
}

function fourcc(view: DataView, at: number): string {
  return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
}

function readUint(view: DataView, at: number, bytes: 4 | 8): number {
  return bytes === 8 ? Number(view.getBigUint64(at)) : view.getUint32(at);
}
