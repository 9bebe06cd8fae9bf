/** Assets, live channels and playback grants. */
import type { PlaybackGrant } from '@surgery-video/client';
import type { Action } from '../../access/access-rules.js';
import type { CatalogueEntry } from '../../catalogue/media-catalogue.js';
import { grantSetCookies, issueGrant } from '../../playback/grant-issuer.js';
import type { ApiServices } from '../api-services.js';
import { json } from '../json-response.js';
import type { Route, RouteContext } from '../router.js';
import { authorize, notFound, signedInUser } from './route-guards.js';

export function mediaRoutes(services: ApiServices): Route[] {
  const { catalogue } = services;

  async function grant(context: RouteContext, entry: CatalogueEntry<{ id: string }>, kind: PlaybackGrant['kind'], action: Action): Promise<Response> {
    const user = signedInUser(context);
    authorize(user, action, { tenant: user.tenant });
    const grant = issueGrant({
      entry,
      kind,
      edgeOrigin: services.edgeOrigin ?? context.url.origin,
      signer: services.signer,
      ttlSeconds: services.grantTtlSeconds,
      now: services.now(),
    });
    await services.audit?.append({ tenant: user.tenant, actor: user.id, action, target: { type: kind, id: entry.item.id }, correlationId: context.correlationId });
    const headers = new Headers();
    for (const cookie of grantSetCookies(grant, { secure: context.url.protocol === 'https:' })) headers.append('set-cookie', cookie);
    return json(grant, { status: 201, headers });
  }

  return [
    {
      method: 'GET',
      path: '/assets',
      handle: async (context) => {
        const user = signedInUser(context);
        authorize(user, 'asset.list', { tenant: user.tenant });
        return json({ items: (await catalogue.listAssets(user.tenant)).map((entry) => entry.item) });
      },
    },
    {
      method: 'GET',
      path: '/assets/:id',
      handle: async (context) => {
        const user = signedInUser(context);
        authorize(user, 'asset.view', { tenant: user.tenant });
        const entry = await catalogue.getAsset(user.tenant, context.params['id']!);
        if (!entry) throw notFound('asset', context.params['id']);
        return json(entry.item);
      },
    },
    {
      method: 'POST',
      path: '/assets/:id/grant',
      handle: async (context) => {
        const user = signedInUser(context);
        const entry = await catalogue.getAsset(user.tenant, context.params['id']!);
        if (!entry) throw notFound('asset', context.params['id']);
        return grant(context, entry, 'asset', 'asset.grant');
      },
    },
    {
      method: 'GET',
      path: '/live',
      handle: async (context) => {
        const user = signedInUser(context);
        authorize(user, 'live.list', { tenant: user.tenant });
        return json({ items: (await catalogue.listChannels(user.tenant)).map((entry) => entry.item) });
      },
    },
    {
      method: 'GET',
      path: '/live/:id',
      handle: async (context) => {
        const user = signedInUser(context);
        authorize(user, 'live.list', { tenant: user.tenant });
        const entry = await catalogue.getChannel(user.tenant, context.params['id']!);
        if (!entry) throw notFound('live channel', context.params['id']);
        return json(entry.item);
      },
    },
    {
      method: 'POST',
      path: '/live/:id/grant',
      handle: async (context) => {
        const user = signedInUser(context);
        const entry = await catalogue.getChannel(user.tenant, context.params['id']!);
        if (!entry) throw notFound('live channel', context.params['id']);
        return grant(context, entry, 'live', 'live.grant');
      },
    },
  ];
}
