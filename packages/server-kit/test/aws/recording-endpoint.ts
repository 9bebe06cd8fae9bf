/**
 * A loopback HTTP endpoint that stands where an AWS service would: the real SDK v3 client is pointed
 * at it (`endpoint: endpoint.url`), sends its real signed request, and the test reads what arrived
 * (operation, path, query, body) and answers with what the service would return. Our adapters are
 * never replaced: only the network's far end is.
 *
 * Every request is checked for a SigV4 Authorization header naming the expected service and region,
 * so a client that was not configured (or signed for another service) fails the test loudly.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** The path, percent-decoded. */
  path: string;
  rawPath: string;
  query: URLSearchParams;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: Buffer;
  /** `X-Amz-Target` for JSON-1.0/1.1 protocols (Step Functions), e.g. `AWSStepFunctions.StartExecution`. */
  target?: string;
  /** From the Authorization header. */
  signature: { accessKeyId: string; date: string; region: string; service: string; signedHeaders: string[] };
  /** The body parsed as JSON (throws with the body shown when it is not JSON). */
  json(): unknown;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON. */
  body?: string | Buffer | object;
}

export type Responder = (request: RecordedRequest) => Reply | Promise<Reply>;

export interface RecordingEndpoint {
  url: string;
  requests: RecordedRequest[];
  /** Replaces how the endpoint answers. */
  respond(responder: Responder): void;
  /** Refusals of the signature check, which also fail the request with 400. */
  signatureErrors: string[];
  close(): Promise<void>;
}

export interface RecordingEndpointOptions {
  /** The SigV4 service name the client must sign for, e.g. `s3`, `mediaconvert`, `states`. */
  service: string;
  region?: string;
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=[0-9a-f]{64}$/;

export async function startRecordingEndpoint(options: RecordingEndpointOptions, responder: Responder = () => ({ status: 200, body: {} })): Promise<RecordingEndpoint> {
  const region = options.region ?? 'eu-west-1';
  const requests: RecordedRequest[] = [];
  const signatureErrors: string[] = [];
  let answer = responder;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://recording.invalid');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const match = AUTHORIZATION.exec(headers.authorization ?? '');
    const problem = !match
      ? `no SigV4 Authorization header on ${req.method} ${url.pathname}`
      : match[4] !== options.service
        ? `signed for service ${match[4]}, expected ${options.service}`
        : match[3] !== region
          ? `signed for region ${match[3]}, expected ${region}`
          : undefined;
    if (problem) {
      signatureErrors.push(problem);
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ message: problem }));
      return;
    }
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      rawPath: url.pathname,
      query: url.searchParams,
      headers,
      body,
      ...(headers['x-amz-target'] ? { target: headers['x-amz-target'] } : {}),
      signature: { accessKeyId: match![1]!, date: match![2]!, region: match![3]!, service: match![4]!, signedHeaders: match![5]!.split(';') },
      json() {
        try {
          return JSON.parse(body.toString('utf8')) as unknown;
        } catch {
          throw new Error(`the request body is not JSON: ${body.toString('utf8').slice(0, 200)}`);
        }
      },
    };
    requests.push(recorded);
    const reply = await answer(recorded);
    const isObject = reply.body !== undefined && typeof reply.body === 'object' && !Buffer.isBuffer(reply.body);
    const payload = reply.body === undefined ? '' : isObject ? JSON.stringify(reply.body) : (reply.body as string | Buffer);
    res.writeHead(reply.status ?? 200, { ...(isObject ? { 'content-type': 'application/json' } : {}), ...reply.headers });
    res.end(payload);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    signatureErrors,
    respond(next) {
      answer = next;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** Static credentials for clients pointed at a recording endpoint (never real ones). */
export const TEST_CREDENTIALS = { accessKeyId: 'AKIDRECORDINGTEST', secretAccessKey: 'recording-endpoint-secret' } as const;
