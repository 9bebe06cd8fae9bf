/** The role views, by role. A user with several roles sees each of their views in turn. */
import type { Role } from '@surgery-video/client';
import { mount as admin } from './admin.js';
import { mount as clinician } from './clinician.js';
import { mount as specialist } from './specialist.js';
import { mount as trainee } from './trainee.js';
import type { MountedView, MountOptions } from './view-kit.js';

export type { MountedView, MountOptions } from './view-kit.js';

export const VIEWS: Partial<Record<Role, (container: HTMLElement, options: MountOptions) => MountedView>> = {
  clinician,
  trainee,
  admin,
  specialist,
};

export function mountRoles(container: HTMLElement, options: MountOptions): MountedView[] {
  const mounts = options.user.roles.flatMap((role) => (VIEWS[role] ? [VIEWS[role](container, options)] : []));
  if (mounts.length === 0) container.append(Object.assign(document.createElement('p'), { textContent: `No view for the roles ${options.user.roles.join(', ')}.` }));
  return mounts;
}
