/**
 * The in-process event bus: review actions, workflow steps and render progress publish here, and
 * each open event stream (`GET /api/v1/events`) listens and passes on what its user may see.
 *
 * An event says who may see it with an access resource, read by the same role x action table as
 * the API (event-visibility.ts), so a stream can never show what a GET would refuse. Delivery is
 * best effort and in process: a host that runs several API instances puts a broker (SNS, Redis)
 * behind this interface.
 */
import type { ServerEvent } from '@surgery-video/client';
import type { AccessResource, Action } from '../access/access-rules.js';

export interface BusEvent {
  event: ServerEvent;
  /** The resource the event is about, with its tenant; checked against `actions`. */
  resource: AccessResource;
  /** The user may see the event when any of these actions is allowed on `resource`. */
  actions: readonly Action[];
}

export interface BusListener {
  event(event: BusEvent): void;
  /** The bus is closing: end the stream. */
  close(): void;
}

export interface EventBus {
  publish(event: BusEvent): void;
  /** Returns the function that stops listening. */
  subscribe(listener: BusListener): () => void;
  /** Tells every listener the bus is closing (open streams end), then forgets them. */
  close(): void;
  /** Listeners currently subscribed (diagnostics, tests). */
  readonly listenerCount: number;
}

export function createEventBus(options: { onListenerError?: (error: unknown) => void } = {}): EventBus {
  const listeners = new Set<BusListener>();
  const onListenerError = options.onListenerError ?? (() => {});
  let closed = false;

  return {
    publish(event) {
      if (closed) return;
      for (const listener of [...listeners]) {
        try {
          listener.event(event);
        } catch (error) {
          // One broken stream must not keep the event from the others, nor fail the action that published it.
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      if (closed) throw new Error('event bus: closed; no new listeners.');
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    close() {
      if (closed) return;
      closed = true;
      const all = [...listeners];
      listeners.clear();
      for (const listener of all) listener.close();
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}
