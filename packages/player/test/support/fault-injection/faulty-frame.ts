/**
 * Opens fault-frame.html in an iframe whose requests go through fault-sw.js, and makes players in
 * it. The worker's scope is this folder, so only that frame is affected; the test page and every
 * other test keep the plain network.
 */
import type { SurgeryPlayer } from '../../../src/player.component.js';

export type Fault = '503' | 'drop' | 'corrupt';

export interface FaultRule {
  /** A regular expression over the request URL. */
  match: string;
  /** One fault per matching request, in order. */
  faults: Fault[];
  /** After the faults: let requests through, or fail every one with 503 (a permanent failure). */
  then: 'pass' | '503';
}

export interface LoggedRequest {
  url: string;
  /** Wall-clock ms. */
  at: number;
  fault: Fault | 'pass';
}

export interface FaultyFrame {
  setRules(rules: FaultRule[]): Promise<void>;
  /** The requests that matched a rule, oldest first. */
  requests(): Promise<LoggedRequest[]>;
  /** A muted player in the frame. */
  createPlayer(attributes?: Record<string, string>): SurgeryPlayer;
  close(): Promise<void>;
}

const folder = new URL('./', import.meta.url);

export async function openFaultyFrame(): Promise<FaultyFrame> {
  const registration = await navigator.serviceWorker.register(new URL('fault-sw.js', folder), { scope: folder.pathname });
  const worker = registration.installing ?? registration.waiting ?? registration.active!;
  if (worker.state !== 'activated') {
    await new Promise<void>((resolve) => worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()));
  }
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 360px; height: 240px; border: 0';
  frame.src = new URL('fault-frame.html', folder).href;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const frameWindow = frame.contentWindow as Window & typeof globalThis;
  if (!frameWindow.navigator.serviceWorker.controller) throw new Error('fault-frame.html is not controlled by fault-sw.js');
  await frameWindow.customElements.whenDefined('surgery-player');

  const ask = <T>(message: unknown) =>
    new Promise<T>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(event.data as T);
      frameWindow.navigator.serviceWorker.controller!.postMessage(message, [channel.port2]);
    });

  return {
    setRules: async (rules) => void (await ask<string>({ type: 'rules', rules })),
    requests: () => ask<LoggedRequest[]>({ type: 'log' }),
    createPlayer(attributes = {}) {
      const player = frameWindow.document.createElement('surgery-player') as SurgeryPlayer;
      player.setAttribute('muted', '');
      for (const [name, value] of Object.entries(attributes)) player.setAttribute(name, value);
      player.style.width = '320px';
      frameWindow.document.body.append(player);
      return player;
    },
    async close() {
      await ask<string>({ type: 'rules', rules: [] });
      frame.remove();
    },
  };
}
