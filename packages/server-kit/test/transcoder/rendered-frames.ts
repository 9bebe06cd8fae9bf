/**
 * What a viewer of rendered media sees, frame by frame: every frame is decoded (in presentation
 * order, none dropped or repeated) and the frame number burned into its top edge is read back,
 * so a test can compare the whole picture sequence with the frames an Edit asks for.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { FRAME_CODE_HEIGHT, readFrameCode } from '../../src/media/frame-code.js';

const run = promisify(execFile);

/** Width and height of the first video stream (a playlist lists it once per program too). */
export async function videoSize(input: string): Promise<{ width: number; height: number }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'json', input]);
  const stream = (JSON.parse(stdout) as { streams: { width: number; height: number }[] }).streams[0];
  if (!stream) throw new Error(`${input} has no video stream`);
  return { width: stream.width, height: stream.height };
}

/** The frame code of every frame of `input` (a file or a playlist), in presentation order. */
export async function frameCodes(input: string): Promise<number[]> {
  const { width, height } = await videoSize(input);
  // Only the strip that carries the code is decoded to raw (an even height: crop keeps 4:2:0 whole).
  const strip = Math.min(height, 2 * Math.ceil((FRAME_CODE_HEIGHT * height + 1) / 2));
  const frameBytes = width * strip;
  const chunks: Buffer[] = [];
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const child = spawn('ffmpeg', [
      '-v', 'error', '-i', input, '-map', '0:v:0', '-fps_mode', 'passthrough',
      '-vf', `crop=${width}:${strip}:0:0`, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1',
    ]);
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg decode of ${input} failed: ${stderr}`))));
  });
  const raw = Buffer.concat(chunks);
  if (raw.length % frameBytes !== 0) throw new Error(`decoded ${raw.length} bytes, not a whole number of ${width}x${strip} strips`);
  const codes: number[] = [];
  for (let offset = 0; offset < raw.length; offset += frameBytes) {
    codes.push(readFrameCode((x, y) => raw[offset + y * width + x]!, width, height));
  }
  return codes;
}

/** `[from, to)` as a list: the source frames a segment of whole frames holds. */
export function frameRange(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
