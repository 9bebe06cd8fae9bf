/** The typed listener registry every engine uses for its EngineEventMap. */
import type { EngineEventMap, EngineListener } from './engine.js';

export class EngineEvents {
  #listeners = new Map<keyof EngineEventMap, Set<(detail: never) => void>>();

  on<K extends keyof EngineEventMap>(type: K, listener: EngineListener<K>): () => void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener as (detail: never) => void);
    return () => set.delete(listener as (detail: never) => void);
  }

  emit<K extends keyof EngineEventMap>(type: K, detail: EngineEventMap[K]): void {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) (listener as EngineListener<K>)(detail);
  }

  clear(): void {
    this.#listeners.clear();
  }
}
