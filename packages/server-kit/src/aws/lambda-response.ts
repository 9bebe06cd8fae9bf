/**
 * A web `Response` as a buffered Lambda HTTP result (payload format 2.0): Set-Cookie headers go in
 * `cookies` (a header map can hold only one), text bodies travel as they are and anything else as
 * base64, which the Function URL / HTTP API decodes before it reaches the client.
 */

export interface LambdaHttpResult {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

/** Lambda's limit on a buffered response payload (the JSON result, so base64 counts at its encoded size). */
export const LAMBDA_RESPONSE_LIMIT_BYTES = 6 * 1024 * 1024;
// Room left for the result's own JSON (status, headers, cookies).
const ENVELOPE_ALLOWANCE = 64 * 1024;

const TEXT_TYPE = /^(text\/|application\/(json|[\w.+-]+\+json|xml|[\w.+-]+\+xml|javascript|x-www-form-urlencoded|vnd\.apple\.mpegurl|dash\+xml)\b)/i;

export async function responseToLambdaResult(response: Response): Promise<LambdaHttpResult> {
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.toLowerCase().startsWith('text/event-stream')) {
    // A stream that never ends would hold the invocation until its timeout; let go of it (which
    // unsubscribes it) and say why.
    await response.body?.cancel().catch(() => {});
    return errorResult(response.headers.get('x-correlation-id'),
      501,
      'streaming-unsupported',
      'Server-sent events cannot be served by a buffered Lambda function: serve /api/v1/events from a container or a function configured for response streaming.',
    );
  }

  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = TEXT_TYPE.test(contentType) && !response.headers.has('content-encoding');
  const body = text ? bytes.toString('utf8') : bytes.toString('base64');
  if (Buffer.byteLength(body) > LAMBDA_RESPONSE_LIMIT_BYTES - ENVELOPE_ALLOWANCE) {
    return errorResult(
      response.headers.get('x-correlation-id'),
      502,
      'response-too-large',
      `The response (${bytes.length} bytes) is over what a buffered Lambda function may return (6 MB); serve large objects from S3 through CloudFront.`,
    );
  }
  return {
    statusCode: response.status,
    headers,
    ...(cookies.length > 0 ? { cookies } : {}),
    body,
    isBase64Encoded: !text && bytes.length > 0,
  };
}

function errorResult(correlationId: string | null, statusCode: number, code: string, message: string): LambdaHttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...(correlationId ? { 'x-correlation-id': correlationId } : {}) },
    body: JSON.stringify({ error: { code, message } }),
    isBase64Encoded: false,
  };
}
