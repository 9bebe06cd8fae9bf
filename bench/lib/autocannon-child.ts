/**
 * One bounded autocannon run in a child process, so the load generator does not share an event
 * loop (or a core's time slices, as far as the OS allows) with the server being measured.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const AUTOCANNON = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url));

export interface LoadResult {
  /** Mean requests per second over the run. */
  requestsPerSecond: number;
  /** Latency percentiles in milliseconds, as autocannon reports them. */
  latency: { p50: number; p90: number; p99: number; max: number };
  requests: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  method?: string;
  headers?: Record<string, string>;
}

export function loadInChild(options: LoadOptions): Promise<LoadResult> {
  const args = [
    AUTOCANNON, '--json', '-c', String(options.connections), '-d', String(options.seconds),
    ...(options.method ? ['-m', options.method] : []),
    ...Object.entries(options.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}=${v}`]),
    options.url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        const result = JSON.parse(out) as {
          requests: { average: number; total: number };
          latency: { p50: number; p90: number; p99: number; max: number };
          non2xx: number;
          errors: number;
        };
        if (code !== 0 || result.non2xx > 0 || result.errors > 0) {
          reject(new Error(`load run of ${options.url} failed (exit ${code}, ${result.non2xx} non-2xx answers, ${result.errors} errors)`));
        } else {
          const { p50, p90, p99, max } = result.latency;
          resolve({ requestsPerSecond: result.requests.average, latency: { p50, p90, p99, max }, requests: result.requests.total });
        }
      } catch (error) {
        reject(error);
      }
    });
  });
}
