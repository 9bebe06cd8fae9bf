/**
 * The source pipeline: from the element's attributes to an engine playing into the video.
 *
 * One `@lit/task` run per source (a change of src, api, asset, kind, latency-mode or grant-mode,
 * a grant for another asset, `load()`, reconnection). Runs never overlap: each waits for the one
 * before it, tears its engine down (detach media, then destroy, and wait until it has let go of
 * the video), resolves what to play (asking the API for a grant for `api` + `asset`), and attaches
 * a new engine. The AbortSignal of a superseded run destroys its engine at once, so the next run
 * does not wait on a slow manifest.
 *
 * Grants: one from the API is refreshed before it expires and swapped in without a reload; one the
 * page sets is swapped in the same way when it covers what plays. With `grant-mode="auto"`, a
 * source whose cookies the browser does not send is loaded again with the grant's query string.
 */
import { Task } from '@lit/task';
import type { PlaybackGrant } from '@surgery-video/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { GrantController, type GrantKind } from '../access/grant-controller.js';
import { SignedAccess, type GrantMode } from '../access/signed-access.js';
import { resourceCovers } from '../access/signed-query.js';
import type { Engine } from '../engines/engine.js';
import { createEngine, hasMediaSource, preloadEngine, sourceTypeOf, type SourceType } from '../engines/engine-loader.js';
import { PlayerError, type PlayerErrorDetail } from '../errors/player-error.js';
import { deferred, isAbortError, nextEvent } from '../internal/deferred.js';

export interface SourceSettings {
  src: string | undefined;
  api: string | undefined;
  asset: string | undefined;
  kind: GrantKind | undefined;
  latencyMode: 'low' | 'normal';
  grantMode: GrantMode;
  token: string | undefined;
  getToken: (() => string | undefined | Promise<string | undefined>) | undefined;
}

export interface SourceHooks {
  /** Where a new source starts: a remembered seek, or the `start` attribute. */
  startTime(): number | undefined;
  /** A new engine (or none): subscribe to it; the listeners returned are removed with it. */
  engineChanged(engine: Engine | undefined): Array<() => void>;
  /**
   * The engine has given the video its source (the video's `loadstart`), before any data: playback
   * asked for can begin now, as with `<video autoplay>`, and the first frame shows once decoded.
   */
  sourceSet(): void;
  /** The source is attached and its manifest read. */
  attached(): void;
  error(detail: PlayerErrorDetail): void;
}

export class SourceController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #video: HTMLVideoElement;
  readonly #settings: () => SourceSettings;
  readonly #hooks: SourceHooks;
  readonly #grants: GrantController;
  readonly #task: Task;
  #generation = 0;
  #engine: Engine | undefined;
  #listeners: Array<() => void> = [];
  #access: SignedAccess | undefined;
  #url: string | undefined;
  #grant: PlaybackGrant | undefined;
  #grantFromApi = false;
  #attached = false;
  #failed = false;
  #ready = deferred<void>();
  #session = new AbortController();
  #running: Promise<void> = Promise.resolve();
  /** Engines being destroyed: the next one may attach to the video only once they let go of it. */
  #destroying: Promise<unknown> = Promise.resolve();
  #enginesDestroying = 0;
  /** Runs started and not finished, this one included. */
  #runs = 0;
  #teardownTimer: ReturnType<typeof setTimeout> | undefined;
  #tornDown = false;

  constructor(host: ReactiveControllerHost & HTMLElement, video: HTMLVideoElement, settings: () => SourceSettings, hooks: SourceHooks) {
    this.#host = host;
    this.#video = video;
    this.#settings = settings;
    this.#hooks = hooks;
    this.#grants = new GrantController(host);
    this.#task = new Task(host, {
      args: () => {
        const { src, api, asset, kind, latencyMode, grantMode } = this.#settings();
        return [src, api, asset, kind, latencyMode, grantMode, this.#generation] as const;
      },
      task: (_args, { signal }) => this.#run(signal),
    });
    host.addController(this);
  }

  /** The engine playing the source, once created. */
  get engine(): Engine | undefined {
    return this.#engine;
  }

  /** The URL playing (unsigned). */
  get url(): string | undefined {
    return this.#url;
  }

  get attached(): boolean {
    return this.#attached;
  }

  /** Resolves when a source is attached; rejects with its PlayerError when it fails. */
  get ready(): Promise<void> {
    return this.#ready.promise;
  }

  /** Aborts when the current source ends (a new one, teardown). */
  get session(): AbortSignal {
    return this.#session.signal;
  }

  get grant(): PlaybackGrant | undefined {
    return this.#grant;
  }

  setGrant(grant: PlaybackGrant | undefined): void {
    this.#grant = grant;
    const access = this.#access;
    const url = this.#url;
    // Playing fine and the grant covers what plays: swap the credentials, keep playing.
    if (grant && access && url && this.#attached && !this.#failed && resourceCovers(grant.resource, url)) {
      access.grant = grant;
      if (this.#grantFromApi) this.#scheduleRefresh(grant);
      return;
    }
    this.#grantFromApi = false;
    void this.reload();
  }

  /** Loads the source again; resolves once it is attached or has failed. */
  async reload(): Promise<void> {
    this.#generation++;
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    await this.#task.taskComplete.catch(() => undefined);
  }

  /** Marks the source failed (a fatal error): waits on `ready` are refused. */
  fail(detail: PlayerErrorDetail): void {
    this.#failed = true;
    this.#ready.reject(new PlayerError(detail));
  }

  hostConnected(): void {
    clearTimeout(this.#teardownTimer);
    if (this.#tornDown) {
      this.#tornDown = false;
      void this.reload();
    }
  }

  hostDisconnected(): void {
    // Moving the element (remove, then insert) must not reload; leaving the page frees the engine.
    this.#teardownTimer = setTimeout(() => {
      if (this.#host.isConnected) return;
      this.#tornDown = true;
      void this.#detach();
    }, 0);
  }

  async #run(signal: AbortSignal): Promise<void> {
    const previous = this.#running;
    let finished!: () => void;
    this.#running = new Promise<void>((resolve) => (finished = resolve));
    this.#runs++;
    try {
      if (this.#idle) {
        // Nothing to wait for (a fresh element's first source): no await before the grant
        // request, so it leaves during the element's first update instead of after its render.
        this.#release();
      } else {
        await previous;
        await this.#detach();
      }
      if (signal.aborted) return;
      // The engine's code is asked for first: its download and evaluation take longer than the
      // API's answer, which is asked for right after (the request leaves before resolve's first
      // await), so both are under way together.
      const likely = this.#likelySourceType();
      if (likely) preloadEngine(likely, this.#video);
      const plan = await this.#resolve(signal);
      if (!plan || signal.aborted || this.#tornDown) return;
      await this.#start(plan.url, new SignedAccess(plan.grant, this.#settings().grantMode), signal);
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return;
      this.#error(PlayerError.detailOf(error, 'media-error', `The source could not be loaded: ${error instanceof Error ? error.message : String(error)}`));
    } finally {
      this.#runs--;
      finished();
    }
  }

  /** What to play, and the grant to sign it with. */
  async #resolve(signal: AbortSignal): Promise<{ url: string; grant: PlaybackGrant | undefined } | undefined> {
    const { src, api, asset, kind, token, getToken } = this.#settings();
    if (api && asset) {
      let grant: PlaybackGrant;
      try {
        grant = await this.#grants.fetch({ api, asset, kind, token, getToken }, signal);
      } catch (error) {
        if (signal.aborted || isAbortError(error)) throw error;
        throw new PlayerError({
          code: 'grant-failed',
          message: `No playback grant for "${asset}" from ${api}: ${error instanceof Error ? error.message : String(error)}`,
          fatal: true,
          cause: error,
        });
      }
      this.#grant = grant;
      this.#grantFromApi = true;
      this.#scheduleRefresh(grant);
      return { url: src || this.#sourceOf(grant), grant };
    }
    this.#grants.stop();
    if (this.#grantFromApi) {
      this.#grant = undefined;
      this.#grantFromApi = false;
    }
    if (src) return { url: src, grant: this.#grant };
    if (this.#grant) return { url: this.#sourceOf(this.#grant), grant: this.#grant };
    return undefined;
  }

  /**
   * The type of source this run will most likely play, known before the grant is: `src` says it;
   * a recorded asset is HLS unless asked for low latency; a live channel in low-latency mode is LL-DASH.
   */
  #likelySourceType(): SourceType | undefined {
    const { src, api, asset, kind, latencyMode } = this.#settings();
    if (src) return sourceTypeOf(src);
    if (!api || !asset) return this.#grant ? sourceTypeOf(this.#sourceOf(this.#grant)) : undefined;
    if (latencyMode !== 'low' || kind === 'asset') return 'hls';
    return kind === 'live' && hasMediaSource() ? 'dash' : undefined;
  }

  /** The grant's source: LL-DASH in low-latency mode where MSE can play it, else HLS. */
  #sourceOf(grant: PlaybackGrant): string {
    const { lowLatencyDash, hls } = grant.sources;
    return this.#settings().latencyMode === 'low' && lowLatencyDash && hasMediaSource() ? lowLatencyDash : hls;
  }

  async #start(url: string, access: SignedAccess, signal: AbortSignal): Promise<void> {
    const engine = await createEngine(url, this.#video);
    if (signal.aborted || this.#tornDown) {
      await this.#destroyEngine(engine);
      return;
    }
    this.#engine = engine;
    this.#access = access;
    this.#url = url;
    this.#listeners = [
      engine.on('error', (detail) => this.#error(detail)),
      ...this.#hooks.engineChanged(engine),
    ];
    const stop = () => void this.#destroyEngine(engine);
    signal.addEventListener('abort', stop, { once: true });
    void nextEvent(this.#video, 'loadstart', signal).then(() => {
      if (!signal.aborted && this.#engine === engine && !this.#attached) this.#hooks.sourceSet();
    });
    try {
      await engine.load(url, { grant: access, lowLatency: this.#settings().latencyMode === 'low', startTime: this.#hooks.startTime() });
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return;
      if (error instanceof PlayerError && error.code === 'cookies-not-sent' && this.#settings().grantMode === 'auto') {
        // The browser does not send the grant's cookies: the same grant works as a query string.
        this.#error({ ...error.detail, fatal: false, message: `${error.message} Switching to the signed query string.` });
        await this.#detach();
        access.mode = 'query';
        return this.#start(url, access, signal);
      }
      throw error;
    } finally {
      signal.removeEventListener('abort', stop);
    }
    if (signal.aborted) return;
    this.#attached = true;
    this.#ready.resolve();
    this.#hooks.attached();
  }

  /** No run before this one is still going, no engine is playing or being destroyed. */
  get #idle(): boolean {
    return this.#runs === 1 && !this.#engine && this.#enginesDestroying === 0;
  }

  /** Ends the current source: removes listeners, destroys the engine, forgets its state. */
  async #detach(): Promise<void> {
    const engine = this.#release();
    if (engine) await this.#destroyEngine(engine);
    await this.#destroying;
  }

  /** The synchronous part of #detach: forgets the source's state and hands back its engine. */
  #release(): Engine | undefined {
    const engine = this.#engine;
    for (const off of this.#listeners) off();
    this.#listeners = [];
    this.#engine = undefined;
    this.#access = undefined;
    this.#url = undefined;
    this.#attached = false;
    this.#failed = false;
    this.#session.abort();
    this.#session = new AbortController();
    // Seeks and steps asked for before any source keep waiting for the next one.
    if (this.#ready.settled) this.#ready = deferred<void>();
    this.#hooks.engineChanged(undefined);
    return engine;
  }

  #destroyEngine(engine: Engine): Promise<void> {
    this.#enginesDestroying++;
    const destroyed = engine.destroy().finally(() => this.#enginesDestroying--);
    this.#destroying = Promise.all([this.#destroying, destroyed]);
    return destroyed;
  }

  #error(detail: PlayerErrorDetail): void {
    if (detail.fatal) this.fail(detail);
    this.#hooks.error(detail);
  }

  #scheduleRefresh(grant: PlaybackGrant): void {
    this.#grants.schedule(
      grant,
      (fresh) => this.setGrant(fresh),
      (error) =>
        this.#hooks.error({
          code: 'grant-failed',
          message: `The playback grant could not be refreshed (${error instanceof Error ? error.message : String(error)}); retrying before it expires.`,
          fatal: false,
          cause: error,
        }),
    );
  }
}
