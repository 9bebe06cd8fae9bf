/** Edits: create, read (ETag = version), save over a version, list what the user may see, and a published edit's render. */
import type { Edit } from '@surgery-video/client';
import { etagOf, versionOfIfMatch } from '../../edits/edit-errors.js';
import type { ReviewApi } from '../../edits/review-api.js';
import { json, readJsonObject } from '../json-response.js';
import type { Route } from '../router.js';
import { notFound, signedInUser } from './route-guards.js';

export function editRoutes(review: ReviewApi): Route[] {
  const withEtag = (edit: Edit, status = 200) => json(edit, { status, headers: { etag: etagOf(edit.version) } });
  return [
    {
      method: 'POST',
      path: '/edits',
      handle: async (context) => {
        const user = signedInUser(context);
        const edit = await review.edits.create(user, await readJsonObject(context.request), context.correlationId);
        const response = withEtag(edit, 201);
        response.headers.set('location', `/api/v1/edits/${encodeURIComponent(edit.id)}`);
        return response;
      },
    },
    {
      method: 'GET',
      path: '/edits',
      handle: async (context) => {
        const user = signedInUser(context);
        const { searchParams } = context.url;
        return json({ items: await review.edits.list(user, { status: searchParams.get('status'), assignee: searchParams.get('assignee') }) });
      },
    },
    {
      method: 'GET',
      path: '/edits/:id',
      handle: async (context) => withEtag(await review.edits.get(signedInUser(context), context.params['id']!)),
    },
    {
      method: 'PUT',
      path: '/edits/:id',
      handle: async (context) => {
        const user = signedInUser(context);
        const expected = versionOfIfMatch(context.request.headers.get('if-match'));
        const body = await readJsonObject(context.request);
        return withEtag(await review.edits.update(user, context.params['id']!, body, expected, context.correlationId));
      },
    },
    {
      method: 'GET',
      path: '/edits/:id/publication',
      handle: async (context) => {
        const user = signedInUser(context);
        const edit = await review.edits.get(user, context.params['id']!);
        const publication = edit.status === 'published' ? await review.publications.get(user.tenant, edit.id) : undefined;
        if (!publication) throw notFound('publication of edit', edit.id);
        return json(publication);
      },
    },
  ];
}
