import type { ApiErrorBody } from '@surgery-video/client';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function json(body: unknown, init: { status?: number; headers?: Headers | Record<string, string> } = {}): Response {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(JSON_HEADERS)) if (!headers.has(name)) headers.set(name, value);
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers });
}

/** An API error: `{ error: { code, message, field? } }` with its HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  toResponse(): Response {
    const body: ApiErrorBody = { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
    return json(body, { status: this.status });
  }
}

/** Reads a JSON object body, refusing anything else with a 400 that says what was expected. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) {
    throw new HttpError(415, 'unsupported-media-type', 'Send the body as JSON with "content-type: application/json".');
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new HttpError(400, 'invalid-json', 'The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'invalid-body', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}
