/**
 * Time from a trainee's submit to a playable instant preview, on the local dev stack: the clock
 * starts when `POST /api/v1/edits/:id/submit` is sent and stops when the preview's master playlist
 * (`/media/vod/<asset>/clips/<edit>-v<version>/master.m3u8`, which the workflow's InstantPreview
 * step writes from the source's own segments) answers 200 through the edge under the case's grant,
 * as a player asking for it would. The product announces the preview in no other way: it is
 * playable when the edge serves it. The baseline, in the same run, is the edge serving the case's
 * own master playlist (the floor of any "is it there yet" request).
 *
 * The stack runs on a fresh data folder whose recorded cases are the cached ones (a symlink), so
 * no workflow state is left in the shared cache; the previews written into the case folder are
 * removed afterwards.
 */
import { mkdir, mkdtemp, rm, rmdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, requestDevToken } from '@surgery-video/client';
import { ensureRecordedCases, startDevStack } from '@surgery-video/server-kit';
import type { BenchSuiteResult } from '../lib/bench-result.js';

const SUBMISSIONS = 9;
const POLL_EVERY_MS = 2;

export async function run(context: { dataDir: string }): Promise<BenchSuiteResult> {
  await ensureRecordedCases({ dataDir: context.dataDir });
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-review-preview-'));
  await mkdir(join(dataDir, 'media'), { recursive: true });
  await symlink(join(context.dataDir, 'media', 'vod'), join(dataDir, 'media', 'vod'));
  const written: string[] = [];
  const stack = await startDevStack({ dataDir, live: false });
  try {
    const trainee = createClient({ baseUrl: stack.url, token: await requestDevToken(stack.url, 'trainee-1') });
    const grant = await trainee.assets.grant('case-001');
    const cookie = Object.entries(grant.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    const fetchOk = async (path: string) => {
      const response = await fetch(`${stack.url}${path}`, { headers: { cookie } });
      const text = await response.text();
      return response.status === 200 && text.startsWith('#EXTM3U');
    };
    const previews: number[] = [];
    const floors: number[] = [];
    const submits: number[] = [];
    for (let i = 0; i < SUBMISSIONS; i++) {
      // Two segments, like a typical teaching clip; a different cut each time so no preview is reused.
      const edit = await trainee.edits.create({ assetId: 'case-001', title: `Bench preview ${i}`, segments: [{ start: 2 + i, end: 9 + i }, { start: 30, end: 41 + i }] });
      const path = `/media/vod/case-001/clips/${edit.id}-v${edit.version + 1}/master.m3u8`;
      written.push(join(context.dataDir, 'media', 'vod', 'case-001', 'clips', `${edit.id}-v${edit.version + 1}`));
      const started = performance.now();
      const submitted = await trainee.reviews.submit(edit.id);
      submits.push(performance.now() - started);
      if (submitted.version !== edit.version + 1) throw new Error(`submit made version ${submitted.version}; expected ${edit.version + 1}`);
      const deadline = started + 30_000;
      while (!(await fetchOk(path))) {
        if (performance.now() > deadline) throw new Error(`the preview of ${edit.id} was not playable within 30 s`);
        await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
      }
      previews.push(performance.now() - started);
      const floorStart = performance.now();
      if (!(await fetchOk('/media/vod/case-001/master.m3u8'))) throw new Error('the case master playlist did not play');
      floors.push(performance.now() - floorStart);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const preview = median(previews);
    const floor = median(floors);
    return {
      suite: 'Submit to playable preview (dev stack)',
      figures: [
        {
          name: `submit → preview master playlist served by the edge (median of ${SUBMISSIONS})`,
          value: preview,
          unit: 'ms',
          baseline: { name: 'one signed GET of the case master', value: floor },
          ratio: preview / floor,
          goal: '< 100 ms',
          met: preview < 100,
        },
        { name: 'of which the submit request itself (median)', value: median(submits), unit: 'ms' },
        { name: 'slowest submission', value: Math.max(...previews), unit: 'ms' },
      ],
      notes: [
        `Each submission is a new two-segment Edit of case-001; the edge is polled every ${POLL_EVERY_MS} ms with the case's signed cookies until it serves the preview.`,
        'The time includes the submit request itself (validation, version bump, audit, workflow start) and the InstantPreview step (playlists cut from the source segments, nothing re-encoded).',
        '2 cores shared with other work running at the same time.',
      ],
    };
  } finally {
    await stack.stop();
    await Promise.all(written.map((path) => rm(path, { recursive: true, force: true })));
    // …and the clips folder, unless something else keeps previews there.
    await rmdir(join(context.dataDir, 'media', 'vod', 'case-001', 'clips')).catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  }
}
