// Checks the built Storybook (storybook-static/) as a reader gets it: the story is listed, the
// preview frame is there, and nothing is loaded from another origin. Runs after `npm run build`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const out = fileURLToPath(new URL('../storybook-static/', import.meta.url));
const LOCAL_STACK_VIDEO = 'foundation-local-stack-video--hls-playlist';

function built(name) {
  const path = out + name;
  assert.ok(
    existsSync(path),
    `${path} is missing: run the build first (pnpm --dir stories run build).`,
  );
  return readFileSync(path, 'utf8');
}

test('index.json lists the local stack video story', () => {
  const index = JSON.parse(built('index.json'));
  const entry = index.entries?.[LOCAL_STACK_VIDEO];
  assert.ok(entry, `index.json has no story "${LOCAL_STACK_VIDEO}"; it lists: ${Object.keys(index.entries ?? {}).join(', ')}`);
  assert.equal(entry.type, 'story');
  assert.equal(entry.title, 'Foundation/Local stack video');
  assert.equal(entry.importPath, './src/foundation/local-stack-video.stories.ts');
});

test('the preview frame and the manager are built', () => {
  assert.match(built('iframe.html'), /<script[^>]+src="\.\/assets\/iframe-[^"]+\.js"/);
  assert.match(built('index.html'), /<html/i);
});

test('no script or stylesheet comes from another origin', () => {
  for (const page of ['index.html', 'iframe.html']) {
    const html = built(page);
    const remote = [
      ...html.matchAll(/<script\b[^>]*\bsrc="((?:https?:)?\/\/[^"]+)"/gi),
      ...html.matchAll(/<link\b[^>]*\bhref="((?:https?:)?\/\/[^"]+)"/gi),
    ].map((match) => match[1]);
    assert.deepEqual(remote, [], `${page} loads from another origin: ${remote.join(', ')}`);
  }
});
