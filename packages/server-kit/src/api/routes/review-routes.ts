/** The review actions, `POST /edits/:id/<action>`: each returns the Edit as it now is. */
import { etagOf } from '../../edits/edit-errors.js';
import type { ReviewApi } from '../../edits/review-api.js';
import { REVIEW_ACTIONS } from '../../edits/review-transitions.js';
import { json, readJsonObject } from '../json-response.js';
import type { Route } from '../router.js';
import { signedInUser } from './route-guards.js';

export function reviewRoutes(review: ReviewApi): Route[] {
  return REVIEW_ACTIONS.map((action) => ({
    method: 'POST',
    path: `/edits/:id/${action}`,
    handle: async (context) => {
      const user = signedInUser(context);
      // Actions without fields may be sent without a body.
      const body = context.request.headers.get('content-type') ? await readJsonObject(context.request) : {};
      const edit = await review.reviews.act(user, action, context.params['id']!, body, context.correlationId);
      return json(edit, { headers: { etag: etagOf(edit.version) } });
    },
  }));
}
