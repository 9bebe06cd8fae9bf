/**
 * The embedded stack's API with another grant lifetime, per request: `/dev/grant-ttl/<seconds>`
 * is an API base URL (`createClient({ baseUrl })`, the player's `api` attribute) whose grants
 * live `<seconds>`. The same catalogue, keys, users and edge serve it; only the expiry signed
 * into each grant differs. So a page (or a test) can watch a player refresh grants that really
 * expire at the edge in seconds, while every other player of the same stack keeps the default.
 *
 * Only the dev stack mounts this, like dev tokens: a production API has one lifetime, set with
 * `createApiHandler({ grantTtlSeconds })`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkGrantTtlSeconds } from '../playback/grant-issuer.js';

export const GRANT_TTL_LENS_PREFIX = '/dev/grant-ttl/';

type NodeListener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** A listener for `/dev/grant-ttl/<seconds>/api/...`: the API made by `createApi(seconds)`, one per lifetime asked for. */
export function createGrantTtlLens(createApi: (grantTtlSeconds: number) => NodeListener): NodeListener {
  const apis = new Map<number, NodeListener>();
  return async (req, res) => {
    const rest = (req.url ?? '/').slice(GRANT_TTL_LENS_PREFIX.length);
    const slash = rest.indexOf('/');
    const given = slash === -1 ? rest : rest.slice(0, slash);
    let seconds: number;
    try {
      seconds = checkGrantTtlSeconds(/^\d+$/.test(given) ? Number(given) : given, `the grant lifetime in ${GRANT_TTL_LENS_PREFIX}<seconds>`);
    } catch (error) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'invalid-grant-ttl', message: (error as Error).message } }));
      return;
    }
    let api = apis.get(seconds);
    if (!api) apis.set(seconds, (api = createApi(seconds)));
    req.url = slash === -1 ? '/' : rest.slice(slash);
    await api(req, res);
  };
}
