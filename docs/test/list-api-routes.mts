// Prints the server kit's API routes, `METHOD /api/v1/path` one a line, from the code itself: every
// `*Routes` factory of packages/server-kit/src/api/routes/, called with stand-ins that turn every
// optional part on (dev tokens, the audit log, the review API), and the routes createApiHandler
// declares inline. Run with `node --import tsx` (api-reference.test.mjs does).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const server = new URL('../../packages/server-kit/src/api/', import.meta.url);
// Any property of a stand-in is another stand-in, and it can be called: a factory reads
// `services.devTokens` or `services.audit` and finds them set.
const standIn: object = new Proxy(function () {}, {
  get: (_target, key) => (key === 'then' ? undefined : standIn),
  apply: () => standIn,
});

const routes: string[] = [];
const routesDir = new URL('routes/', server);
for (const file of readdirSync(fileURLToPath(routesDir)).filter((name) => name.endsWith('-routes.ts')).sort()) {
  const module = (await import(pathToFileURL(fileURLToPath(new URL(file, routesDir))).href)) as Record<string, unknown>;
  for (const [name, factory] of Object.entries(module)) {
    if (!name.endsWith('Routes') || typeof factory !== 'function') continue;
    for (const route of factory(standIn) as { method: string; path: string }[]) routes.push(`${route.method} /api/v1${route.path}`);
  }
}
// The inline ones: `{ method: 'GET', path: '/health', … }` in the handler's own table.
const handler = readFileSync(fileURLToPath(new URL('api-handler.ts', server)), 'utf8');
for (const match of handler.matchAll(/\{\s*method:\s*'([A-Z]+)',\s*path:\s*'([^']+)'/g)) routes.push(`${match[1]} /api/v1${match[2]}`);
process.stdout.write(`${[...new Set(routes)].join('\n')}\n`);
