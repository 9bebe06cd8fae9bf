/** The embedded stack's built-in users and their tokens. A production API has no such routes. */
import { DEV_USERS, findDevUser } from '../../identity/dev-users.js';
import { signSessionToken } from '../../identity/session-token.js';
import type { ApiServices } from '../api-services.js';
import { HttpError, json, readJsonObject } from '../json-response.js';
import type { Route } from '../router.js';

export function devRoutes(services: ApiServices): Route[] {
  if (!services.devTokens) return [];
  return [
    { method: 'GET', path: '/dev/users', public: true, handle: () => json({ items: DEV_USERS }) },
    {
      method: 'POST',
      path: '/dev/tokens',
      public: true,
      handle: async ({ request }) => {
        const body = await readJsonObject(request);
        if (typeof body['user'] !== 'string') throw new HttpError(400, 'invalid-body', '"user" must be a dev user id such as "trainee-1".', 'user');
        const user = findDevUser(body['user']);
        if (!user) throw new HttpError(400, 'unknown-user', `"user" is not a dev user: ${JSON.stringify(body['user'])}.`, 'user');
        return json({ token: signSessionToken(user, services.sessionSecret, { now: services.now() }), user }, { status: 201 });
      },
    },
  ];
}
