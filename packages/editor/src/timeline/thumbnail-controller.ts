/**
 * Loads the case's thumbnail sprite index (WebVTT) for the timeline's strip: from the editor's
 * `thumbnails` URL, or else from the player's playback grant (`sources.thumbnails`). It is parsed
 * by the player's own parser (the seek bar previews the same tiles). Under a grant the index and
 * its sprite are signed with the grant's query, so they load with or without cookies. A missing or
 * broken index leaves the strip empty: thumbnails help, the editor works without them.
 */
import { Task } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';
import type { PlaybackGrant } from '@surgery-video/client';
import { parseThumbnails, type ThumbnailCue } from '@surgery-video/player';
import { spriteSizes } from './thumbnail-strip.js';

export interface ThumbnailHost extends ReactiveControllerHost {
  /** An explicit WebVTT thumbnail index URL (the `thumbnails` attribute). */
  readonly thumbnails: string | undefined;
  readonly player: { readonly grant: PlaybackGrant | undefined };
}

export interface LoadedThumbnails {
  cues: ThumbnailCue[];
  sprites: Map<string, { width: number; height: number }>;
}

export class ThumbnailController {
  readonly #task: Task<readonly [string | undefined, string | undefined], LoadedThumbnails | undefined>;

  constructor(private readonly host: ThumbnailHost) {
    this.#task = new Task(host, {
      task: async ([url, query], { signal }) => {
        if (!url) return undefined;
        const index = new URL(url, location.href).href;
        const response = await fetch(signed(index, query), { signal });
        if (!response.ok) throw new Error(`thumbnails ${response.status}`);
        const cues = parseThumbnails(await response.text(), index).map((cue) => ({ ...cue, url: signed(cue.url, query) }));
        return { cues, sprites: spriteSizes(cues) };
      },
      args: () => this.#source(),
    });
  }

  /** The index's URL and the grant's query to sign it with (none for an explicit URL outside the grant). */
  #source(): readonly [string | undefined, string | undefined] {
    const grant = this.host.player.grant;
    const url = this.host.thumbnails ?? grant?.sources.thumbnails;
    const underGrant = grant && url !== undefined && url === grant.sources.thumbnails;
    return [url, underGrant ? grant.query : undefined] as const;
  }

  /** The parsed index, once loaded; undefined while loading, without one, or when it failed. */
  get value(): LoadedThumbnails | undefined {
    return this.#task.value;
  }
}

/** `url` with the grant's signature, unless it already carries a query (a signed URL of its own). */
function signed(url: string, query: string | undefined): string {
  if (!query || url.includes('?')) return url;
  const hashAt = url.indexOf('#');
  return hashAt === -1 ? `${url}?${query}` : `${url.slice(0, hashAt)}?${query}${url.slice(hashAt)}`;
}
