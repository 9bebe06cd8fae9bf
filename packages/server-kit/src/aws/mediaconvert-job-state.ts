/**
 * A MediaConvert job (GetJob's `Job`) read as the transcoder port's TranscodeJob, so that callers
 * read MediaConvert and the embedded transcoder alike.
 *
 * MediaConvert does not list the files a job wrote; it echoes the job's Settings, and file names
 * follow from them by its naming rules (the same the embedded transcoder follows, render-plan.ts):
 * a CMAF group writes `<Destination>.m3u8` and `<Destination>.mpd`, a file output
 * `<Destination><NameModifier>.<Extension>`, frame captures `<Destination><NameModifier>.<n, 7 digits>.jpg`.
 * The number of captures is the output's MaxCaptures (buildRenderJob sets it to the exact count),
 * else one per capture interval of the output's duration. Durations come from OutputGroupDetails;
 * MediaConvert reports no frame count, so `frameCount` stays unset.
 */
import type { Job, OutputGroup } from '@aws-sdk/client-mediaconvert';
import type { TranscodeOutput } from '../transcoder/render-command.js';
import type { TranscodeJob, TranscodeJobStatus } from '../transcoder/transcoder-port.js';

/** The TranscodeJob a MediaConvert job is. CANCELED reads as ERROR, with why. */
export function transcodeJobOf(job: Job): TranscodeJob {
  if (typeof job.Id !== 'string' || job.Id === '') throw new Error('MediaConvert answered with a job that has no Id.');
  const status = statusOf(job);
  const complete = status === 'COMPLETE';
  const durationMs = complete ? videoDurationMs(job) : undefined;
  const submitted = job.Timing?.SubmitTime ?? job.CreatedAt;
  const errorMessage =
    job.Status === 'CANCELED'
      ? `MediaConvert job ${job.Id} was canceled.`
      : status === 'ERROR'
        ? `${job.ErrorMessage ?? 'The MediaConvert job failed.'}${job.ErrorCode === undefined ? '' : ` (MediaConvert error ${job.ErrorCode})`}`
        : undefined;
  return {
    id: job.Id,
    status,
    progress: complete ? 1 : Math.min(1, Math.max(0, (job.JobPercentComplete ?? 0) / 100)),
    outputs: complete ? outputsOf(job.Settings?.OutputGroups ?? [], job) : [],
    ...(durationMs === undefined ? {} : { durationSeconds: durationMs / 1000 }),
    ...(errorMessage === undefined ? {} : { errorMessage }),
    ...(job.ClientRequestToken === undefined ? {} : { clientRequestToken: job.ClientRequestToken }),
    userMetadata: { ...(job.UserMetadata ?? {}) },
    submittedAt: iso(submitted) ?? new Date(0).toISOString(),
    ...(job.Timing?.StartTime ? { startedAt: iso(job.Timing.StartTime)! } : {}),
    ...(job.Timing?.FinishTime ? { finishedAt: iso(job.Timing.FinishTime)! } : {}),
  };
}

function statusOf(job: Job): TranscodeJobStatus {
  switch (job.Status) {
    case 'SUBMITTED':
    case 'PROGRESSING':
    case 'COMPLETE':
    case 'ERROR':
      return job.Status;
    case 'CANCELED':
      return 'ERROR';
    default:
      throw new Error(`MediaConvert job ${String(job.Id)} has a status this adapter does not know: ${JSON.stringify(job.Status)}.`);
  }
}

/** The duration of the first output with video, as MediaConvert measured it. */
function videoDurationMs(job: Job): number | undefined {
  for (const group of job.OutputGroupDetails ?? []) {
    for (const detail of group.OutputDetails ?? []) {
      if (detail.VideoDetails && typeof detail.DurationInMs === 'number') return detail.DurationInMs;
    }
  }
  return undefined;
}

function outputsOf(groups: OutputGroup[], job: Job): TranscodeOutput[] {
  const outputs: TranscodeOutput[] = [];
  groups.forEach((group, g) => {
    const name = group.Name ?? `group-${g + 1}`;
    const settings = group.OutputGroupSettings;
    if (settings?.Type === 'CMAF_GROUP_SETTINGS' && settings.CmafGroupSettings?.Destination) {
      const base = settings.CmafGroupSettings.Destination;
      const uris = [
        ...(settings.CmafGroupSettings.WriteHlsManifest === 'DISABLED' ? [] : [`${base}.m3u8`]),
        ...(settings.CmafGroupSettings.WriteDashManifest === 'ENABLED' ? [`${base}.mpd`] : []),
      ];
      outputs.push({ group: name, kind: 'cmaf', uris });
      return;
    }
    if (settings?.Type !== 'FILE_GROUP_SETTINGS' || !settings.FileGroupSettings?.Destination) return;
    const destination = settings.FileGroupSettings.Destination;
    (group.Outputs ?? []).forEach((output, o) => {
      const modifier = output.NameModifier ?? '';
      const codec = output.VideoDescription?.CodecSettings;
      if (codec?.Codec === 'FRAME_CAPTURE') {
        const capture = codec.FrameCaptureSettings ?? {};
        const durationMs = job.OutputGroupDetails?.[g]?.OutputDetails?.[o]?.DurationInMs ?? videoDurationMs(job) ?? 0;
        const every = (capture.FramerateDenominator ?? 1) / (capture.FramerateNumerator ?? 1);
        const count = capture.MaxCaptures ?? Math.max(1, Math.ceil(durationMs / 1000 / every));
        const extension = output.Extension ?? 'jpg';
        outputs.push({
          group: name,
          kind: 'frame-capture',
          uris: Array.from({ length: count }, (_, j) => `${destination}${modifier}.${String(j).padStart(7, '0')}.${extension}`),
        });
      } else if (output.ContainerSettings?.Container === 'MP4') {
        outputs.push({ group: name, kind: 'mp4', uris: [`${destination}${modifier}.${output.Extension ?? 'mp4'}`] });
      }
    });
  });
  return outputs;
}

function iso(value: Date | undefined): string | undefined {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : undefined;
}
