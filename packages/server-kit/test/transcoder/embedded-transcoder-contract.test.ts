/**
 * The embedded (ffmpeg) transcoder against the transcoder port's contract, over a generated 30 fps
 * case on disk; its far end is the folder of job state files.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Edit } from '@surgery-video/client';
import { generateCase } from '../../src/media/recorded-cases.js';
import { buildRenderJob, renderName } from '../../src/render/mediaconvert-job.js';
import { createEmbeddedTranscoder } from '../../src/transcoder/embedded-transcoder.js';
import { CONTRACT_FRAME_RATE, describeTranscoderContract } from './transcoder-contract.js';

describeTranscoderContract('embedded ffmpeg transcoder', async () => {
  const root = await mkdtemp(join(tmpdir(), 'transcoder-contract-'));
  const caseDir = join(root, 'media', 'vod', 'case-contract');
  const stateDir = join(root, 'transcoder-jobs');
  await generateCase(
    { id: 'case-contract', title: 'Transcoder contract', durationSeconds: 4, frameRate: CONTRACT_FRAME_RATE, chapters: [{ title: 'All', start: 0, narration: ['Contract.'] }] },
    caseDir,
  );
  const transcoder = await createEmbeddedTranscoder({ stateDir });
  const renders = pathToFileURL(join(root, 'renders')).href;
  const jobOf = (sourceUri: string) => (edit: Edit, correlationId: string) =>
    buildRenderJob({
      edit,
      asset: { id: 'case-contract', frameRate: CONTRACT_FRAME_RATE, durationSeconds: 4, sourceUri },
      output: { destination: renders, name: renderName(edit) },
      correlationId,
    });
  return {
    transcoder,
    job: jobOf(`${pathToFileURL(caseDir).href}/`),
    unreadableJob: jobOf(pathToFileURL(join(root, 'media', 'vod', 'no-such-case', 'source.mp4')).href),
    renderFolder: (name) => `${renders}/${name}/`,
    jobCount: async () => (await readdir(stateDir)).filter((file) => file.endsWith('.json')).length,
    unknownJobId: 'job-0000000000000-000000',
    close: async () => {
      await transcoder.close();
      await rm(root, { recursive: true, force: true });
    },
  };
});
