/**
 * The opt-in smoke test against a deployed stack (`npm run smoke` in deploy/aws; never part of
 * `npm test`). Without credentials, outputs and the signing key it prints what it needs and exits
 * 0, having touched nothing. With them it checks, costing cents at most:
 * 1. the API answers through CloudFront (`/api/v1/health`);
 * 2. the S3 adapter writes and reads back a small object in the media bucket (KMS);
 * 3. CloudFront refuses that object without a signature, and serves it, byte for byte, with a
 *    URL signed by server-kit's signer (origin access control + key group working together);
 * 4. the object is deleted again.
 * It starts nothing that bills by the hour: no MediaLive channel, no MediaConvert job.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { createCloudFrontSigner } from '@surgery-video/server-kit';
import { createS3ObjectStore, type S3ObjectStoreOptions } from '@surgery-video/server-kit/aws';
import { checkSmokeReadiness, type SmokePlan } from './smoke-requirements.js';

type S3ClientConstructor = new (config: { region: string }) => S3ObjectStoreOptions['client'];

const readiness = checkSmokeReadiness(process.env, process.cwd());
if (!readiness.ready) {
  console.log('aws-smoke: skipped, nothing was touched. To run it, provide:');
  for (const need of readiness.missing) console.log(`  - ${need}`);
  process.exit(0);
}

await runSmoke(readiness.plan);

async function runSmoke(plan: SmokePlan): Promise<void> {
  const edge = plan.outputs.EdgeUrl.replace(/\/+$/, '');
  const step = (text: string) => console.log(`aws-smoke: ${text}`);
  let failed = false;
  const check = (ok: boolean, text: string) => {
    step(`${ok ? 'ok  ' : 'FAIL'} ${text}`);
    if (!ok) failed = true;
  };

  const health = await fetch(`${edge}/api/v1/health`);
  check(health.status === 200, `GET ${edge}/api/v1/health -> ${health.status}`);

  // The SDK is server-kit's dependency, not this package's: resolve it from there so both use one pinned version.
  const fromServerKit = createRequire(createRequire(import.meta.url).resolve('@surgery-video/server-kit'));
  const { S3Client } = fromServerKit('@aws-sdk/client-s3') as { S3Client: S3ClientConstructor };
  const client = new S3Client({ region: plan.region });
  const store = createS3ObjectStore({ client, bucket: plan.outputs.MediaBucket, serverSideEncryption: { type: 'aws:kms', bucketKey: true } });
  const key = `media/smoke/${Date.now()}-${randomBytes(4).toString('hex')}/probe.txt`;
  const body = Buffer.from(`surgery-video smoke ${new Date().toISOString()}\n`);
  try {
    await store.put(key, body, { contentType: 'text/plain' });
    const back = await store.get(key);
    check(back !== undefined && Buffer.compare(Buffer.from(back.body), body) === 0, `S3 adapter put/get s3://${plan.outputs.MediaBucket}/${key}`);

    const url = `${edge}/${key}`;
    const unsigned = await fetch(url);
    check(unsigned.status === 403, `unsigned GET is refused by CloudFront -> ${unsigned.status}`);
    const signer = createCloudFrontSigner({ keyPairId: plan.outputs.KeyPairId, privateKey: plan.privateKeyPem });
    const signed = await fetch(signer.signUrl(url, { expiresAt: new Date(Date.now() + 5 * 60_000) }));
    const served = Buffer.from(await signed.arrayBuffer());
    check(signed.status === 200 && Buffer.compare(served, body) === 0, `signed GET through CloudFront -> ${signed.status}, ${served.length} bytes`);
  } finally {
    await store.delete(key);
    step(`deleted ${key}`);
    client.destroy();
  }
  if (failed) {
    step('failed');
    process.exit(1);
  }
  step('passed');
}
