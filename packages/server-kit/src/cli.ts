#!/usr/bin/env node
/**
 * `surgery-video dev`: the whole product on one machine. Prints one URL when it is ready.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDevStack } from './dev/dev-stack.js';
import { terminalProgress } from './dev/terminal-progress.js';
import { verifyAuditChain } from './audit/audit-log.js';
import { FfmpegError } from './media/ffmpeg.js';
import { createDirectoryStore } from './storage/directory-store.js';

const USAGE = `Usage: surgery-video dev [options]
       surgery-video audit verify --tenant <tenant> [--data <dir>]

dev           starts the local stack: demo portal, API, signed local edge, sample media, live channel.
audit verify  checks the hash chain of a tenant's audit log and prints its length and head hash.

Options:
  --data <dir>      where keys and generated media are kept (default: ./.surgery-video)
  --portal <dir>    built demo portal to serve at /
  --host <host>     address to listen on (default: 127.0.0.1)
  --port <port>     port to listen on (default: 8080; 0 picks a free one)
  --origin <url>    another origin allowed to use the API and media with credentials (repeatable)
  --no-live         do not start the live channel
  -h, --help        show this help`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string', default: '.surgery-video' },
      portal: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8080' },
      origin: { type: 'string', multiple: true, default: [] },
      'no-live': { type: 'boolean', default: false },
      tenant: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (positionals[0] === 'audit' && positionals[1] === 'verify' && !values.help) {
    if (!values.tenant) {
      console.error('audit verify needs --tenant <tenant>, e.g. --tenant demo.');
      return 2;
    }
    return verifyAudit(resolve(values.data), values.tenant);
  }
  if (values.help || positionals[0] !== 'dev') {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535, not "${values.port}".`);
    return 2;
  }

  // Ctrl-C while the sample media is generated aborts ffmpeg; nothing half-written is kept.
  const abort = new AbortController();
  const abortStart = () => abort.abort();
  process.once('SIGINT', abortStart);
  process.once('SIGTERM', abortStart);
  const stack = await startDevStack({
    dataDir: resolve(values.data),
    ...(values.portal ? { portalDir: resolve(values.portal) } : {}),
    host: values.host,
    port,
    allowedOrigins: values.origin,
    live: !values['no-live'],
    onProgress: terminalProgress(),
    log: (line) => console.error(`[stack] ${line}`),
    signal: abort.signal,
  });

  process.off('SIGINT', abortStart);
  process.off('SIGTERM', abortStart);
  console.log(`\nSurgery Video is running: ${stack.url}/\n`);
  const shutdown = () => {
    console.error('stopping…');
    void stack.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return new Promise(() => {});
}

async function verifyAudit(dataDir: string, tenant: string): Promise<number> {
  const result = await verifyAuditChain(createDirectoryStore(join(dataDir, 'objects')), tenant);
  if (result.ok) {
    console.log(`audit log of ${tenant}: ${result.entries} entries, chain intact, head ${result.head.seq} ${result.head.hash}`);
    return 0;
  }
  console.error(`audit log of ${tenant}: BROKEN at entry ${result.brokenAt} (${result.reason}): ${result.message}`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof FfmpegError && error.code === 'aborted') process.exit(130);
    if (error instanceof FfmpegError || (error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      console.error(error instanceof Error ? error.message : error);
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') console.error('Choose another port with PORT=... npm start.');
      process.exit(1);
    }
    console.error(error);
    process.exit(1);
  },
);
