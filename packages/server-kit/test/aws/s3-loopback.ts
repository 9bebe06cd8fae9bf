/**
 * An S3-protocol server on loopback for the S3 adapter's tests: s3rver 3.7 in a temporary folder
 * on a free port, behind the conditional proxy (s3-conditional-proxy.ts: the conditional writes
 * and AbortMultipartUpload that s3rver lacks), and a real S3Client pointed at it, configured the
 * way docs/guide/aws-storage.md tells users to configure one for an S3-compatible server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { startConditionalProxy, type ConditionalProxy } from './s3-conditional-proxy.js';

/** The part of s3rver's (untyped, CommonJS) API used here. */
interface S3rver {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  configureBuckets: { name: string }[];
}) => S3rver;

const S3rverServer = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

/** s3rver accepts only its own key pair; SigV4 signatures are parsed, not verified. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface S3Loopback {
  /** The proxy's URL: what clients use. */
  url: string;
  bucket: string;
  client: S3Client;
  proxy: ConditionalProxy;
  /** Another client on the same server (a second process, say). */
  newClient(): S3Client;
  close(): Promise<void>;
}

export async function startS3Loopback(bucket = 'surgery-video-test'): Promise<S3Loopback> {
  const directory = await mkdtemp(join(tmpdir(), 'surgery-video-s3rver-'));
  const s3rver = new S3rverServer({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket }] });
  const { port } = await s3rver.run();
  const proxy = await startConditionalProxy({ upstream: { host: '127.0.0.1', port }, directory });
  const clients: S3Client[] = [];
  const newClient = () => {
    const client = new S3Client({
      endpoint: proxy.url,
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
      // The SDK's default (a CRC32 trailer on every streamed body) is stored as part of the object by S3-compatible servers that do not speak it.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    clients.push(client);
    return client;
  };
  const client = newClient();
  return {
    url: proxy.url,
    bucket,
    client,
    proxy,
    newClient,
    async close() {
      for (const each of clients) each.destroy();
      await proxy.close();
      await s3rver.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
