/**
 * `<clip-editor>` over the local stack's media (`npm start`), one story per state a user meets:
 * an empty draft, a draft with segments and annotations, zoomed in to single frames, drawing on
 * the paused frame, read-only, keys off, a version conflict on save, and unsaved changes offered
 * back after a reload. A dev token is asked for the chosen user; the stories that need an Edit on
 * the server create one (a fresh id each time) through the API, as another tab of the user would.
 * The last `change` event's Edit is shown under the editor, as a page listening to it gets it.
 */
import { html, nothing } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { createClient, requestDevToken, type Annotation, type Edit, type Segment } from '@surgery-video/client';
import type { ClipEditor } from '@surgery-video/editor';
import '@surgery-video/editor/clip-editor.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';

/** What a story sets up once the case is loaded. */
type EditorState = 'empty' | 'segments' | 'frames' | 'drawing' | 'conflict' | 'restore';

interface ClipEditorArgs {
  /** The local stack's URL, e.g. http://127.0.0.1:8080 (printed by `npm start`). */
  api: string;
  asset: string;
  /** A dev user of the local stack. */
  user: string;
  /** Id of an Edit to load (optional). */
  edit: string;
  readonly: boolean;
  nohotkeys: boolean;
  state: EditorState;
}

interface Loaded {
  token?: string;
  /** The Edit created on the server for the conflict and restore stories. */
  stored?: Edit;
}

const SEGMENTS: Segment[] = [
  { start: 4, end: 9 },
  { start: 14, end: 21.5 },
  { start: 33, end: 40 },
];

function annotations(author: string): Annotation[] {
  const createdAt = new Date().toISOString();
  return [
    { id: 'story-note-1', time: 5, kind: 'good-practice', text: 'Clear view of the field', author, createdAt },
    { id: 'story-note-2', time: 15, kind: 'mistake', text: 'Instrument too close', author, createdAt },
    {
      id: 'story-note-3',
      time: 18,
      kind: 'question',
      text: 'Why this angle?',
      author,
      createdAt,
      drawing: { shapes: [{ type: 'ellipse', points: [[0.35, 0.3], [0.65, 0.7]], color: '#e53935' }] },
    },
    { id: 'story-note-4', time: 36, kind: 'note', text: 'Closing', author, createdAt },
  ];
}

/** Shows the last `change` under the editor, as a page listening to it would. */
function showChanges(event: Event): void {
  const editor = event.currentTarget as ClipEditor;
  const out = editor.nextElementSibling;
  if (out) out.textContent = JSON.stringify((event as CustomEvent<{ edit: unknown }>).detail.edit, null, 2);
}

async function loaded(editor: ClipEditor, what: (editor: ClipEditor) => boolean): Promise<void> {
  while (!what(editor)) await new Promise((resolve) => setTimeout(resolve, 50));
  await editor.updateComplete;
}

/** Puts a freshly rendered editor in the story's state once its case (and Edit) is loaded. */
async function prepare(editor: ClipEditor, args: ClipEditorArgs, data: Loaded): Promise<void> {
  await loaded(editor, (e) => e.timelineDuration > 0);
  const root = editor.shadowRoot!;
  const button = (label: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === label || b.getAttribute('aria-label') === label);
  switch (args.state) {
    case 'segments':
      editor.value = { ...editor.value, segments: SEGMENTS, annotations: annotations(args.user) };
      break;
    case 'frames': {
      editor.value = { ...editor.value, segments: SEGMENTS, annotations: annotations(args.user) };
      await editor.player.seek(14);
      const zoomIn = button('Zoom in') as HTMLButtonElement;
      while (!zoomIn.disabled) {
        zoomIn.click();
        await editor.updateComplete;
      }
      break;
    }
    case 'drawing':
      editor.value = { ...editor.value, segments: SEGMENTS, annotations: annotations(args.user) };
      await editor.player.seek(18);
      if (!args.readonly) (button('Draw') as HTMLButtonElement).click();
      break;
    case 'conflict': {
      // Another tab of the same user saves the Edit first: this editor's version is stale.
      const stored = data.stored!;
      await loaded(editor, (e) => e.value.id === stored.id);
      const other = createClient({ baseUrl: args.api, token: data.token });
      await other.edits.update({ ...stored, title: 'Changed in another tab', segments: [{ start: 8, end: 9 }] });
      editor.addSegment(20, 25);
      await editor.save();
      break;
    }
    default:
      break;
  }
}

const meta: Meta<ClipEditorArgs> = {
  title: 'Editor/Clip editor',
  args: { api: '', asset: 'case-001', user: 'trainee-1', edit: '', readonly: false, nohotkeys: false, state: 'empty' },
  argTypes: {
    api: { control: 'text', description: 'The local stack URL (`npm start` prints it).' },
    user: { control: 'select', options: ['trainee-1', 'trainee-2', 'clinician-1', 'specialist-1', 'admin-1'] },
    state: { control: false, description: 'What the story sets up once the case is loaded.' },
  },
  // The token is asked before the render, so the player's first grant request carries it; the
  // conflict and restore stories also create their Edit on the server (and restore leaves unsaved
  // changes in this browser, as a closed tab would).
  loaders: [
    async ({ args }): Promise<Loaded> => {
      if (!args.api) return {};
      const token = await requestDevToken(args.api, args.user);
      if (args.state !== 'conflict' && args.state !== 'restore') return { token };
      const client = createClient({ baseUrl: args.api, token });
      const stored = await client.edits.create({ assetId: args.asset, title: `Story: ${args.state}`, segments: [{ start: 1, end: 2 }] });
      if (args.state === 'restore') {
        const unsaved: Edit = { ...stored, segments: [...stored.segments, { start: 20, end: 30 }] };
        localStorage.setItem(`clip-editor:unsaved:${stored.id}`, JSON.stringify({ edit: unsaved, savedAt: Date.now() }));
      }
      return { token, stored };
    },
  ],
  render: (args, { loaded: data }) => {
    if (!args.api) return html`<p>Start the local stack (<code>npm start</code>) and paste its URL into <code>api</code>.</p>`;
    const { token, stored } = data as Loaded;
    let prepared = false;
    return html`<clip-editor
        style="max-width: 960px"
        api=${args.api}
        asset=${args.asset}
        edit=${stored?.id ?? (args.edit || nothing)}
        ?readonly=${args.readonly}
        ?nohotkeys=${args.nohotkeys}
        muted
        @change=${showChanges}
        .token=${token}
        ${ref((element) => {
          if (!element || prepared) return;
          prepared = true;
          void prepare(element as ClipEditor, args, data as Loaded);
        })}
      ></clip-editor>
      <pre style="max-height: 16em; overflow: auto; font-size: 12px"></pre>`;
  },
};
export default meta;

type Story = StoryObj<ClipEditorArgs>;

/** A new, empty draft of the case: nothing marked yet. */
export const Draft: Story = { name: 'Empty draft' };
/** Three segments and four annotations (one with a drawing) on the timeline and in the list. */
export const WithSegments: Story = { name: 'With segments', args: { state: 'segments' } };
/** Zoomed in as far as it goes: one frame 48 px wide, a tick per frame, the thumbnail strip repeating its tile. */
export const ZoomedToFrames: Story = { name: 'Zoomed to frames', args: { state: 'frames' } };
/** Paused on an annotated frame with Draw on: drag over the picture to add a shape. */
export const Drawing: Story = { args: { state: 'drawing' } };
/** View only: the same Edit, nothing can change it. */
export const Readonly: Story = { args: { readonly: true, state: 'segments' } };
export const KeysOff: Story = { name: 'Keys off (nohotkeys)', args: { nohotkeys: true } };
/** The Edit was saved in another tab first: saving offers Keep mine / Take theirs and overwrites nothing. */
export const Conflict: Story = { name: 'Version conflict', args: { state: 'conflict' } };
/** Unsaved changes left in this browser (a closed tab, a crash) are offered back: Restore or Discard. */
export const OfflineRestore: Story = { name: 'Offline restore', args: { state: 'restore' } };
