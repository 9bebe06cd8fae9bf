// Checks the built Storybook (storybook-static/) lists a story for every state of <surgery-player>
// that issue 3 names (VOD, DASH, live, DVR, low latency, edit with annotations, error,
// signed-access failure, themes), under the player's title, from the player's stories file.
// Runs after `npm run build`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const index = fileURLToPath(new URL('../storybook-static/index.json', import.meta.url));

/** Story id -> the name a reader sees in the sidebar. */
const PLAYER_STATES = {
  'player-surgery-player--recorded-hls': 'VOD (HLS)',
  'player-surgery-player--recorded-dash': 'VOD (DASH)',
  'player-surgery-player--live': 'Live (DVR, LIVE badge)',
  'player-surgery-player--dvr': 'DVR (30 s behind live)',
  'player-surgery-player--low-latency': 'Low latency (LL-DASH)',
  'player-surgery-player--edit-with-annotations': 'Edit with annotations',
  'player-surgery-player--error-state': 'Error (not found)',
  'player-surgery-player--signed-access-failure': 'Signed access refused',
  'player-surgery-player--light-theme': 'Theme: light',
  'player-surgery-player--dark-theme': 'Theme: dark',
  'player-surgery-player--custom-accent': 'Theme: custom accent',
  'player-surgery-player--narrow': '320 px',
};

test('index.json lists a story for every <surgery-player> state', () => {
  assert.ok(existsSync(index), `${index} is missing: run the build first (pnpm --dir stories run build).`);
  const entries = JSON.parse(readFileSync(index, 'utf8')).entries ?? {};
  const listed = Object.keys(entries).filter((id) => id.startsWith('player-surgery-player--'));
  assert.deepEqual(listed.sort(), Object.keys(PLAYER_STATES).sort(), 'the player stories built');
  for (const [id, name] of Object.entries(PLAYER_STATES)) {
    const entry = entries[id];
    assert.equal(entry.type, 'story', id);
    assert.equal(entry.title, 'Player/Surgery player', id);
    assert.equal(entry.name, name, id);
    assert.equal(entry.importPath, './src/player/surgery-player.stories.ts', id);
  }
});
