import { getSignedUrl } from '@aws-sdk/cloudfront-signer';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createCloudFrontSigner } from '../../src/signing/cloudfront-signer.js';
import { createCloudFrontVerifier } from '../../src/signing/cloudfront-verifier.js';
import { keyPairIdFor, loadOrCreateKeyPair } from '../../src/signing/key-pair.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'key-pair-'));
  dirs.push(dir);
  return dir;
}
after(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('loadOrCreateKeyPair', () => {
  it('creates an RSA 2048 pair on first run and stores it as CloudFront expects', async () => {
    const dir = join(await tempDir(), 'keys');
    const pair = await loadOrCreateKeyPair(dir);
    assert.equal(pair.created, true);
    assert.match(pair.keyPairId, /^K[A-Z2-7]{13}$/);
    assert.equal(pair.privateKey.asymmetricKeyType, 'rsa');
    assert.equal(pair.privateKey.asymmetricKeyDetails?.modulusLength, 2048);

    assert.deepEqual((await readdir(dir)).sort(), ['key-pair-id', 'private_key.pem', 'public_key.pem']);
    assert.equal((await stat(join(dir, 'private_key.pem'))).mode & 0o777, 0o600);
    assert.match(await readFile(join(dir, 'private_key.pem'), 'utf8'), /^-----BEGIN PRIVATE KEY-----\n/);
    assert.equal(await readFile(join(dir, 'public_key.pem'), 'utf8'), pair.publicKeyPem);
    assert.match(pair.publicKeyPem, /^-----BEGIN PUBLIC KEY-----\n/);
    assert.equal(await readFile(join(dir, 'key-pair-id'), 'utf8'), `${pair.keyPairId}\n`);
  });

  it('loads the same pair on the next run', async () => {
    const dir = await tempDir();
    const first = await loadOrCreateKeyPair(dir);
    const second = await loadOrCreateKeyPair(dir);
    assert.equal(second.created, false);
    assert.equal(second.keyPairId, first.keyPairId);
    assert.equal(second.publicKeyPem, first.publicKeyPem);
  });

  it('signs grants the stored public key verifies, with the AWS SDK too', async () => {
    const dir = await tempDir();
    const { keyPairId, privateKey } = await loadOrCreateKeyPair(dir);
    const verifier = createCloudFrontVerifier({ publicKeys: { [keyPairId]: await readFile(join(dir, 'public_key.pem'), 'utf8') } });
    const url = 'http://127.0.0.1:8080/media/vod/a.mp4';
    const expiresAt = new Date(Date.now() + 60_000);
    const ours = createCloudFrontSigner({ keyPairId, privateKey }).signUrl(url, { expiresAt });
    const aws = getSignedUrl({ url, keyPairId, privateKey: await readFile(join(dir, 'private_key.pem'), 'utf8'), dateLessThan: expiresAt });
    assert.equal(ours, aws);
    assert.equal(verifier.verify({ url: ours }).ok, true);
  });

  it('gives every process starting at once the same pair, and leaves no temp files', async () => {
    const dir = await tempDir();
    const pairs = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateKeyPair(dir)));
    assert.equal(new Set(pairs.map((pair) => pair.keyPairId)).size, 1);
    assert.equal(pairs.filter((pair) => pair.created).length, 1);
    assert.deepEqual((await readdir(dir)).sort(), ['key-pair-id', 'private_key.pem', 'public_key.pem']);
  });

  it('rewrites a missing or stale public key and id from the private key', async () => {
    const dir = await tempDir();
    const first = await loadOrCreateKeyPair(dir);
    await unlink(join(dir, 'public_key.pem'));
    await writeFile(join(dir, 'key-pair-id'), 'KWRONGWRONGWRO\n');
    const again = await loadOrCreateKeyPair(dir);
    assert.equal(again.keyPairId, first.keyPairId);
    assert.equal(await readFile(join(dir, 'public_key.pem'), 'utf8'), first.publicKeyPem);
    assert.equal(await readFile(join(dir, 'key-pair-id'), 'utf8'), `${first.keyPairId}\n`);
  });

  it('refuses a damaged private key instead of replacing it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'private_key.pem'), '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n');
    await assert.rejects(loadOrCreateKeyPair(dir), /private_key\.pem is not an RSA private key in PEM form\. Restore it, or delete it/);
    assert.deepEqual(await readdir(dir), ['private_key.pem']);
  });

  it('derives the id from the public key alone', async () => {
    const dir = await tempDir();
    const pair = await loadOrCreateKeyPair(dir);
    assert.equal(keyPairIdFor(pair.publicKey), pair.keyPairId);
  });
});
