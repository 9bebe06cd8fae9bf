/** Child process entry of serveStaticInChild: serves a folder until it is told to stop. */
import { serveStatic } from './page-server.js';

const [dir, host, port] = process.argv.slice(2);
const server = await serveStatic(dir!, host!, Number(port));
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
// The parent holds our stdin open: when it goes away, however it died, so does this server.
process.stdin.on('end', () => process.exit(0)).resume();
process.stdout.write('listening\n');
