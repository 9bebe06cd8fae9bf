/**
 * The API's live events (`GET /api/v1/events`, server-sent events) as callbacks.
 *
 * In a browser it uses EventSource, which cannot set an Authorization header: the token goes in
 * the query as `access_token` (the API accepts it there for event streams only). Elsewhere (Node,
 * or when a custom `fetch` is given) it reads the stream with fetch and sends the token as a
 * header. Either way a dropped stream is reopened with a fresh token after the server's `retry`
 * delay; a refusal (401, 403) stops it and is reported once.
 */
import { ApiError } from './api-error.js';
import { SERVER_EVENT_TYPES, type ServerEvent } from './review-types.js';

export interface SubscribeOptions {
  /** The stream is open and events from now on will arrive (called again after each reconnect). */
  onOpen?: () => void;
  /** The stream failed. It is retried unless `error.status` is 401 or 403. */
  onError?: (error: ApiError) => void;
}

export interface EventStreamConfig {
  /** `…/api/v1/events`. */
  url: string;
  getToken: () => Promise<string | undefined>;
  /** Given: read the stream with it (Node); absent: EventSource when the platform has it. */
  fetch?: typeof fetch;
}

const DEFAULT_RETRY_MS = 3000;

export function subscribeToEvents(config: EventStreamConfig, onEvent: (event: ServerEvent) => void, options: SubscribeOptions = {}): () => void {
  if (typeof onEvent !== 'function') throw new TypeError('events.subscribe: pass a function to call with each event.');
  const EventSourceImpl = (globalThis as { EventSource?: typeof EventSource }).EventSource;
  return !config.fetch && EventSourceImpl ? withEventSource(EventSourceImpl, config, onEvent, options) : withFetch(config, onEvent, options);
}

function withEventSource(Impl: typeof EventSource, config: EventStreamConfig, onEvent: (event: ServerEvent) => void, options: SubscribeOptions): () => void {
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const open = async () => {
    const token = await config.getToken();
    if (closed) return;
    const url = token ? `${config.url}?access_token=${encodeURIComponent(token)}` : config.url;
    source = new Impl(url, { withCredentials: true });
    source.addEventListener('ready', () => options.onOpen?.());
    for (const type of SERVER_EVENT_TYPES) source.addEventListener(type, (message) => deliver((message as MessageEvent<string>).data, onEvent));
    source.addEventListener('error', () => {
      // EventSource would retry with the same URL, hence the same, possibly expired, token: reopen instead.
      source?.close();
      options.onError?.(new ApiError(0, 'event-stream-error', 'The event stream was interrupted; reconnecting.'));
      if (!closed) timer = setTimeout(() => void open(), DEFAULT_RETRY_MS);
    });
  };
  void open();
  return () => {
    closed = true;
    clearTimeout(timer);
    source?.close();
  };
}

function withFetch(config: EventStreamConfig, onEvent: (event: ServerEvent) => void, options: SubscribeOptions): () => void {
  const doFetch = config.fetch ?? globalThis.fetch.bind(globalThis);
  const controller = new AbortController();
  let retryMs = DEFAULT_RETRY_MS;
  let lastEventId: string | undefined;

  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        const token = await config.getToken();
        const headers: Record<string, string> = { accept: 'text/event-stream' };
        if (token) headers['authorization'] = `Bearer ${token}`;
        if (lastEventId) headers['last-event-id'] = lastEventId;
        const response = await doFetch(config.url, { headers, signal: controller.signal, credentials: 'include' });
        if (!response.ok || !response.body) {
          const error = await errorOf(response);
          options.onError?.(error);
          if (error.status === 401 || error.status === 403) return;
        } else {
          await readStream(response.body, {
            onOpen: () => options.onOpen?.(),
            onRetry: (ms) => (retryMs = ms),
            onId: (id) => (lastEventId = id),
            onEvent: (data) => deliver(data, onEvent),
          });
        }
      } catch (cause) {
        if (controller.signal.aborted) return;
        options.onError?.(new ApiError(0, 'network-error', 'The event stream could not be read; reconnecting.', undefined, { cause }));
      }
      await sleep(retryMs, controller.signal);
    }
  };
  void run();
  return () => controller.abort();
}

interface StreamHandlers {
  onOpen(): void;
  onRetry(ms: number): void;
  onId(id: string): void;
  onEvent(data: string): void;
}

/** Reads `text/event-stream` until it ends: fields per line, an event per blank line, `:` comments ignored. */
async function readStream(body: ReadableStream<Uint8Array>, handlers: StreamHandlers): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let type = 'message';
  let data: string[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        if (type === 'ready') handlers.onOpen();
        else if (data.length > 0 && (SERVER_EVENT_TYPES as readonly string[]).includes(type)) handlers.onEvent(data.join('\n'));
        type = 'message';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const text = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = text;
      else if (field === 'data') data.push(text);
      else if (field === 'id') handlers.onId(text);
      else if (field === 'retry' && /^\d+$/.test(text)) handlers.onRetry(Number(text));
    }
  }
}

function deliver(data: string, onEvent: (event: ServerEvent) => void): void {
  let event: ServerEvent;
  try {
    event = JSON.parse(data) as ServerEvent;
  } catch {
    return; // not ours to fail on: a proxy's or an older server's line
  }
  onEvent(event);
}

async function errorOf(response: Response): Promise<ApiError> {
  const payload: unknown = await response.json().catch(() => undefined);
  if (ApiError.isBody(payload)) return new ApiError(response.status, payload.error.code, payload.error.message, payload.error.field);
  return new ApiError(response.status, 'http-error', `GET /events failed with HTTP ${response.status}.`);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
