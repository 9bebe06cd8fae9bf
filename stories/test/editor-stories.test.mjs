// Checks the built Storybook (storybook-static/) lists a story for every state of <clip-editor>
// that issue 4 names, under the editor's title, from the editor's stories file. Runs after
// `npm run build`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const index = fileURLToPath(new URL('../storybook-static/index.json', import.meta.url));

/** Story id -> the name a reader sees in the sidebar. */
const EDITOR_STATES = {
  'editor-clip-editor--draft': 'Empty draft',
  'editor-clip-editor--with-segments': 'With segments',
  'editor-clip-editor--zoomed-to-frames': 'Zoomed to frames',
  'editor-clip-editor--drawing': 'Drawing',
  'editor-clip-editor--readonly': 'Readonly',
  'editor-clip-editor--keys-off': 'Keys off (nohotkeys)',
  'editor-clip-editor--conflict': 'Version conflict',
  'editor-clip-editor--offline-restore': 'Offline restore',
};

test('index.json lists a story for every <clip-editor> state', () => {
  assert.ok(existsSync(index), `${index} is missing: run the build first (pnpm --dir stories run build).`);
  const entries = JSON.parse(readFileSync(index, 'utf8')).entries ?? {};
  const listed = Object.keys(entries).filter((id) => id.startsWith('editor-clip-editor--'));
  assert.deepEqual(listed.sort(), Object.keys(EDITOR_STATES).sort(), 'the editor stories built');
  for (const [id, name] of Object.entries(EDITOR_STATES)) {
    const entry = entries[id];
    assert.equal(entry.type, 'story', id);
    assert.equal(entry.title, 'Editor/Clip editor', id);
    assert.equal(entry.name, name, id);
    assert.equal(entry.importPath, './src/editor/clip-editor.stories.ts', id);
  }
});
