/**
 * The `<clip-editor>` a view opens: on a case (`assetId`), and on an existing Edit when `editId`
 * is given, for the signed-in user with their token and client; its errors go to the view's status.
 */
import '@surgery-video/editor/clip-editor.js';
import type { ClipEditor, ClipEditorErrorEvent } from '@surgery-video/editor';
import type { StatusLine, ViewContext } from './view-kit.js';

export function createEditor(ctx: ViewContext, status: StatusLine, target: { assetId: string; editId?: string }): ClipEditor {
  const editor = document.createElement('clip-editor');
  editor.setAttribute('api', ctx.baseUrl);
  editor.setAttribute('asset', target.assetId);
  editor.setAttribute('author', ctx.user.id);
  editor.setAttribute('muted', '');
  editor.token = ctx.token;
  editor.client = ctx.client;
  if (target.editId) editor.setAttribute('edit', target.editId);
  editor.addEventListener('error', (event) => status.show((event as unknown as ClipEditorErrorEvent).detail.message, true));
  return editor;
}
