/**
 * The smoke script's safe path: without credentials, stack outputs or the signing key it prints
 * what it needs, exits 0 and touches nothing. (Its AWS path needs a deployed stack and is run by
 * hand: docs/guide/aws-deployment.md.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkSmokeReadiness } from '../smoke/smoke-requirements.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'aws-smoke-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** An environment with no AWS settings at all, and a home without ~/.aws. */
function bareEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('AWS_') && !name.startsWith('SMOKE_')) env[name] = value;
  return { ...env, HOME: scratch, ...extra };
}

describe('aws-smoke without what it needs', () => {
  it('prints every missing piece, exits 0 and makes no request', () => {
    // A proxy that does not exist: any request the script made would fail it loudly.
    const env = bareEnv({ HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' });
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'smoke/run.ts'], { cwd: packageDir, env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /aws-smoke: skipped, nothing was touched/);
    assert.match(run.stdout, /AWS credentials/);
    assert.match(run.stdout, /AWS_REGION/);
    assert.match(run.stdout, /cdk-outputs\.json/);
    assert.match(run.stdout, /SMOKE_PRIVATE_KEY_FILE/);
    assert.doesNotMatch(run.stdout, /ok {2}|FAIL/);
  });

  it('names what is still missing when only some of it is there', () => {
    const outputs = join(scratch, 'outputs.json');
    writeFileSync(outputs, JSON.stringify({ SurgeryVideo: { EdgeUrl: 'https://d1.cloudfront.net', MediaBucket: 'b' } }));
    const partial = checkSmokeReadiness(bareEnv({ AWS_PROFILE: 'clinic', AWS_REGION: 'eu-west-1', SMOKE_OUTPUTS_FILE: outputs }), scratch, scratch);
    assert.equal(partial.ready, false);
    assert.deepEqual(!partial.ready && partial.missing, [
      `${outputs}: stack SurgeryVideo has no KeyPairId output (deploy the current deploy/aws stack)`,
      'SMOKE_PRIVATE_KEY_FILE: the CloudFront private key (PEM) whose public key the stack was deployed with',
    ]);
  });

  it('is ready when credentials, region, outputs and key are all given', () => {
    const outputs = join(scratch, 'ready.json');
    const key = join(scratch, 'private_key.pem');
    writeFileSync(outputs, JSON.stringify({ SurgeryVideo: { EdgeUrl: 'https://d1.cloudfront.net', KeyPairId: 'K1', MediaBucket: 'b' } }));
    writeFileSync(key, '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n');
    const ready = checkSmokeReadiness(bareEnv({ AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's', AWS_REGION: 'eu-west-1', SMOKE_OUTPUTS_FILE: outputs, SMOKE_PRIVATE_KEY_FILE: key }), scratch, scratch);
    assert.equal(ready.ready, true);
    assert.deepEqual(ready.ready && ready.plan.outputs, { EdgeUrl: 'https://d1.cloudfront.net', KeyPairId: 'K1', MediaBucket: 'b' });
  });
});
