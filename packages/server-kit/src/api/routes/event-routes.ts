/**
 * `GET /events`: the signed-in user's live events as server-sent events (see
 * events/event-stream-response.ts). Browsers' EventSource cannot send an Authorization header, so
 * this route (and only event streams) also takes the token as `?access_token=`: see api-handler.ts.
 */
import type { ReviewApi } from '../../edits/review-api.js';
import { eventStreamResponse } from '../../events/event-stream-response.js';
import type { Route } from '../router.js';
import { signedInUser } from './route-guards.js';

export function eventRoutes(review: ReviewApi): Route[] {
  return [
    {
      method: 'GET',
      path: '/events',
      handle: (context) =>
        eventStreamResponse({
          user: signedInUser(context),
          bus: review.bus,
          signal: context.request.signal,
          ...(review.heartbeatMs ? { heartbeatMs: review.heartbeatMs } : {}),
        }),
    },
  ];
}
