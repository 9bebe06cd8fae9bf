/**
 * What the editor's browser tests share: editors on the local stack's case-001 (60 s at 30 fps,
 * signed HLS through `api` + `asset` + a dev token), real key presses and pointer moves
 * (@web/test-runner's commands), and reading the frame code burned into the picture.
 */
import { requestDevToken } from '@surgery-video/client';
import { readFrameCode } from '../../../server-kit/src/media/frame-code.js';
// Real key presses and pointer moves, sent through the browser's protocol by the test runner.
export { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import type { ClipEditor } from '../../src/editor.component.js';
import '../../src/clip-editor.js';

declare global {
  interface Window {
    __STACK__: { url: string };
  }
}

export const stackUrl = window.__STACK__.url;
export const FPS = 30;

const editors: ClipEditor[] = [];

/** A muted editor of case-001, 768 px wide, once the case's duration is known. */
export async function createEditor(attributes: Record<string, string | true> = {}, properties: Partial<Pick<ClipEditor, 'client' | 'keymap'>> = {}): Promise<ClipEditor> {
  const editor = document.createElement('clip-editor');
  Object.assign(editor, properties);
  editor.setAttribute('muted', '');
  editor.setAttribute('api', stackUrl);
  editor.setAttribute('asset', 'case-001');
  for (const [name, value] of Object.entries(attributes)) editor.setAttribute(name, value === true ? '' : value);
  editor.token = await requestDevToken(stackUrl, 'trainee-1');
  editor.style.width = '768px';
  editor.style.display = 'block';
  document.body.append(editor);
  editors.push(editor);
  await waitFor(() => editor.player.duration > 59 && editor.timelineDuration > 59, 'case-001 to load');
  await editor.updateComplete;
  return editor;
}

export function removeEditors(): void {
  for (const editor of editors.splice(0)) editor.remove();
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The `change` events `editor` dispatches from now on. */
export function changes(editor: ClipEditor): CustomEvent<{ edit: import('@surgery-video/client').Edit; label: string }>[] {
  const seen: CustomEvent<{ edit: import('@surgery-video/client').Edit; label: string }>[] = [];
  editor.addEventListener('change', (event) => seen.push(event as CustomEvent<{ edit: import('@surgery-video/client').Edit; label: string }>));
  return seen;
}

/** What the editor's polite live region says. */
export function announcement(editor: ClipEditor): string {
  return editor.shadowRoot?.querySelector('[role="status"]')?.textContent?.trim() ?? '';
}

/** The frame number burned into the picture the editor's player shows. */
export function shownFrameCode(editor: ClipEditor): number {
  const video = editor.player.media;
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  const { data, width } = context.getImageData(0, 0, canvas.width, canvas.height);
  return readFrameCode((x, y) => data[(y * width + x) * 4]!, canvas.width, canvas.height);
}
