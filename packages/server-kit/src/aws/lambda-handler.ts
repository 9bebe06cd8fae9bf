/**
 * Runs a web-standard `(Request) => Promise<Response>` handler (server-kit's HTTP API) as a Lambda
 * function behind a Function URL or an API Gateway HTTP API, both with payload format 2.0. Only
 * this file knows the event shape; the API is the same object that node-adapter.ts mounts in
 * node:http.
 *
 * The function answers with a buffered result (the whole body at once, at most 6 MB). A response
 * that never ends, server-sent events (`/api/v1/events`), cannot be buffered: it is cancelled and
 * answered with 501 `streaming-unsupported` rather than held until the function times out. Serve
 * events from a container, or from a function configured for response streaming.
 */
import type { ApiHandler } from '../api/api-handler.js';
import { lambdaEventToRequest, type LambdaHttpEvent, type LambdaRequestOptions } from './lambda-request.js';
import { responseToLambdaResult, type LambdaHttpResult } from './lambda-response.js';

export type { LambdaHttpEvent } from './lambda-request.js';
export type { LambdaHttpResult } from './lambda-response.js';

/** The part of Lambda's context object this adapter reads. */
export interface LambdaContextLike {
  awsRequestId?: string;
}

export interface LambdaHandlerOptions extends LambdaRequestOptions {
  /** One line per failure, holding the request id and the error's message, never a body or a header. Defaults to console.error. */
  log?: (line: string) => void;
}

export type LambdaHttpHandler = (event: LambdaHttpEvent, context?: LambdaContextLike) => Promise<LambdaHttpResult>;

/** An API built on the first request of each cold start (it reads its keys and configuration then). */
export interface LazyApiHandler {
  build(): Promise<ApiHandler>;
}

/** `handler` is the API, or `{ build }`; a build that fails is tried again on the next request instead of being cached. */
export function createLambdaHandler(handler: ApiHandler | LazyApiHandler, options: LambdaHandlerOptions = {}): LambdaHttpHandler {
  const log = options.log ?? ((line: string) => console.error(line));
  if (typeof handler !== 'function' && typeof handler?.build !== 'function') {
    throw new TypeError('createLambdaHandler: pass the API handler, `(request) => Promise<Response>`, or `{ build: () => Promise<handler> }`.');
  }
  let built: Promise<ApiHandler> | undefined = typeof handler === 'function' ? Promise.resolve(handler) : undefined;

  const api = (): Promise<ApiHandler> => {
    if (!built) {
      const building = (handler as LazyApiHandler).build();
      built = building;
      building.catch(() => {
        if (built === building) built = undefined;
      });
    }
    return built;
  };

  return async (event, context) => {
    const requestId = context?.awsRequestId ?? event?.requestContext?.requestId ?? 'unknown';
    // A wrong event shape is a deployment mistake (payload 1.0, or not an HTTP trigger): say so at once.
    const request = lambdaEventToRequest(event, options);
    try {
      return await responseToLambdaResult(await (await api())(request));
    } catch (error) {
      // Details stay in the function's log; the caller gets the request id to quote.
      log(`[api] internal error ${requestId}: ${error instanceof Error ? error.message : 'unknown'}`);
      return internalError(requestId);
    }
  };
}

function internalError(requestId: string): LambdaHttpResult {
  return {
    statusCode: 500,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: { code: 'internal', message: `Internal error (id ${requestId}).` } }),
    isBase64Encoded: false,
  };
}
