/**
 * The review workflow's function as the deploy/aws stack runs it: one Lambda that every Task state
 * of review-workflow.asl.json invokes (createReviewActivitiesLambdaHandler), and that EventBridge
 * also invokes with MediaConvert's job-ended events (createMediaConvertEventsLambdaHandler), which
 * end the Render step. Both are built at cold start from the function's environment over the same
 * stores the API uses: edits, jobs, publications and task tokens in the data bucket, the audit log
 * under `audit/`, the catalogue from `config/catalogue.json`.
 *
 * Where media lives follows the catalogue: an asset's source is its HLS master at
 * `s3://$MEDIA_BUCKET<pathPrefix><files.hls>` (CloudFront's `/media/vod/<id>/` is the bucket's
 * `media/vod/<id>/`), renders are written under `media/renders/` and played from the same path on
 * the edge.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Asset } from '@surgery-video/client';
import { createAuditLog } from '../audit/audit-log.js';
import type { MediaCatalogue } from '../catalogue/media-catalogue.js';
import { createPublicationStore } from '../edits/publication-store.js';
import { createEditStore } from '../edits/edit-store.js';
import { createJobStore } from '../workflow/job-store.js';
import { createReviewActivities } from '../workflow/review-activities.js';
import { createTranscoderRenderService } from '../workflow/transcoder-render-service.js';
import { loadCatalogue } from './lambda-api-environment.js';
import { MEDIACONVERT_EVENT_SOURCE } from './mediaconvert-events-job.js';
import { createMediaConvertEventsLambdaHandler } from './mediaconvert-events-lambda.js';
import { createMediaConvertTranscoder } from './mediaconvert-transcoder.js';
import { createReviewActivitiesLambdaHandler } from './review-activities-lambda.js';
import { createS3ObjectStore } from './s3-object-store.js';
import { createReviewTaskTokenStore } from './step-functions-task-tokens.js';

export const REVIEW_ENVIRONMENT = ['DATA_BUCKET', 'MEDIA_BUCKET', 'MEDIACONVERT_ROLE_ARN'] as const;
/** Where renders are written in the media bucket (and served from on the edge, with a leading `/`). */
export const RENDERS_PREFIX = 'media/renders/';

export interface ReviewEnvironmentOptions {
  /** Default: one client each for the function's region. */
  s3?: S3Client;
  sfn?: SFNClient;
  mediaconvert?: MediaConvertClient;
  /** A catalogue of the host's own, instead of `config/catalogue.json` (sources then follow `media/vod/<asset id>/master.m3u8`). */
  catalogue?: MediaCatalogue;
  /** Lines with ids only. Defaults to console.log. */
  log?: (line: string) => void;
}

export type ReviewFunctionHandler = (event: unknown) => Promise<unknown>;

/** The function's handler; it builds its parts on the first event and again after a build that failed. */
export function createReviewFunctionFromEnvironment(env: Record<string, string | undefined>, options: ReviewEnvironmentOptions = {}): ReviewFunctionHandler {
  let built: Promise<{ steps: ReviewFunctionHandler; renders: ReviewFunctionHandler }> | undefined;
  const parts = () => {
    if (!built) {
      const building = build(env, options);
      built = building;
      building.catch(() => {
        if (built === building) built = undefined;
      });
    }
    return built;
  };
  return async (event) => {
    const { steps, renders } = await parts();
    const source = typeof event === 'object' && event !== null ? (event as { source?: unknown }).source : undefined;
    return source === MEDIACONVERT_EVENT_SOURCE ? renders(event) : steps(event);
  };
}

async function build(env: Record<string, string | undefined>, options: ReviewEnvironmentOptions) {
  const missing = REVIEW_ENVIRONMENT.filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`Review function on Lambda: environment variable(s) ${missing.join(', ')} missing (the deploy/aws stack sets them).`);
  const log = options.log ?? ((line: string) => console.log(line));
  const s3 = options.s3 ?? new S3Client({});
  const sfn = options.sfn ?? new SFNClient({});
  const encryption = { type: 'aws:kms', bucketKey: true } as const;
  const store = createS3ObjectStore({ client: s3, bucket: env['DATA_BUCKET']!, serverSideEncryption: encryption });
  const media = env['MEDIA_BUCKET']!;

  const loaded = options.catalogue ? undefined : await loadCatalogue(store);
  const catalogue = options.catalogue ?? loaded!;
  const sourceUri = (asset: Asset): string => {
    const entry = loaded?.entries.assets().find((candidate) => candidate.item.tenant === asset.tenant && candidate.item.id === asset.id);
    const folder = entry ? entry.pathPrefix.slice(1) : `media/vod/${asset.id}/`;
    return `s3://${media}/${folder}${entry?.files.hls ?? 'master.m3u8'}`;
  };
  const render = createTranscoderRenderService({
    transcoder: createMediaConvertTranscoder({
      client: options.mediaconvert ?? new MediaConvertClient({}),
      role: env['MEDIACONVERT_ROLE_ARN']!,
      ...(env['MEDIACONVERT_QUEUE_ARN'] ? { queue: env['MEDIACONVERT_QUEUE_ARN'] } : {}),
    }),
    sourceUri,
    destination: () => `s3://${media}/${RENDERS_PREFIX}`,
    // s3://<media bucket>/media/renders/… is /media/renders/… on the edge.
    publicUri: (uri) => (uri.startsWith(`s3://${media}/`) ? uri.slice(`s3://${media}`.length) : uri),
  });
  const jobs = createJobStore(store);
  const tokens = createReviewTaskTokenStore(store);
  const activities = createReviewActivities({
    edits: createEditStore(store),
    catalogue,
    jobs,
    publications: createPublicationStore(store),
    render,
    audit: createAuditLog({ store: createS3ObjectStore({ client: s3, bucket: env['DATA_BUCKET']!, prefix: 'audit/', serverSideEncryption: encryption }) }),
    log,
  });
  return {
    steps: createReviewActivitiesLambdaHandler({ activities, tokens, client: sfn, log }) as ReviewFunctionHandler,
    renders: createMediaConvertEventsLambdaHandler({ render, tokens, jobs, client: sfn, log }) as ReviewFunctionHandler,
  };
}
