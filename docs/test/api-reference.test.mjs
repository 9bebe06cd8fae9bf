// The API reference (reference/api.md) against the code: every route the server kit's route table
// declares has its own section (a `### \`METHOD /api/v1/path\`` heading) and a row in the table of
// all routes, and the page documents no route that the code does not have. The route list comes
// from the code itself (list-api-routes.mts, run with tsx), so a new route fails this test until
// it is documented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const page = readFileSync(fileURLToPath(new URL('../reference/api.md', import.meta.url)), 'utf8');
const routes = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./list-api-routes.mts', import.meta.url))], { cwd: root, encoding: 'utf8' })
  .trim()
  .split('\n');

test('the route table of the code is read', () => {
  // Guards the lister itself: these routes are part of the public contract (DESIGN.md).
  for (const route of ['GET /api/v1/assets', 'POST /api/v1/assets/:id/grant', 'POST /api/v1/edits/:id/submit', 'POST /api/v1/dev/tokens', 'GET /api/v1/health']) {
    assert.ok(routes.includes(route), `${route} was not found in the code's route table; is list-api-routes.mts out of date?`);
  }
});

test('every route of the code has a section on the API reference page', () => {
  const headings = new Set([...page.matchAll(/^### `([A-Z]+ \/api\/v1\S*)`\s*$/gm)].map((match) => match[1]));
  const missing = routes.filter((route) => !headings.has(route));
  assert.deepEqual(missing, [], `docs/reference/api.md has no "### \`METHOD path\`" section for: ${missing.join(', ')}`);
});

test('every route of the code has a row in the table of all routes', () => {
  const rows = new Set([...page.matchAll(/^\| `([A-Z]+ \/api\/v1\S*)` \|/gm)].map((match) => match[1]));
  const missing = routes.filter((route) => !rows.has(route));
  assert.deepEqual(missing, [], `docs/reference/api.md's table of all routes lacks: ${missing.join(', ')}`);
});

test('the page documents no route the code does not have', () => {
  const documented = new Set([...page.matchAll(/^### `([A-Z]+ \/api\/v1\S*)`\s*$/gm), ...page.matchAll(/^\| `([A-Z]+ \/api\/v1\S*)` \|/gm)].map((match) => match[1]));
  const extra = [...documented].filter((route) => !routes.includes(route));
  assert.deepEqual(extra, [], `docs/reference/api.md documents routes the code does not have: ${extra.join(', ')}`);
});
