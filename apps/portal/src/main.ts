/**
 * The demo portal: what a hospital portal built on the SDK looks like, in one page. It signs in
 * as a built-in dev user (the role switcher) and mounts that user's role views (src/views): the
 * clinician watches live and recorded cases, the trainee cuts and submits edits and learns from
 * published reviews, the admin assigns specialists, the specialist reviews and returns a verdict.
 */
import { ApiError, requestDevToken, type User } from '@surgery-video/client';
import { mountRoles, type MountedView } from './views/index.js';

const baseUrl = location.origin;
const userSelect = document.getElementById('user') as HTMLSelectElement;
const viewRoot = document.getElementById('view') as HTMLElement;
const status = document.getElementById('status') as HTMLParagraphElement;
let mounted: MountedView[] = [];

function showStatus(message: string, isError = false): void {
  status.textContent = message;
  status.classList.toggle('error', isError);
}

async function signIn(userId: string): Promise<void> {
  const token = await requestDevToken(baseUrl, userId);
  sessionStorage.setItem('surgery-video:user', userId);
  const response = await fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new ApiError(response.status, 'http-error', `GET /me answered HTTP ${response.status}.`);
  const user = (await response.json()) as User;
  for (const view of mounted) view.unmount();
  viewRoot.replaceChildren();
  mounted = mountRoles(viewRoot, { baseUrl, token, user });
  showStatus(`Signed in as ${user.name} (${user.roles.join(', ')}).`);
}

async function main(): Promise<void> {
  const users = (await (await fetch(`${baseUrl}/api/v1/dev/users`)).json()) as { items: User[] };
  userSelect.replaceChildren(
    ...users.items.map((user) => Object.assign(document.createElement('option'), { value: user.id, textContent: `${user.name} — ${user.roles.join(', ')} (${user.tenant})` })),
  );
  const stored = sessionStorage.getItem('surgery-video:user');
  const fromUrl = new URLSearchParams(location.search).get('user');
  userSelect.value = [fromUrl, stored].find((id) => id && users.items.some((u) => u.id === id)) ?? 'clinician-1';
  userSelect.addEventListener('change', () => void signIn(userSelect.value).catch(reportError));
  await signIn(userSelect.value);
}

function reportError(error: unknown): void {
  showStatus(error instanceof ApiError ? `${error.message} (${error.code})` : 'The portal could not reach the API.', true);
}

main().catch(reportError);
