/**
 * One user's live events as a `text/event-stream` Response (server-sent events).
 *
 * The stream opens with `retry:` and an `event: ready` (the client knows it is listening from
 * then on), then carries each bus event the user may see as `id`, `event: <type>`, `data: <json>`,
 * and a comment line every `heartbeatMs` so proxies and load balancers keep the connection open
 * and a vanished client is noticed. Everything it holds (the bus listener, the timer) is let go
 * when the client goes away (the body is cancelled: see http/node-adapter.ts), when the request
 * is aborted, when the bus closes, or when the client reads too slowly to keep up.
 */
import type { User } from '@surgery-video/client';
import type { EventBus } from './event-bus.js';
import { mayReceive } from './event-visibility.js';

export interface EventStreamOptions {
  user: User;
  bus: EventBus;
  /** Default 15 s. */
  heartbeatMs?: number;
  /** How long a client waits before reconnecting, sent as `retry:` (default 3 s). */
  retryMs?: number;
  /** The request's signal: the stream ends when it aborts. */
  signal?: AbortSignal;
}

export const DEFAULT_HEARTBEAT_MS = 15_000;
// A client this many events behind is dropped (it reconnects) rather than buffered without bound.
const MAX_QUEUED_EVENTS = 1000;

export function eventStreamResponse(options: EventStreamOptions): Response {
  const { user, bus } = options;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const encoder = new TextEncoder();
  let cleanup = () => {};

  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let seq = 0;
        let open = true;
        const send = (text: string) => {
          if (!open) return;
          if ((controller.desiredSize ?? 0) < -MAX_QUEUED_EVENTS) return end();
          controller.enqueue(encoder.encode(text));
        };
        const end = () => {
          if (!open) return;
          cleanup();
          controller.close();
        };
        const unsubscribe = bus.subscribe({
          event: (busEvent) => {
            if (!mayReceive(user, busEvent)) return;
            seq += 1;
            send(`id: ${seq}\nevent: ${busEvent.event.type}\ndata: ${JSON.stringify(busEvent.event)}\n\n`);
          },
          close: end,
        });
        const heartbeat = setInterval(() => send(`: heartbeat ${new Date().toISOString()}\n\n`), heartbeatMs);
        heartbeat.unref?.();
        const onAbort = () => end();
        options.signal?.addEventListener('abort', onAbort, { once: true });
        cleanup = () => {
          open = false;
          unsubscribe();
          clearInterval(heartbeat);
          options.signal?.removeEventListener('abort', onAbort);
        };
        send(`retry: ${options.retryMs ?? 3000}\n\nevent: ready\ndata: ${JSON.stringify({ user: user.id })}\n\n`);
      },
      cancel() {
        cleanup();
      },
    },
    { highWaterMark: 1 },
  );

  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Tells nginx-style proxies not to buffer the stream.
      'x-accel-buffering': 'no',
    },
  });
}
