/** The audit log of the admin's tenant, page by page. */
import type { ApiServices } from '../api-services.js';
import { HttpError, json } from '../json-response.js';
import type { Route } from '../router.js';
import { authorize, signedInUser } from './route-guards.js';

export function auditRoutes(services: ApiServices): Route[] {
  const audit = services.audit;
  if (!audit) return [];
  return [
    {
      method: 'GET',
      path: '/audit',
      handle: async (context) => {
        const user = signedInUser(context);
        authorize(user, 'audit.read', { tenant: user.tenant });
        const from = positiveInteger(context.url.searchParams.get('from'), 'from', 1);
        const limit = positiveInteger(context.url.searchParams.get('limit'), 'limit', 100);
        if (limit > 1000) throw new HttpError(400, 'invalid-query', '"limit" must be at most 1000.', 'limit');
        return json(await audit.read(user.tenant, { from, limit }));
      },
    },
  ];
}

function positiveInteger(value: string | null, field: string, fallback: number): number {
  if (value === null) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new HttpError(400, 'invalid-query', `"${field}" must be a whole number of at least 1.`, field);
  return number;
}
