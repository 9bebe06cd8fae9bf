/**
 * Additions to the MPD that ffmpeg's dash muxer writes: a frame rate on video adaptation sets
 * that lack one (players read it for frame stepping), and sidecar WebVTT text tracks as their own
 * adaptation sets. A text Representation with only a BaseURL is one segment spanning the period,
 * which shaka-player and dash.js both play. Edits are textual, on the muxer's known layout, and
 * idempotent; `parseMpdSegments` reads back which segment files each representation uses.
 */

export interface MpdTextTrack {
  /** Representation id, e.g. `captions-en`. */
  id: string;
  /** BCP 47, e.g. `en`. */
  language: string;
  label: string;
  /** The VTT file, relative to the MPD. */
  uri: string;
  /** DASH role: `subtitle` (a transcript of speech) or `caption` (also describes sounds). */
  role: 'subtitle' | 'caption';
}

export interface DecorateMpdOptions {
  frameRate: number;
  textTracks?: readonly MpdTextTrack[];
}

export function decorateMpd(mpd: string, options: DecorateMpdOptions): string {
  if (!/<MPD[\s>]/.test(mpd)) throw new TypeError('Not a DASH manifest: no <MPD> element.');
  if (!Number.isInteger(options.frameRate) || options.frameRate <= 0) {
    throw new RangeError(`frameRate must be a whole number > 0, not ${options.frameRate}.`);
  }
  let out = mpd.replace(/<AdaptationSet\b[^>]*>/g, (tag) =>
    /\bcontentType="video"/.test(tag) && !/\bframeRate=/.test(tag)
      ? tag.replace(/<AdaptationSet\b/, `<AdaptationSet frameRate="${options.frameRate}/1"`)
      : tag,
  );

  for (const track of options.textTracks ?? []) {
    if (out.includes(`<Representation id="${escapeXml(track.id)}"`)) continue;
    const periodEnd = out.lastIndexOf('</Period>');
    if (periodEnd < 0) throw new TypeError('Not a DASH manifest with a period: no </Period>.');
    const ids = [...out.matchAll(/<AdaptationSet\b[^>]*\bid="(\d+)"/g)].map((match) => Number(match[1]));
    const id = ids.length > 0 ? Math.max(...ids) + 1 : 0;
    const indent = /\n(\s*)<\/Period>/.exec(out.slice(0, periodEnd + '</Period>'.length))?.[1] ?? '';
    const inner = `${indent}\t`;
    const block = [
      `${inner}<AdaptationSet id="${id}" contentType="text" mimeType="text/vtt" lang="${escapeXml(track.language)}">`,
      `${inner}\t<Role schemeIdUri="urn:mpeg:dash:role:2011" value="${track.role}" />`,
      `${inner}\t<Label>${escapeXml(track.label)}</Label>`,
      `${inner}\t<Representation id="${escapeXml(track.id)}" bandwidth="256">`,
      `${inner}\t\t<BaseURL>${escapeXml(track.uri)}</BaseURL>`,
      `${inner}\t</Representation>`,
      `${inner}</AdaptationSet>`,
    ].join('\n');
    const lineStart = out.lastIndexOf('\n', periodEnd) + 1;
    out = `${out.slice(0, lineStart)}${block}\n${out.slice(lineStart)}`;
  }
  return out;
}

export interface MpdRepresentation {
  id: string;
  contentType: string;
  mimeType?: string;
  width?: number;
  height?: number;
  frameRate?: string;
  bandwidth: number;
  /** Initialization segment file, when segments are templated. */
  initialization?: string;
  /** Media segment files, in order, expanded from the SegmentTemplate and its SegmentTimeline. */
  segments: string[];
  /** For sidecar tracks: the BaseURL. */
  baseUrl?: string;
}

/**
 * Reads the representations of a single-period MPD as ffmpeg writes it (SegmentTemplate with
 * `$RepresentationID$` and `$Number%0Nd$`, SegmentTimeline) and expands their segment names.
 */
export function parseMpdSegments(mpd: string): MpdRepresentation[] {
  const result: MpdRepresentation[] = [];
  for (const set of mpd.matchAll(/<AdaptationSet\b([^>]*)>([\s\S]*?)<\/AdaptationSet>/g)) {
    const setAttributes = attributesOf(set[1]!);
    for (const rep of set[2]!.matchAll(/<Representation\b([^>]*?)(?:\/>|>([\s\S]*?)<\/Representation>)/g)) {
      const attributes = { ...setAttributes, ...attributesOf(rep[1]!) };
      const body = rep[2] ?? '';
      const id = attributes['id'] ?? '';
      const representation: MpdRepresentation = {
        id,
        contentType: setAttributes['contentType'] ?? (attributes['mimeType'] ?? '').split('/')[0] ?? '',
        bandwidth: Number(attributes['bandwidth']),
        segments: [],
      };
      if (attributes['mimeType']) representation.mimeType = attributes['mimeType'];
      if (attributes['width']) representation.width = Number(attributes['width']);
      if (attributes['height']) representation.height = Number(attributes['height']);
      if (attributes['frameRate']) representation.frameRate = attributes['frameRate'];
      const baseUrl = /<BaseURL>([^<]*)<\/BaseURL>/.exec(body)?.[1];
      if (baseUrl !== undefined) representation.baseUrl = unescapeXml(baseUrl);
      const template = /<SegmentTemplate\b([^>]*)>([\s\S]*?)<\/SegmentTemplate>/.exec(body);
      if (template) {
        const templateAttributes = attributesOf(template[1]!);
        const fill = (pattern: string, number?: number) =>
          pattern
            .replace(/\$RepresentationID\$/g, id)
            .replace(/\$Number(?:%0(\d+)d)?\$/g, (_, width: string | undefined) =>
              String(number ?? 0).padStart(width ? Number(width) : 0, '0'),
            );
        if (templateAttributes['initialization']) representation.initialization = fill(templateAttributes['initialization']);
        let count = 0;
        for (const s of template[2]!.matchAll(/<S\b([^>]*)\/>/g)) count += 1 + Number(attributesOf(s[1]!)['r'] ?? 0);
        const startNumber = Number(templateAttributes['startNumber'] ?? 1);
        const media = templateAttributes['media'];
        if (media) {
          for (let i = 0; i < count; i++) representation.segments.push(fill(media, startNumber + i));
        }
      }
      result.push(representation);
    }
  }
  return result;
}

function attributesOf(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of text.matchAll(/([\w:-]+)="([^"]*)"/g)) attributes[match[1]!] = unescapeXml(match[2]!);
  return attributes;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function unescapeXml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
}
