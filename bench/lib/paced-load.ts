/**
 * Paced load: `clients` keep-alive connections, each sending one GET every `clients / rate`
 * seconds at its own phase, so the server sees a steady `rate` requests per second, as from many
 * portal pages polling, instead of the bursts autocannon's rate limiter sends at each second's start.
 *
 * Latency is measured from when a request was due, not when it was sent: a server that falls
 * behind delays the next requests too, and that wait counts (no coordinated omission).
 *
 * `pacedLoadInChild` runs it in a child process (paced-load-child.ts), so the load does not share
 * an event loop with the server measured.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

export interface PacedLoadOptions {
  url: string;
  clients: number;
  /** Requests per second over all clients. */
  rate: number;
  seconds: number;
  headers?: Record<string, string>;
}

export interface PacedLoadResult {
  requests: number;
  errors: number;
  /** Milliseconds from when each request was due to its last byte. */
  latency: { p50: number; p90: number; p99: number; max: number };
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export async function pacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.clients });
  const url = new URL(options.url);
  const interval = (options.clients / options.rate) * 1000;
  const start = performance.now() + 200;
  const end = start + options.seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;

  const once = (due: number) =>
    new Promise<void>((resolve) => {
      const req = request(url, { agent, headers: options.headers }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) errors++;
          latencies.push(performance.now() - due);
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });

  const client = async (index: number) => {
    // Each client's phase within the interval spreads the load evenly over time.
    for (let due = start + (index / options.clients) * interval; due < end; due += interval) {
      // Timers may fire a little early; never send before the request is due.
      while (performance.now() < due) await new Promise((resolve) => setTimeout(resolve, Math.max(1, due - performance.now())));
      await once(due);
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    latency: { p50: quantile(latencies, 0.5), p90: quantile(latencies, 0.9), p99: quantile(latencies, 0.99), max: latencies.at(-1) ?? Number.NaN },
  };
}

export function pacedLoadInChild(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./paced-load-child.ts', import.meta.url)), JSON.stringify(options)], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        const result = JSON.parse(out) as PacedLoadResult;
        if (code !== 0 || result.errors > 0) reject(new Error(`paced load of ${options.url} failed (exit ${code}, ${result.errors} errors)`));
        else resolve(result);
      } catch (error) {
        reject(new Error(`paced load of ${options.url} printed no result (exit ${code})`, { cause: error }));
      }
    });
  });
}
