/**
 * `<clip-editor>` over the local stack's media (`npm start`): a draft of a case played through
 * the API (a dev token is asked for the chosen user), the same read-only, and with its keys off.
 * The last `change` event's Edit is shown under the editor, as a page listening to it gets it.
 */
import { html, nothing } from 'lit';
import { requestDevToken } from '@surgery-video/client';
import type { ClipEditor } from '@surgery-video/editor';
import '@surgery-video/editor/clip-editor.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';

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
}

/** Shows the last `change` under the editor, as a page listening to it would. */
function showChanges(event: Event): void {
  const editor = event.currentTarget as ClipEditor;
  const out = editor.nextElementSibling;
  if (out) out.textContent = JSON.stringify((event as CustomEvent<{ edit: unknown }>).detail.edit, null, 2);
}

const meta: Meta<ClipEditorArgs> = {
  title: 'Editor/Clip editor',
  args: { api: '', asset: 'case-001', user: 'trainee-1', edit: '', readonly: false, nohotkeys: false },
  argTypes: {
    api: { control: 'text', description: 'The local stack URL (`npm start` prints it).' },
    user: { control: 'select', options: ['trainee-1', 'trainee-2', 'clinician-1', 'specialist-1', 'admin-1'] },
  },
  // The token is asked before the render, so the player's first grant request carries it.
  loaders: [async ({ args }) => ({ token: args.api ? await requestDevToken(args.api, args.user) : undefined })],
  render: (args, { loaded }) => {
    if (!args.api) return html`<p>Start the local stack (<code>npm start</code>) and paste its URL into <code>api</code>.</p>`;
    return html`<clip-editor
        style="max-width: 960px"
        api=${args.api}
        asset=${args.asset}
        edit=${args.edit || nothing}
        ?readonly=${args.readonly}
        ?nohotkeys=${args.nohotkeys}
        muted
        @change=${showChanges}
        .token=${(loaded as { token?: string }).token}
      ></clip-editor>
      <pre style="max-height: 16em; overflow: auto; font-size: 12px"></pre>`;
  },
};
export default meta;

type Story = StoryObj<ClipEditorArgs>;

export const Draft: Story = {};
export const Readonly: Story = { args: { readonly: true } };
export const KeysOff: Story = { name: 'Keys off (nohotkeys)', args: { nohotkeys: true } };
