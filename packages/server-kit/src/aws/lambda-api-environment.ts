/**
 * server-kit's API as the deploy/aws stack runs it on Lambda, built from the function's
 * environment at cold start: the portal's identity settings, the CloudFront key pair id, and two
 * objects in the private data bucket (KMS-encrypted, TLS only) that the deployment puts there:
 * - `config/cloudfront-private-key.pem`: the private half of the key group's public key, kept out
 *   of the function's configuration where anyone who can read the function could see it;
 * - `config/catalogue.json`: `{ assets: CatalogueEntry[], channels: CatalogueEntry[] }`, the
 *   default catalogue; a portal with its own database passes its own MediaCatalogue instead.
 * - `config/users.json`: who can be assigned a review (ids, tenant, roles, specialty; see
 *   object-user-directory.ts), unless the host passes its own `users` directory.
 * The audit log is kept in the same bucket under `audit/`; edits, publications, render jobs and the
 * review workflow's task tokens under `tenants/<tenant>/`. Reviews run on the state machine named
 * by `STATE_MACHINE_ARN` (aws-review-api.ts).
 */
import { randomBytes } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Asset, LiveChannel } from '@surgery-video/client';
import { createApiHandler, type ApiHandler, type ApiOptions } from '../api/api-handler.js';
import { createAuditLog } from '../audit/audit-log.js';
import { createInMemoryCatalogue, type CatalogueEntry, type MediaCatalogue } from '../catalogue/media-catalogue.js';
import { createAuthenticator } from '../identity/authenticator.js';
import type { ClaimMapping } from '../identity/token-claims.js';
import { createCloudFrontSigner } from '../signing/cloudfront-signer.js';
import type { ObjectStore } from '../storage/object-store.js';
import { createAwsReviewApi } from './aws-review-api.js';
import { createObjectUserDirectory, type AssignableUserDirectory } from './object-user-directory.js';
import { createS3ObjectStore } from './s3-object-store.js';

export const API_ENVIRONMENT = ['DATA_BUCKET', 'CLOUDFRONT_KEY_PAIR_ID', 'PORTAL_JWKS_URL', 'PORTAL_ISSUER', 'PORTAL_AUDIENCE', 'STATE_MACHINE_ARN'] as const;
/** Optional: `PORTAL_CLAIM_MAPPING`, JSON of a ClaimMapping (`{ claims, roleMap, fixedTenant }`) for a portal whose claim or role names differ from ours. */
export const SIGNING_KEY_OBJECT = 'config/cloudfront-private-key.pem';
export const CATALOGUE_OBJECT = 'config/catalogue.json';

export interface ApiEnvironmentOptions {
  /** Defaults to one S3Client for the function's region. */
  s3?: S3Client;
  /** Defaults to one SFNClient for the function's region. */
  sfn?: SFNClient;
  /** A directory of the host's own (it must list, for `GET /specialists`), instead of `config/users.json`; the review API checks assignments against it and `GET /specialists` lists it. */
  users?: AssignableUserDirectory;
  /** Lines with ids only (workflow starts and wakes, a refused reload of `config/users.json`). Defaults to console.log. */
  log?: (line: string) => void;
  /** A catalogue of the host's own, instead of `config/catalogue.json`. */
  catalogue?: MediaCatalogue;
  /** Anything else of ApiOptions (routes, liveOperations, …); a `review` replaces the Step Functions one (and its `users`). */
  extra?: Partial<ApiOptions>;
}

export async function createApiFromEnvironment(env: Record<string, string | undefined>, options: ApiEnvironmentOptions = {}): Promise<ApiHandler> {
  const missing = API_ENVIRONMENT.filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`API on Lambda: environment variable(s) ${missing.join(', ')} missing (the deploy/aws stack sets them).`);
  const s3 = options.s3 ?? new S3Client({});
  const encryption = { type: 'aws:kms', bucketKey: true } as const;
  const store = createS3ObjectStore({ client: s3, bucket: env['DATA_BUCKET']!, serverSideEncryption: encryption });

  const key = await store.get(SIGNING_KEY_OBJECT);
  if (!key) throw new Error(`API on Lambda: s3://${env['DATA_BUCKET']}/${SIGNING_KEY_OBJECT} is missing: upload the CloudFront private key (PEM) whose public key the stack's key group holds.`);
  const catalogue = options.catalogue ?? (await loadCatalogue(store));
  const log = options.log ?? ((line: string) => console.log(line));
  const users = options.users ?? (await createObjectUserDirectory({ store, log }));
  const audit = createAuditLog({ store: createS3ObjectStore({ client: s3, bucket: env['DATA_BUCKET']!, prefix: 'audit/', serverSideEncryption: encryption }) });

  return createApiHandler({
    catalogue,
    signer: createCloudFrontSigner({ keyPairId: env['CLOUDFRONT_KEY_PAIR_ID']!, privateKey: Buffer.from(key.body).toString('utf8') }),
    // Required by the API for dev tokens, which are off here: a fresh secret that nobody holds.
    sessionSecret: randomBytes(32),
    authenticator: createAuthenticator({
      portal: { ...claimMapping(env['PORTAL_CLAIM_MAPPING']), jwksUrl: env['PORTAL_JWKS_URL']!, issuer: env['PORTAL_ISSUER']!, audience: env['PORTAL_AUDIENCE']! },
    }),
    audit,
    devTokens: false,
    review: createAwsReviewApi({ store, catalogue, users, audit, sfn: options.sfn ?? new SFNClient({}), stateMachineArn: env['STATE_MACHINE_ARN']!, log }),
    ...options.extra,
  });
}

function claimMapping(json: string | undefined): ClaimMapping {
  if (!json) return {};
  try {
    const value = JSON.parse(json) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as ClaimMapping;
  } catch {
    // fall through to the error below
  }
  throw new Error('API on Lambda: PORTAL_CLAIM_MAPPING must be a JSON object such as {"claims":{"tenant":"org"},"roleMap":{"Consultant":"specialist"}}.');
}

/** The default catalogue: `config/catalogue.json` of the data bucket, read once per cold start. */
export async function loadCatalogue(store: ObjectStore): Promise<MediaCatalogue & { entries: ReturnType<typeof parseCatalogue> }> {
  const entries = parseCatalogue((await store.get(CATALOGUE_OBJECT))?.body);
  return { ...createInMemoryCatalogue(entries), entries };
}

/** `config/catalogue.json`, refused whole with the path of the first bad field; no object means an empty catalogue. */
export function parseCatalogue(body: Uint8Array | undefined): { assets: () => CatalogueEntry<Asset>[]; channels: () => CatalogueEntry<LiveChannel>[] } {
  if (!body) return { assets: () => [], channels: () => [] };
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    throw new Error(`${CATALOGUE_OBJECT}: not JSON.`);
  }
  const list = (name: 'assets' | 'channels'): CatalogueEntry<Asset & LiveChannel>[] => {
    const items = (value as Record<string, unknown> | null)?.[name] ?? [];
    if (!Array.isArray(items)) throw new Error(`${CATALOGUE_OBJECT}: "${name}" must be a list.`);
    items.forEach((entry: unknown, i) => {
      const at = `${CATALOGUE_OBJECT}: ${name}[${i}]`;
      const e = entry as Partial<CatalogueEntry<{ id: unknown; tenant: unknown }>> | null;
      if (typeof e?.item?.id !== 'string' || typeof e.item.tenant !== 'string') throw new Error(`${at}.item needs string "id" and "tenant".`);
      if (typeof e.pathPrefix !== 'string' || !/^\/.*\/$/.test(e.pathPrefix)) throw new Error(`${at}.pathPrefix must start and end with "/".`);
      if (typeof e.files !== 'object' || e.files === null) throw new Error(`${at}.files must name the playable files.`);
    });
    return items as CatalogueEntry<Asset & LiveChannel>[];
  };
  const assets = list('assets');
  const channels = list('channels');
  return { assets: () => assets, channels: () => channels };
}
