/**
 * Tokens as a portal would sign them, written here with node:crypto alone (not with the code
 * under test), and a JWKS served by a real HTTP server on loopback.
 */
import { createHmac, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signToken(
  alg: 'RS256' | 'ES256' | 'HS256',
  key: KeyObject | string | Buffer,
  payload: Record<string, unknown>,
  header: Record<string, unknown> = {},
): string {
  const input = `${part({ alg, typ: 'JWT', ...header })}.${part(payload)}`;
  let signature: Buffer;
  if (alg === 'HS256') signature = createHmac('sha256', key as string | Buffer).update(input).digest();
  else if (alg === 'ES256') signature = sign('sha256', Buffer.from(input), { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
  else signature = sign('sha256', Buffer.from(input), key as KeyObject);
  return `${input}.${signature.toString('base64url')}`;
}

export interface JwksServer {
  url: string;
  /** What the server answers; change it to rotate keys. `status` other than 200 simulates an outage. */
  keys: object[];
  status: number;
  requests: number;
  close(): Promise<void>;
}

export async function startJwksServer(keys: object[]): Promise<JwksServer> {
  const server: Server = createServer((_req, res) => {
    state.requests++;
    if (state.status !== 200) return void res.writeHead(state.status).end('unavailable');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const state: JwksServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
    keys,
    status: 200,
    requests: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return state;
}

export function publicJwk(key: KeyObject, kid: string, extra: Record<string, unknown> = {}): object {
  return { ...key.export({ format: 'jwk' }), kid, use: 'sig', ...extra };
}
