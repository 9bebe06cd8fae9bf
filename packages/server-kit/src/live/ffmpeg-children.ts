/**
 * Bookkeeping of the ffmpeg processes live channels start, so none outlives its host.
 */
import type { ChildProcess } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Every channel's ffmpeg in this process. If the process exits without stop(), they are killed
 * on the way out; ffmpeg ignores SIGPIPE, so it would otherwise outlive us, encoding forever.
 */
const runningChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

export function trackChild(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const running of runningChildren) running.kill('SIGKILL');
    });
  }
  runningChildren.add(child);
  child.once('close', () => runningChildren.delete(child));
}

/**
 * Kills the ffmpeg a previous, killed host process left writing to `outputDir` (its pid is in
 * the pid file). The pid only counts if that process's command line names `outputDir`, so a
 * recycled pid is never touched; where /proc is missing nothing is killed.
 */
export async function reapLeftoverFfmpeg(pidFile: string, outputDir: string): Promise<void> {
  const pid = Number.parseInt(await readFile(pidFile, 'utf8').catch(() => ''), 10);
  if (!(pid > 0) || pid === process.pid) return;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes(join(outputDir, '%v', 'index.m3u8'))) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  for (let i = 0; i < 50 && (await exists(`/proc/${pid}/cmdline`)); i++) await sleep(40);
}

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
