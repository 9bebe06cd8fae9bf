/**
 * A table of routes, matched by method and path pattern (`/assets/:id/grant`). A path that
 * matches with another method is a 405 that names the allowed ones; no match is a 404.
 */
import type { User } from '@surgery-video/client';
import { HttpError } from './json-response.js';

export interface RouteContext {
  request: Request;
  url: URL;
  params: Record<string, string>;
  /** The signed-in user; routes declared `public` get `undefined`. */
  user: User | undefined;
  /** From `x-correlation-id`, or generated; echoed on the response and carried into audit entries. */
  correlationId: string;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Under /api/v1, e.g. `/assets/:id/grant`. */
  path: string;
  /** No token needed (health, the embedded stack's dev routes). */
  public?: boolean;
  handle(context: RouteContext): Promise<Response> | Response;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

export function compileRoutes(routes: readonly Route[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = [];
    const source = route.path
      .split('/')
      .map((part) => {
        if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(part.slice(1));
        return '([^/]+)';
      })
      .join('/');
    return { ...route, pattern: new RegExp(`^${source}/?$`), names };
  });
}

export function matchRoute(routes: readonly CompiledRoute[], method: string, path: string): { route: CompiledRoute; params: Record<string, string> } {
  const allowed: string[] = [];
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1]!);
    });
    return { route, params };
  }
  if (allowed.length) throw new HttpError(405, 'method-not-allowed', `Use ${allowed.join(' or ')} here.`);
  throw new HttpError(404, 'not-found', `No route ${method} /api/v1${path}.`);
}
