/**
 * A review server in its own process, for the durability test: `node --import tsx
 * review-server-process.ts <dataDir>` starts the API with the embedded workflow and transcoder on
 * `<dataDir>` (resuming whatever a killed predecessor left running) and prints `{"url": …}` once
 * it listens. It runs until it is killed.
 */
import { startReviewTestServer } from '../api/review-test-server.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: review-server-process.ts <dataDir>');
const server = await startReviewTestServer({ dataDir, renderPollMs: 50, log: (line) => process.stderr.write(`${line}\n`) });
process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid })}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
