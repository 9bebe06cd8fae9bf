/**
 * What a player would find in generated media, read with the ffprobe and ffmpeg that generated
 * it: packets and keyframes of a segment, a decoded frame as luma, an image's size, and the
 * segment list of an HLS media playlist.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Packet {
  ptsTime: number;
  keyframe: boolean;
}

/** Video packets of `inputs` read back to back (an init segment followed by a media segment). */
export async function videoPackets(...inputs: string[]): Promise<Packet[]> {
  const { stdout } = await run('ffprobe', [
    '-v', 'error', '-select_streams', 'v:0',
    '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0',
    `concat:${inputs.join('|')}`,
  ]);
  return stdout
    .trim()
    .split('\n')
    .map((line) => {
      const [pts, flags] = line.split(',');
      return { ptsTime: Number(pts), keyframe: (flags ?? '').includes('K') };
    });
}

export async function imageSize(file: string): Promise<{ width: number; height: number }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file]);
  const [width, height] = stdout.trim().split(',').map(Number);
  return { width: width!, height: height! };
}

/** Decodes frame `n` (0-based, in presentation order) of a playlist or file as 8-bit luma. */
export async function decodeLuma(input: string, n: number, width: number, height: number): Promise<(x: number, y: number) => number> {
  const { stdout } = await run(
    'ffmpeg',
    ['-v', 'error', '-i', input, '-vf', `select=eq(n\\,${n})`, '-fps_mode', 'passthrough', '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
    { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 },
  );
  if (stdout.length !== width * height) throw new Error(`expected a ${width}x${height} gray frame, got ${stdout.length} bytes`);
  return (x, y) => stdout[y * width + x]!;
}

/** The init segment and media segments an HLS media playlist lists, in order. */
export async function hlsMediaPlaylist(file: string): Promise<{ init: string | undefined; segments: string[]; durations: number[] }> {
  const lines = (await readFile(file, 'utf8')).split('\n').map((line) => line.trim());
  const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(lines.find((line) => line.startsWith('#EXT-X-MAP:')) ?? '')?.[1];
  const durations = lines.filter((line) => line.startsWith('#EXTINF:')).map((line) => Number.parseFloat(line.slice(8)));
  return { init, segments: lines.filter((line) => line !== '' && !line.startsWith('#')), durations };
}

export interface ParsedCue {
  start: number;
  end: number;
  text: string;
}

/** A small WebVTT reader for checking what was written (timestamps with hours, no settings). */
export function parseVtt(text: string): ParsedCue[] {
  assertHeader(text);
  const toSeconds = (stamp: string) => {
    const [h, m, s] = stamp.split(':').map(Number);
    return h! * 3600 + m! * 60 + s!;
  };
  return text
    .trimEnd()
    .split(/\n\n+/)
    .slice(1)
    .filter((block) => block.includes('-->'))
    .map((block) => {
      const lines = block.split('\n');
      const timing = lines.findIndex((line) => line.includes('-->'));
      const [start, end] = lines[timing]!.split(' --> ');
      return { start: toSeconds(start!), end: toSeconds(end!), text: lines.slice(timing + 1).join('\n') };
    });
}

function assertHeader(text: string): void {
  if (!text.startsWith('WEBVTT\n')) throw new Error('not a WebVTT file');
}
