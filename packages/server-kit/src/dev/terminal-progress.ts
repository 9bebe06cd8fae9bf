/**
 * Draws the dev stack's progress in a terminal: one redrawn bar on a TTY, and on a pipe (CI
 * logs) one line per stage and per tenth, so logs stay short but still show that work moves.
 */
import type { DevStackProgress } from './dev-stack.js';

const LABELS: Record<DevStackProgress['stage'], string> = {
  keys: 'signing keys',
  media: 'generating sample media (first run only)',
  server: 'starting the server',
  live: 'starting the live channel',
  ready: 'ready',
};

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): (progress: DevStackProgress) => void {
  const isTty = stream.isTTY === true;
  let lastLine = '';
  let lastStage = '';
  let lastTenth = -1;
  return (progress) => {
    const percent = Number.isFinite(progress.fraction) ? Math.round(progress.fraction * 100) : undefined;
    const label = LABELS[progress.stage];
    if (isTty) {
      const width = 24;
      const filled = percent === undefined ? 0 : Math.round((percent / 100) * width);
      const bar = percent === undefined ? '' : ` [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)}%`;
      const line = `${label}${bar}${progress.detail ? `  ${progress.detail}` : ''}`;
      if (line === lastLine) return;
      stream.write(`\r\x1b[2K${line}`);
      if (progress.stage === 'ready') stream.write('\r\x1b[2K');
      lastLine = line;
      return;
    }
    const tenth = percent === undefined ? -1 : Math.floor(percent / 10);
    if (progress.stage === lastStage && tenth === lastTenth) return;
    if (progress.stage !== lastStage || tenth > lastTenth) {
      stream.write(`${label}${percent === undefined ? '' : ` ${percent}%`}${progress.detail ? ` (${progress.detail})` : ''}\n`);
    }
    lastStage = progress.stage;
    lastTenth = tenth;
  };
}
