/** Render jobs: status and progress of the frame-accurate render of an edit. */
import type { ReviewApi } from '../../edits/review-api.js';
import { json } from '../json-response.js';
import type { Route } from '../router.js';
import { authorize, notFound, signedInUser } from './route-guards.js';

export function jobRoutes(review: ReviewApi): Route[] {
  return [
    {
      method: 'GET',
      path: '/jobs/:id',
      handle: async (context) => {
        const user = signedInUser(context);
        const stored = await review.jobs.get(user.tenant, context.params['id']!);
        if (!stored) throw notFound('job', context.params['id']);
        authorize(user, 'job.read', { tenant: user.tenant, createdBy: stored.owner });
        return json(stored.job);
      },
    },
  ];
}
