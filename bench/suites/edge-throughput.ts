/**
 * Requests per second for a media segment through the local edge (signature check, CORS, cache
 * headers) against a bare node:http static server serving the same file, in the same run. The load
 * comes from autocannon in a child process on loopback, bounded in time.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, requestDevToken } from '@surgery-video/client';
import { startDevStack } from '@surgery-video/server-kit';
import type { BenchSuiteResult } from '../lib/bench-result.js';

const AUTOCANNON = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url));
const SECONDS_PER_ROUND = 5;
const ROUNDS = 2;

function load(url: string, headers: Record<string, string>): Promise<number> {
  const args = [AUTOCANNON, '--json', '-c', '16', '-d', String(SECONDS_PER_ROUND), ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]), url];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        const result = JSON.parse(out) as { requests: { average: number }; non2xx: number };
        if (code !== 0 || result.non2xx > 0) reject(new Error(`load run failed (exit ${code}, ${result.non2xx} non-2xx answers)`));
        else resolve(result.requests.average);
      } catch (error) {
        reject(error);
      }
    });
  });
}

export async function run(context: { dataDir: string }): Promise<BenchSuiteResult> {
  const stack = await startDevStack({ dataDir: context.dataDir, live: false });
  const folder = join(context.dataDir, 'media', 'vod', 'case-001');
  const bare = createServer((req, res) => {
    const file = join(folder, (req.url ?? '/').slice(1));
    void stat(file).then((info) => {
      res.writeHead(200, { 'content-length': info.size });
      createReadStream(file).pipe(res);
    });
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  try {
    const token = await requestDevToken(stack.url, 'clinician-1');
    const grant = await createClient({ baseUrl: stack.url, token }).assets.grant('case-001');
    const cookie = Object.entries(grant.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    const figures = [];
    // A playlist shows the per-request cost (signature, CORS, headers); a segment the byte path.
    for (const [what, name] of [['playlist', 'media_0.m3u8'], ['segment', 'seg-0-00001.m4s']] as const) {
      const size = (await stat(join(folder, name))).size;
      const edgeUrl = `${stack.url}/media/vod/case-001/${name}`;
      const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/${name}`;
      const edgeRates: number[] = [];
      const bareRates: number[] = [];
      // Alternate so drift in the machine's load touches both sides alike.
      for (let round = 0; round < ROUNDS; round++) {
        bareRates.push(await load(bareUrl, {}));
        edgeRates.push(await load(edgeUrl, { cookie }));
      }
      const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
      const edge = mean(edgeRates);
      const baseline = mean(bareRates);
      figures.push({
        name: `signed ${what} GETs (${size < 10_240 ? `${size} B` : `${(size / 1024).toFixed(0)} KiB`}, 16 connections)`,
        value: edge,
        unit: 'req/s',
        baseline: { name: 'bare node:http static', value: baseline },
        ratio: edge / baseline,
        goal: 'ratio ≥ 0.5',
        met: edge / baseline >= 0.5,
      });
    }
    return {
      suite: 'Local edge throughput',
      figures,
      notes: [`${ROUNDS} alternating rounds of ${SECONDS_PER_ROUND} s each, autocannon in a child process on loopback.`],
    };
  } finally {
    await new Promise<void>((resolve) => bare.close(() => resolve()));
    await stack.stop();
  }
}
