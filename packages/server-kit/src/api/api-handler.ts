/**
 * server-kit's HTTP API as one web-standard `(Request) => Promise<Response>` function, so a host
 * portal mounts it in Node's http, Express, Fastify or Lambda alike (see http/node-adapter.ts).
 * Every route but health and the embedded stack's dev routes needs a bearer token; everything a
 * user sees is scoped to the tenant in that token, and every action is checked against the one
 * role x action table (access/access-rules.ts).
 *
 * The token is read from `Authorization: Bearer`, and, for event streams only (a GET that accepts
 * `text/event-stream`), from `?access_token=`: a browser's EventSource cannot set headers. A token
 * in a URL can end up in access logs, so portals should hand the event stream a short-lived token.
 */
import { randomUUID } from 'node:crypto';
import type { User } from '@surgery-video/client';
import type { AuditLog } from '../audit/audit-log.js';
import type { MediaCatalogue } from '../catalogue/media-catalogue.js';
import { createAuthenticator, type Authenticator } from '../identity/authenticator.js';
import type { LiveOperations } from '../live/live-operations.js';
import { checkGrantTtlSeconds, DEFAULT_GRANT_TTL_SECONDS, type GrantSigner } from '../playback/grant-issuer.js';
import type { ReviewApi } from '../edits/review-api.js';
import type { ApiServices } from './api-services.js';
import { HttpError, json } from './json-response.js';
import { compileRoutes, matchRoute, type Route } from './router.js';
import { auditRoutes } from './routes/audit-routes.js';
import { devRoutes } from './routes/dev-routes.js';
import { directoryRoutes } from './routes/directory-routes.js';
import { editRoutes } from './routes/edit-routes.js';
import { eventRoutes } from './routes/event-routes.js';
import { jobRoutes } from './routes/job-routes.js';
import { liveOperationsRoutes } from './routes/live-operations-routes.js';
import { mediaRoutes } from './routes/media-routes.js';
import { reviewRoutes } from './routes/review-routes.js';

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
  /** Records grants and review actions; `GET /audit` reads it. */
  audit?: AuditLog;
  /** Hand out dev tokens at `POST /api/v1/dev/tokens`. Only the embedded stack sets this. */
  devTokens?: boolean;
  /** The edge origin players use; defaults to the origin the API request came to. */
  edgeOrigin?: string;
  /** Lifetime of playback grants, whole seconds from 1 to a day (default 600); players refresh them at 80 % of it. */
  grantTtlSeconds?: number;
  /** Edits, review actions, assignable specialists, render jobs and live events (`/edits`, `/specialists`, `/jobs`, `/events`); see workflow/embedded-review.ts. */
  review?: ReviewApi;
  /**
   * Channel status and harvests of live windows into recorded assets (`/live/:id/status`,
   * `/live/:id/harvest`, `/live/:id/harvests/:harvestId`): the embedded adapter or the AWS one.
   */
  liveOperations?: LiveOperations;
  /** More routes (a host's own, or later modules), matched after the built-in ones. */
  routes?: (services: ApiServices) => Route[];
  now?: () => number;
}

export type ApiHandler = (request: Request) => Promise<Response>;

const PREFIX = '/api/v1';
const CORRELATION_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function createApiHandler(options: ApiOptions): ApiHandler {
  const now = options.now ?? Date.now;
  const services: ApiServices = {
    catalogue: options.catalogue,
    signer: options.signer,
    audit: options.audit,
    edgeOrigin: options.edgeOrigin,
    grantTtlSeconds: options.grantTtlSeconds === undefined ? DEFAULT_GRANT_TTL_SECONDS : checkGrantTtlSeconds(options.grantTtlSeconds),
    sessionSecret: options.sessionSecret,
    devTokens: options.devTokens ?? false,
    liveOperations: options.liveOperations,
    now,
  };
  const authenticator = options.authenticator ?? createAuthenticator({ devTokens: { secret: options.sessionSecret }, now });
  const routes = compileRoutes([
    { method: 'GET', path: '/health', public: true, handle: () => json({ status: 'ok' }) },
    { method: 'GET', path: '/me', handle: ({ user }) => json(user) },
    ...devRoutes(services),
    ...mediaRoutes(services),
    ...liveOperationsRoutes(services),
    ...(options.review
      ? [...editRoutes(options.review), ...reviewRoutes(options.review), ...directoryRoutes(options.review.users), ...jobRoutes(options.review), ...eventRoutes(options.review)]
      : []),
    ...auditRoutes(services),
    ...(options.routes?.(services) ?? []),
  ]);

  async function authenticate(request: Request, url: URL): Promise<User> {
    const header = request.headers.get('authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? (isEventStream(request) ? url.searchParams.get('access_token') : null);
    if (!token) throw new HttpError(401, 'unauthenticated', 'Send "Authorization: Bearer <token>" (the portal\'s JWT or a dev token).');
    const result = await authenticator.authenticate(token);
    if (result.ok) return result.user;
    if (result.reason === 'keys-unavailable') throw new HttpError(503, 'identity-unavailable', result.message);
    throw new HttpError(401, 'unauthenticated', `The token was refused (${result.reason}): ${result.message}`);
  }

  return async (request) => {
    const given = request.headers.get('x-correlation-id');
    const correlationId = given && CORRELATION_ID.test(given) ? given : randomUUID();
    let response: Response;
    try {
      const url = new URL(request.url);
      if (!url.pathname.startsWith(PREFIX)) throw new HttpError(404, 'not-found', `The API lives under ${PREFIX}.`);
      const { route, params } = matchRoute(routes, request.method, url.pathname.slice(PREFIX.length) || '/');
      const user = route.public ? undefined : await authenticate(request, url);
      response = await route.handle({ request, url, params, user, correlationId });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      response = error.toResponse();
    }
    response.headers.set('x-correlation-id', correlationId);
    return response;
  };
}

function isEventStream(request: Request): boolean {
  return request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/event-stream');
}
