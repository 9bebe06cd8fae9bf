/**
 * How times read in the controls: a clock (`1:05`, `1:02:03`), words for screen readers
 * (`1 minute 5 seconds`), and SMPTE timecode (`HH:MM:SS:FF`, non-drop-frame, frames counted at
 * the source's rate so the FF field matches the frame `frameAt` names). Pure, tested in Node.
 */
import { frameAt } from '../frames/frame-time.js';

const pad = (value: number, digits = 2) => String(value).padStart(digits, '0');

/** `m:ss`, or `h:mm:ss` from an hour; `--:--` when unknown. Negative values get a minus sign. */
export function formatClock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const sign = seconds < 0 ? '-' : '';
  const whole = Math.floor(Math.abs(seconds) + 1e-6);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return h > 0 ? `${sign}${h}:${pad(m)}:${pad(s)}` : `${sign}${m}:${pad(s)}`;
}

/** `1 hour 2 minutes 3 seconds`: what `aria-valuetext` says. */
export function formatSpokenTime(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unknown';
  const whole = Math.floor(Math.abs(seconds) + 1e-6);
  const units: [number, string][] = [
    [Math.floor(whole / 3600), 'hour'],
    [Math.floor((whole % 3600) / 60), 'minute'],
    [whole % 60, 'second'],
  ];
  const words = units.filter(([value], index) => value > 0 || (index === 2 && whole === 0)).map(([value, unit]) => `${value} ${unit}${value === 1 ? '' : 's'}`);
  return `${seconds < 0 ? 'minus ' : ''}${words.join(' ')}`;
}

/**
 * SMPTE timecode `HH:MM:SS:FF` of the frame shown at `seconds`. Fractional rates (29.97) count
 * frames at the rounded nominal rate without dropping numbers (non-drop-frame).
 */
export function formatTimecode(seconds: number, fps: number): string {
  if (!Number.isFinite(seconds) || !(fps > 0)) return '--:--:--:--';
  const nominal = Math.round(fps);
  const frame = Math.max(0, frameAt(seconds, fps));
  const ff = frame % nominal;
  const totalSeconds = Math.floor(frame / nominal);
  return `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor((totalSeconds % 3600) / 60))}:${pad(totalSeconds % 60)}:${pad(ff)}`;
}
