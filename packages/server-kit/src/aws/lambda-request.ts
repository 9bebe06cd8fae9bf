/**
 * A Lambda Function URL / API Gateway HTTP API event (payload format 2.0) as a web `Request`.
 * Format 2.0 folds repeated headers into one comma-joined value and moves cookies out of the
 * headers into `cookies`; a binary or form body arrives base64-encoded. The URL is rebuilt from
 * the raw path and raw query string so that percent-encoding reaches the API as the client sent it.
 */

/** The fields of a payload 2.0 event this adapter reads (Lambda Function URL and API Gateway HTTP API). */
export interface LambdaHttpEvent {
  version: string;
  rawPath: string;
  rawQueryString?: string;
  cookies?: string[];
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: {
    domainName?: string;
    requestId?: string;
    http: { method: string; path?: string; protocol?: string; sourceIp?: string; userAgent?: string };
    [field: string]: unknown;
  };
}

const CORRELATION_ID = /^[A-Za-z0-9._-]{1,64}$/;
const HOST = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/;

export interface LambdaRequestOptions {
  /**
   * A header that names the host the viewer called, set by the CDN in front of the function (the
   * deploy/aws stack's CloudFront function sets `x-forwarded-host`), so that URLs the API builds,
   * such as grant URLs, point at the CDN rather than at the function's own domain.
   */
  hostHeader?: string;
}

export function lambdaEventToRequest(event: LambdaHttpEvent, options: LambdaRequestOptions = {}): Request {
  if (event === null || typeof event !== 'object') throw new TypeError('Lambda HTTP event: expected an object (a Function URL or HTTP API invocation).');
  if (event.version !== '2.0') {
    throw new TypeError(
      `Lambda HTTP event: payload format version ${JSON.stringify(event.version)} is not supported; configure the Function URL or HTTP API integration for payload format 2.0.`,
    );
  }
  const method = event.requestContext?.http?.method;
  if (typeof method !== 'string' || method === '') throw new TypeError('Lambda HTTP event: requestContext.http.method is missing.');
  if (typeof event.rawPath !== 'string' || !event.rawPath.startsWith('/')) throw new TypeError('Lambda HTTP event: rawPath must be a path starting with "/".');

  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers.set(name, value);
  // Format 2.0 strips Cookie from the headers and lists each cookie apart.
  if (event.cookies && event.cookies.length > 0) headers.set('cookie', event.cookies.join('; '));
  const requestId = event.requestContext.requestId;
  if (!headers.has('x-correlation-id') && requestId && CORRELATION_ID.test(requestId)) headers.set('x-correlation-id', requestId);

  const forwarded = options.hostHeader ? headers.get(options.hostHeader) : null;
  const host = (forwarded && HOST.test(forwarded) ? forwarded : undefined) ?? event.requestContext.domainName ?? headers.get('host');
  if (!host) throw new TypeError('Lambda HTTP event: neither requestContext.domainName nor a Host header says which host was called.');
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const url = new URL(`https://${host}${event.rawPath}${query}`);

  const hasBody = method !== 'GET' && method !== 'HEAD' && event.body !== undefined && event.body !== null;
  const body = hasBody ? (event.isBase64Encoded ? Buffer.from(event.body!, 'base64') : event.body!) : undefined;
  return new Request(url, { method, headers, ...(body !== undefined ? { body } : {}) });
}
