/**
 * CORS with credentials for the API, for the configured origins only (a host portal served from
 * another origin sends its session token and receives the grant's cookies).
 */
import type { WebHandler } from './node-adapter.js';

export function withCors(handler: WebHandler, allowedOrigins: readonly string[]): WebHandler {
  const allowAny = allowedOrigins.includes('*');
  const allowed = new Set(allowedOrigins);
  return async (request) => {
    const origin = request.headers.get('origin');
    const permitted = origin !== null && (allowAny || allowed.has(origin));
    if (request.method === 'OPTIONS' && request.headers.has('access-control-request-method')) {
      const headers = new Headers({ vary: 'Origin' });
      if (permitted) {
        headers.set('access-control-allow-origin', origin);
        headers.set('access-control-allow-credentials', 'true');
        headers.set('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
        headers.set('access-control-allow-headers', 'authorization, content-type, if-match, x-correlation-id');
        headers.set('access-control-max-age', '600');
      }
      return new Response(null, { status: 204, headers });
    }
    const response = await handler(request);
    if (!permitted) return response;
    const headers = new Headers(response.headers);
    headers.set('access-control-allow-origin', origin);
    headers.set('access-control-allow-credentials', 'true');
    headers.append('vary', 'Origin');
    headers.set('access-control-expose-headers', 'etag, location, x-correlation-id');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}
