/**
 * What every engine uses besides its library: its listener registry, the access diagnosis and
 * the media-element helpers. The engine loader imports this module next to the engine and hands
 * it to the engine's constructor; the engines import only its types.
 *
 * Why not a plain import: code that several lazily loaded engine chunks import becomes a chunk of
 * its own in the app's bundle, and the browser asks for that chunk only once it has downloaded
 * and parsed the engine chunk that imports it (hls.js included, several hundred kB): one more
 * module round trip on the way to the first frame. Imported by the loader, it downloads in
 * parallel with the engine.
 */
export { EngineEvents } from './engine-events.js';
export { diagnoseHttpFailure, diagnoseUnreachable } from '../access/access-diagnosis.js';
export { seekableOf, toQualities, untilCurrentData } from './engine.js';
