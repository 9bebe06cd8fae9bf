/**
 * `GET /api/v1/specialists[?specialty=<name>]`: whom an admin can assign in their tenant, from the
 * same UserDirectory that `reviews.assign` checks against (the embedded stack's dev users; on AWS
 * the bucket's `config/users.json`; a host's own directory). Ids, roles and specialty only: the
 * portal puts its own names on them, so no name leaves the API through this route.
 */
import type { User } from '@surgery-video/client';
import type { UserDirectory } from '../../edits/user-directory.js';
import { HttpError, json } from '../json-response.js';
import type { Route } from '../router.js';
import { authorize, signedInUser } from './route-guards.js';

/** One assignable user as the route answers it. */
export type SpecialistItem = Pick<User, 'id' | 'tenant' | 'roles' | 'specialty'>;

export function directoryRoutes(users: UserDirectory | undefined): Route[] {
  return [
    {
      method: 'GET',
      path: '/specialists',
      handle: async (context) => {
        const user = signedInUser(context);
        authorize(user, 'specialist.list', { tenant: user.tenant });
        const specialty = context.url.searchParams.get('specialty');
        if (specialty !== null && specialty.trim() === '') throw new HttpError(400, 'invalid-query', '"specialty" must name a specialty, e.g. ?specialty=orthopaedics.', 'specialty');
        if (!users?.list) {
          throw new HttpError(501, 'not-configured', 'This deployment\'s user directory cannot list users: give the review API a UserDirectory with list(tenant, filter).');
        }
        const found = await users.list(user.tenant, { role: 'specialist', ...(specialty !== null ? { specialty } : {}) });
        // The tenant filter is the directory's job; checked again here because a host's directory is outside our tests.
        const items: SpecialistItem[] = found
          .filter((candidate) => candidate.tenant === user.tenant)
          .map(({ id, tenant, roles, specialty }) => ({ id, tenant, roles: [...roles], ...(specialty !== undefined ? { specialty } : {}) }));
        return json({ items });
      },
    },
  ];
}
