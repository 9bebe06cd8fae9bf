// The review workflow guide (guide/review-workflow.md) against the shipped state machine: every
// state of review-workflow.asl.json appears in the Mermaid diagram, in the plain-text drawing
// (for readers without a Mermaid renderer) and in the table of states, and the page names no
// state the definition does not have.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const definition = JSON.parse(readFileSync(fileURLToPath(new URL('../../packages/server-kit/src/workflow/review-workflow.asl.json', import.meta.url)), 'utf8'));
const page = readFileSync(fileURLToPath(new URL('../guide/review-workflow.md', import.meta.url)), 'utf8');
const states = Object.keys(definition.States);

function fenced(language) {
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```').exec(page);
  assert.ok(match, `docs/guide/review-workflow.md has no \`\`\`${language} block`);
  return match[1];
}

test('the definition has states to check', () => {
  assert.ok(states.length >= 5, 'review-workflow.asl.json lists too few states; was it moved?');
  assert.ok(states.includes(definition.StartAt));
});

test('every ASL state is in the Mermaid diagram', () => {
  const diagram = fenced('mermaid');
  assert.match(diagram, /^stateDiagram-v2/);
  const missing = states.filter((state) => !new RegExp(`\\b${state}\\b`).test(diagram));
  assert.deepEqual(missing, [], `the mermaid diagram lacks: ${missing.join(', ')}`);
  assert.match(diagram, new RegExp(`\\[\\*\\] --> ${definition.StartAt}\\b`), 'the diagram does not start at StartAt');
});

test('every ASL state is in the plain-text drawing and the table of states', () => {
  const drawing = fenced('text');
  const rows = new Set([...page.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((match) => match[1]));
  for (const state of states) {
    assert.match(drawing, new RegExp(`\\b${state}\\b`), `the plain-text drawing lacks ${state}`);
    assert.ok(rows.has(state), `the table of states has no row for ${state}`);
  }
});

test('the page names no state the definition does not have', () => {
  const rows = [...page.matchAll(/^\| `([A-Z][A-Za-z]+)` \| (?:Task|Fail|Succeed|Pass|Choice|Wait|Parallel|Map)/gm)].map((match) => match[1]);
  const extra = rows.filter((state) => !states.includes(state));
  assert.deepEqual(extra, [], `the table of states lists states that are not in the ASL: ${extra.join(', ')}`);
  const transitions = [...fenced('mermaid').matchAll(/^\s*(\w+) --> (\w+)/gm)].flatMap((match) => [match[1], match[2]]);
  const unknown = transitions.filter((state) => !states.includes(state));
  assert.deepEqual(unknown, [], `the mermaid diagram has states that are not in the ASL: ${unknown.join(', ')}`);
});
