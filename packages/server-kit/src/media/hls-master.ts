/**
 * The HLS master playlist that ffmpeg's dash muxer writes (`-hls_playlist 1`) lacks what players
 * use to describe a stream: the frame rate (the player's `frameRate`, frame stepping) and a
 * subtitles group for the captions. These functions add them, and read a master back for the
 * case manifest and the tests. They rewrite attribute lists in place, so everything else ffmpeg
 * wrote (order, CODECS, the audio group) is kept, and applying them twice changes nothing.
 */

export interface HlsSubtitlesRendition {
  groupId: string;
  name: string;
  /** BCP 47, e.g. `en`. */
  language: string;
  /** The subtitles media playlist, relative to the master. */
  uri: string;
  default?: boolean;
  autoselect?: boolean;
}

export interface DecorateMasterOptions {
  /** Frames per second, written as FRAME-RATE on every variant. */
  frameRate: number;
  subtitles?: HlsSubtitlesRendition;
}

export interface HlsVariant {
  uri: string;
  bandwidth: number;
  width?: number;
  height?: number;
  codecs?: string;
  frameRate?: number;
  audio?: string;
  subtitles?: string;
}

export interface HlsMediaRendition {
  type: string;
  groupId: string;
  name: string;
  language?: string;
  uri?: string;
  default: boolean;
}

export interface HlsMaster {
  version?: number;
  independentSegments: boolean;
  media: HlsMediaRendition[];
  variants: HlsVariant[];
}

type AttributeList = [name: string, rawValue: string][];

/** Splits an attribute list, keeping quoted values (which may hold commas) whole and quoted. */
export function parseAttributeList(text: string): AttributeList {
  const attributes: AttributeList = [];
  const pattern = /\s*([A-Z0-9-]+)=("[^"]*"|[^,]*)\s*(?:,|$)/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < text.length && (match = pattern.exec(text))) {
    attributes.push([match[1]!, match[2]!]);
  }
  return attributes;
}

function formatAttributeList(attributes: AttributeList): string {
  return attributes.map(([name, value]) => `${name}=${value}`).join(',');
}

function setAttribute(attributes: AttributeList, name: string, rawValue: string): void {
  const existing = attributes.find(([key]) => key === name);
  if (existing) existing[1] = rawValue;
  else attributes.push([name, rawValue]);
}

function unquote(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.replace(/^"(.*)"$/, '$1');
}

function quoted(value: string): string {
  if (/["\r\n]/.test(value)) throw new TypeError(`HLS quoted strings cannot contain quotes or line breaks: ${JSON.stringify(value)}.`);
  return `"${value}"`;
}

/** The HLS decimal-floating-point frame rate, three decimals as in Apple's examples. */
export function formatHlsFrameRate(frameRate: number): string {
  if (!(frameRate > 0) || !Number.isFinite(frameRate)) throw new RangeError(`frameRate must be > 0, not ${frameRate}.`);
  return frameRate.toFixed(3);
}

export function decorateMasterPlaylist(master: string, options: DecorateMasterOptions): string {
  const lines = master.replace(/\r\n?/g, '\n').split('\n');
  if (lines[0]?.trim() !== '#EXTM3U') throw new TypeError('Not an HLS playlist: the first line must be #EXTM3U.');
  const { subtitles } = options;
  const frameRate = formatHlsFrameRate(options.frameRate);

  const out: string[] = [];
  for (const line of lines) {
    if (line.startsWith('#EXT-X-STREAM-INF:')) {
      const attributes = parseAttributeList(line.slice('#EXT-X-STREAM-INF:'.length));
      setAttribute(attributes, 'FRAME-RATE', frameRate);
      if (subtitles) setAttribute(attributes, 'SUBTITLES', quoted(subtitles.groupId));
      out.push(`#EXT-X-STREAM-INF:${formatAttributeList(attributes)}`);
      continue;
    }
    if (subtitles && line.startsWith('#EXT-X-MEDIA:')) {
      const attributes = parseAttributeList(line.slice('#EXT-X-MEDIA:'.length));
      const type = attributes.find(([key]) => key === 'TYPE')?.[1];
      const group = unquote(attributes.find(([key]) => key === 'GROUP-ID')?.[1]);
      if (type === 'SUBTITLES' && group === subtitles.groupId) continue; // replaced below
    }
    out.push(line);
  }

  // Segments start on keyframes (fixed GOP aligned to the segment length), which lets players
  // switch renditions at any segment boundary.
  if (!out.includes('#EXT-X-INDEPENDENT-SEGMENTS')) {
    const versionAt = out.findIndex((line) => line.startsWith('#EXT-X-VERSION:'));
    out.splice(versionAt >= 0 ? versionAt + 1 : 1, 0, '#EXT-X-INDEPENDENT-SEGMENTS');
  }

  if (subtitles) {
    const media = formatAttributeList([
      ['TYPE', 'SUBTITLES'],
      ['GROUP-ID', quoted(subtitles.groupId)],
      ['NAME', quoted(subtitles.name)],
      ['LANGUAGE', quoted(subtitles.language)],
      ['DEFAULT', subtitles.default ? 'YES' : 'NO'],
      ['AUTOSELECT', (subtitles.autoselect ?? true) ? 'YES' : 'NO'],
      ['FORCED', 'NO'],
      ['URI', quoted(subtitles.uri)],
    ]);
    const lastMedia = out.reduce((last, line, index) => (line.startsWith('#EXT-X-MEDIA:') ? index : last), -1);
    const firstVariant = out.findIndex((line) => line.startsWith('#EXT-X-STREAM-INF:'));
    const at = lastMedia >= 0 ? lastMedia + 1 : firstVariant >= 0 ? firstVariant : out.length;
    out.splice(at, 0, `#EXT-X-MEDIA:${media}`);
  }
  return out.join('\n');
}

/** A VOD media playlist holding one WebVTT file that spans the whole presentation. */
export function subtitlesPlaylist(options: { uri: string; durationSeconds: number }): string {
  const { uri, durationSeconds } = options;
  if (!(durationSeconds > 0)) throw new RangeError(`durationSeconds must be > 0, not ${durationSeconds}.`);
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${Math.ceil(durationSeconds)}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    `#EXTINF:${durationSeconds.toFixed(3)},`,
    uri,
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}

export function parseMasterPlaylist(master: string): HlsMaster {
  const lines = master
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim());
  if (lines[0] !== '#EXTM3U') throw new TypeError('Not an HLS playlist: the first line must be #EXTM3U.');
  const result: HlsMaster = { independentSegments: false, media: [], variants: [] };
  let pending: AttributeList | undefined;
  for (const line of lines) {
    if (line.startsWith('#EXT-X-VERSION:')) result.version = Number(line.slice('#EXT-X-VERSION:'.length));
    else if (line === '#EXT-X-INDEPENDENT-SEGMENTS') result.independentSegments = true;
    else if (line.startsWith('#EXT-X-MEDIA:')) {
      const attributes = new Map(parseAttributeList(line.slice('#EXT-X-MEDIA:'.length)));
      const language = unquote(attributes.get('LANGUAGE'));
      const uri = unquote(attributes.get('URI'));
      result.media.push({
        type: attributes.get('TYPE') ?? '',
        groupId: unquote(attributes.get('GROUP-ID')) ?? '',
        name: unquote(attributes.get('NAME')) ?? '',
        ...(language === undefined ? {} : { language }),
        ...(uri === undefined ? {} : { uri }),
        default: attributes.get('DEFAULT') === 'YES',
      });
    } else if (line.startsWith('#EXT-X-STREAM-INF:')) {
      pending = parseAttributeList(line.slice('#EXT-X-STREAM-INF:'.length));
    } else if (pending && line !== '' && !line.startsWith('#')) {
      const attributes = new Map(pending);
      const [width, height] = (attributes.get('RESOLUTION') ?? '').split('x').map(Number);
      const variant: HlsVariant = { uri: line, bandwidth: Number(attributes.get('BANDWIDTH')) };
      if (width && height) Object.assign(variant, { width, height });
      const codecs = unquote(attributes.get('CODECS'));
      if (codecs !== undefined) variant.codecs = codecs;
      if (attributes.has('FRAME-RATE')) variant.frameRate = Number(attributes.get('FRAME-RATE'));
      const audio = unquote(attributes.get('AUDIO'));
      if (audio !== undefined) variant.audio = audio;
      const subtitles = unquote(attributes.get('SUBTITLES'));
      if (subtitles !== undefined) variant.subtitles = subtitles;
      result.variants.push(variant);
      pending = undefined;
    }
  }
  return result;
}
