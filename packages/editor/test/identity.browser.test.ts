/**
 * The default author: with `api` and a token, new annotations and a new Edit are the signed-in
 * user's (`GET /api/v1/me` on the local stack); a page's `author` wins; without a server, the
 * `anonymous` placeholder stays.
 */
import { expect } from '@esm-bundle/chai';
import { createClient, requestDevToken } from '@surgery-video/client';
import type { ClipEditor } from '../src/editor.component.js';
import { createEditor, removeEditors, stackUrl, waitFor } from './support/editor-stack.js';

describe('<clip-editor> author', () => {
  afterEach(removeEditors);

  it('writes the signed-in user as the author of new annotations and the new Edit', async () => {
    const editor = await createEditor();
    await waitFor(() => editor.user !== undefined, 'GET /me');
    expect(editor.user!.id).to.equal('trainee-1');
    expect(editor.value.createdBy).to.equal('trainee-1');
    const note = editor.addAnnotation({ time: 2, text: 'Good exposure', kind: 'good-practice' });
    expect(note.author).to.equal('trainee-1');
    expect(editor.value.annotations[0]!.author).to.equal('trainee-1');
  });

  it('follows the token: another user signs in, new annotations are theirs', async () => {
    const editor = await createEditor();
    await waitFor(() => editor.user?.id === 'trainee-1', 'the first user');
    editor.token = await requestDevToken(stackUrl, 'specialist-1');
    await waitFor(() => editor.user?.id === 'specialist-1', 'the second user');
    expect(editor.addAnnotation({ time: 1 }).author).to.equal('specialist-1');
  });

  it("keeps the page's author over the signed-in user", async () => {
    const editor = await createEditor({ author: 'portal-user-7' });
    await waitFor(() => editor.user !== undefined, 'GET /me');
    expect(editor.addAnnotation({ time: 1 }).author).to.equal('portal-user-7');
    expect(editor.value.createdBy).to.equal('portal-user-7');
  });

  it('without a server, new annotations are by "anonymous"', async () => {
    // The page plays case-001 itself (a grant from its own backend) and gives the editor no `api`.
    const grant = await createClient({ baseUrl: stackUrl, token: await requestDevToken(stackUrl, 'trainee-1') }).assets.grant('case-001');
    const editor = document.createElement('clip-editor') as ClipEditor;
    editor.setAttribute('muted', '');
    editor.setAttribute('src', grant.sources.hls);
    editor.player.grant = grant;
    document.body.append(editor);
    try {
      await waitFor(() => editor.timelineDuration > 59, 'case-001 to load from src');
      expect(editor.user).to.equal(undefined);
      expect(editor.value.createdBy).to.equal('anonymous');
      expect(editor.addAnnotation({ time: 1 }).author).to.equal('anonymous');
    } finally {
      editor.remove();
    }
  });
});
