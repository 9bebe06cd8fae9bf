/**
 * Playback grants from server-kit's API for `api` + `asset`, and their refresh. A grant lives a
 * few minutes; at 80 % of its life a new one is asked for and handed to the player, which swaps
 * it in without touching playback (new cookies arrive with the API's `Set-Cookie`, a new query
 * string is read by the engines at their next request). A failed refresh is retried with backoff
 * until the grant expires; only then does the edge start refusing requests.
 *
 * Which API route: `kind="asset"` asks `assets.grant`, `kind="live"` asks `live.grant`; without a
 * kind the id is looked up as a recorded asset first and, on 404, as a live channel.
 *
 * The request itself is grant-request.ts, part of the element: it is the first thing a player
 * with `api` + `asset` does, and must not wait for an API client chunk to arrive.
 */
import type { PlaybackGrant } from '@surgery-video/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { GrantRequestError, requestGrant, type GrantKind } from './grant-request.js';

export type { GrantKind };

export interface GrantRequest {
  api: string;
  asset: string;
  kind: GrantKind | undefined;
  token: string | undefined;
  getToken: (() => string | undefined | Promise<string | undefined>) | undefined;
}

/** Refresh when this share of the grant's remaining life has passed. */
const REFRESH_AT = 0.8;
const MIN_REFRESH_DELAY_MS = 5_000;
const RETRY_DELAYS_MS = [5_000, 10_000, 20_000, 40_000];

export class GrantController implements ReactiveController {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #request: GrantRequest | undefined;
  #onRefresh: ((grant: PlaybackGrant) => void) | undefined;
  #onRefreshError: ((error: unknown) => void) | undefined;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.stop();
  }

  /** Asks the API for a grant; the kind it resolved to is kept for refreshes. */
  async fetch(request: GrantRequest, signal: AbortSignal): Promise<PlaybackGrant> {
    this.stop();
    const ask = (kind: GrantKind) => requestGrant(request.api, kind, request.asset, request, signal);
    let kind = request.kind;
    let grant: PlaybackGrant;
    if (kind === 'live') grant = await ask('live');
    else {
      try {
        grant = await ask('asset');
        kind = 'asset';
      } catch (error) {
        if (kind === 'asset' || !(error instanceof GrantRequestError) || error.status !== 404) throw error;
        grant = await ask('live');
        kind = 'live';
      }
    }
    this.#request = { ...request, kind };
    return grant;
  }

  /**
   * Keeps `grant` fresh: `onRefresh` gets each new grant, `onRefreshError` each failed attempt.
   * Replaces any schedule already running.
   */
  schedule(grant: PlaybackGrant, onRefresh: (grant: PlaybackGrant) => void, onRefreshError: (error: unknown) => void): void {
    clearTimeout(this.#timer);
    this.#onRefresh = onRefresh;
    this.#onRefreshError = onRefreshError;
    const remaining = Date.parse(grant.expiresAt) - Date.now();
    if (!this.#request || !Number.isFinite(remaining)) return;
    this.#timer = setTimeout(() => void this.#refresh(grant, 0), Math.max(MIN_REFRESH_DELAY_MS, remaining * REFRESH_AT));
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #refresh(current: PlaybackGrant, attempt: number): Promise<void> {
    const request = this.#request;
    if (!request) return;
    try {
      const fresh = await this.fetch(request, new AbortController().signal);
      this.#onRefresh?.(fresh);
    } catch (error) {
      this.#onRefreshError?.(error);
      const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!;
      if (Date.parse(current.expiresAt) - Date.now() > delay) this.#timer = setTimeout(() => void this.#refresh(current, attempt + 1), delay);
    }
  }
}
