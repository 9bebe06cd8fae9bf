import type { User } from '@surgery-video/client';
import { can, type Action, type AccessResource } from '../../access/access-rules.js';
import { HttpError } from '../json-response.js';
import type { RouteContext } from '../router.js';

export function signedInUser(context: RouteContext): User {
  if (!context.user) throw new HttpError(401, 'unauthenticated', 'Sign in first.');
  return context.user;
}

/** Throws a 403 that says why, from the one role x action table. */
export function authorize(user: User, action: Action, resource?: AccessResource): void {
  const decision = can(user, action, resource);
  if (!decision.allowed) throw new HttpError(403, 'forbidden', decision.message);
}

export function notFound(what: string, id: string | undefined): HttpError {
  return new HttpError(404, 'not-found', `No ${what} ${JSON.stringify(id ?? '')} in your tenant.`);
}
