/**
 * server-kit's HTTP API as one web-standard `(Request) => Promise<Response>` function, so a host
 * portal mounts it in Node's http, Express, Fastify or Lambda alike (see http/node-adapter.ts).
 * Every route but health and the embedded stack's dev tokens needs a bearer token; everything a
 * user sees is scoped to the tenant in that token.
 */
import type { Asset, LiveChannel, User } from '@surgery-video/client';
import type { CatalogueEntry, MediaCatalogue } from '../catalogue/media-catalogue.js';
import { DEV_USERS, findDevUser } from '../identity/dev-users.js';
import { createAuthenticator, type Authenticator } from '../identity/authenticator.js';
import { signSessionToken } from '../identity/session-token.js';
import { DEFAULT_GRANT_TTL_SECONDS, grantSetCookies, issueGrant, type GrantSigner } from '../playback/grant-issuer.js';
import { HttpError, json, readJsonObject } from './json-response.js';

export interface ApiOptions {
  catalogue: MediaCatalogue;
  signer: GrantSigner;
  /** Secret for session tokens (the embedded stack's dev tokens). */
  sessionSecret: Buffer;
  /**
   * Who may call: the host portal's JWT and/or dev tokens (see createAuthenticator). Defaults to
   * accepting dev tokens signed with `sessionSecret` only.
   */
  authenticator?: Authenticator;
  /** Hand out dev tokens at `POST /api/v1/dev/tokens`. Only the embedded stack sets this. */
  devTokens?: boolean;
  /** The edge origin players use; defaults to the origin the API request came to. */
  edgeOrigin?: string;
  grantTtlSeconds?: number;
  now?: () => number;
}

export type ApiHandler = (request: Request) => Promise<Response>;

const PREFIX = '/api/v1';

export function createApiHandler(options: ApiOptions): ApiHandler {
  const now = options.now ?? Date.now;
  const ttlSeconds = options.grantTtlSeconds ?? DEFAULT_GRANT_TTL_SECONDS;

  const authenticator = options.authenticator ?? createAuthenticator({ devTokens: { secret: options.sessionSecret }, now });

  async function authenticate(request: Request): Promise<User> {
    const header = request.headers.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new HttpError(401, 'unauthenticated', 'Send "Authorization: Bearer <token>" (the portal\'s JWT or a dev token).');
    const result = await authenticator.authenticate(match[1]);
    if (result.ok) return result.user;
    if (result.reason === 'keys-unavailable') throw new HttpError(503, 'identity-unavailable', result.message);
    throw new HttpError(401, 'unauthenticated', `The token was refused (${result.reason}): ${result.message}`);
  }

  function grantResponse(request: Request, entry: CatalogueEntry<{ id: string }>, kind: 'asset' | 'live'): Response {
    const url = new URL(request.url);
    const grant = issueGrant({
      entry,
      kind,
      edgeOrigin: options.edgeOrigin ?? url.origin,
      signer: options.signer,
      ttlSeconds,
      now: now(),
    });
    const headers = new Headers();
    for (const cookie of grantSetCookies(grant, { secure: url.protocol === 'https:' })) headers.append('set-cookie', cookie);
    return json(grant, { status: 201, headers });
  }

  async function route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.slice(PREFIX.length) || '/';
    const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
    const method = request.method;
    const [resource, id, action] = segments;

    if (resource === 'health' && segments.length === 1 && method === 'GET') return json({ status: 'ok' });

    if (resource === 'dev' && id === 'users' && segments.length === 2 && method === 'GET') {
      if (!options.devTokens) throw new HttpError(404, 'not-found', 'Dev users exist only in the embedded stack.');
      return json({ items: DEV_USERS });
    }

    if (resource === 'dev' && id === 'tokens' && segments.length === 2) {
      if (!options.devTokens) throw new HttpError(404, 'not-found', 'Dev tokens exist only in the embedded stack.');
      if (method !== 'POST') throw methodNotAllowed(['POST']);
      const body = await readJsonObject(request);
      if (typeof body['user'] !== 'string') throw new HttpError(400, 'invalid-body', '"user" must be a dev user id such as "trainee-1".', 'user');
      const user = findDevUser(body['user']);
      if (!user) throw new HttpError(400, 'unknown-user', `"user" is not a dev user: ${JSON.stringify(body['user'])}.`, 'user');
      return json({ token: signSessionToken(user, options.sessionSecret, { now: now() }), user }, { status: 201 });
    }

    const user = await authenticate(request);

    if (resource === 'me' && segments.length === 1 && method === 'GET') return json(user);

    if (resource === 'assets') {
      if (segments.length === 1) {
        if (method !== 'GET') throw methodNotAllowed(['GET']);
        return json({ items: (await options.catalogue.listAssets(user.tenant)).map((entry) => entry.item) });
      }
      const entry = id === undefined ? undefined : await options.catalogue.getAsset(user.tenant, id);
      if (!entry) throw notFound('asset', id);
      if (segments.length === 2 && method === 'GET') return json(entry.item satisfies Asset);
      if (segments.length === 3 && action === 'grant') {
        if (method !== 'POST') throw methodNotAllowed(['POST']);
        return grantResponse(request, entry, 'asset');
      }
    }

    if (resource === 'live') {
      if (segments.length === 1) {
        if (method !== 'GET') throw methodNotAllowed(['GET']);
        return json({ items: (await options.catalogue.listChannels(user.tenant)).map((entry) => entry.item) });
      }
      const entry = id === undefined ? undefined : await options.catalogue.getChannel(user.tenant, id);
      if (!entry) throw notFound('live channel', id);
      if (segments.length === 2 && method === 'GET') return json(entry.item satisfies LiveChannel);
      if (segments.length === 3 && action === 'grant') {
        if (method !== 'POST') throw methodNotAllowed(['POST']);
        return grantResponse(request, entry, 'live');
      }
    }

    throw new HttpError(404, 'not-found', `No route ${method} ${url.pathname}.`);
  }

  return async (request) => {
    try {
      return await route(request);
    } catch (error) {
      if (error instanceof HttpError) return error.toResponse();
      throw error;
    }
  };
}

function notFound(what: string, id: string | undefined): HttpError {
  return new HttpError(404, 'not-found', `No ${what} ${JSON.stringify(id ?? '')} in your tenant.`);
}

function methodNotAllowed(allowed: string[]): HttpError {
  return new HttpError(405, 'method-not-allowed', `Use ${allowed.join(' or ')} here.`);
}
