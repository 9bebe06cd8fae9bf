/**
 * Runtime failures of playback, as one structured shape: `{ code, message, fatal, cause }`.
 * Each code says what went wrong in words a page developer can act on; `fatal` says whether
 * playback stopped (the player shows the message) or the player is recovering by itself.
 *
 * | code               | fatal                       | recovery                                               |
 * |--------------------|-----------------------------|--------------------------------------------------------|
 * | `access-denied`    | yes                         | none: the edge refused the request (403, `x-edge-reason`) |
 * | `cookies-not-sent` | only with `grant-mode="cookies"` | `auto`: the player switches to the signed query string |
 * | `cors-blocked`     | yes                         | none: the media host must allow this page's origin      |
 * | `not-found`        | yes                         | none                                                   |
 * | `network-error`    | after the retries           | retried with backoff (1 s, 2 s, 4 s)                   |
 * | `media-error`      | after the retries           | hls.js `recoverMediaError`, then a codec swap           |
 * | `manifest-error`   | yes                         | none: the playlist or MPD cannot be used                |
 * | `unsupported-source` | yes                       | none: no engine in this browser plays this type         |
 * | `engine-load-failed` | yes                       | `load()` tries again                                    |
 * | `grant-failed`     | yes on load, no on refresh  | a refresh is retried until the grant expires            |
 * | `invalid-attribute`| no                          | the default value is used                               |
 * | `invalid-edit`     | no                          | the Edit is not applied: the whole source plays (message names the field) |
 * | `edit-load-failed` | no                          | `edit-src` could not be fetched: the whole source plays |
 */
export type PlayerErrorCode =
  | 'access-denied'
  | 'cookies-not-sent'
  | 'cors-blocked'
  | 'not-found'
  | 'network-error'
  | 'media-error'
  | 'manifest-error'
  | 'unsupported-source'
  | 'engine-load-failed'
  | 'grant-failed'
  | 'invalid-attribute'
  | 'invalid-edit'
  | 'edit-load-failed';

/** The `detail` of the player's `error` event. */
export interface PlayerErrorDetail {
  code: PlayerErrorCode;
  message: string;
  fatal: boolean;
  /** The engine's own error (hls.js ErrorData, shaka.util.Error, a GrantRequestError, a MediaError). */
  cause?: unknown;
}

/** A failure carried as an exception inside the player (engine `load()` rejects with one). */
export class PlayerError extends Error implements PlayerErrorDetail {
  override readonly name = 'PlayerError';
  readonly code: PlayerErrorCode;
  readonly fatal: boolean;

  constructor(detail: PlayerErrorDetail) {
    super(detail.message, { cause: detail.cause });
    this.code = detail.code;
    this.fatal = detail.fatal;
  }

  get detail(): PlayerErrorDetail {
    return { code: this.code, message: this.message, fatal: this.fatal, cause: this.cause };
  }

  /** Any thrown value as a detail: a PlayerError keeps its code, anything else is `fallback`. */
  static detailOf(error: unknown, fallback: PlayerErrorCode, message: string): PlayerErrorDetail {
    if (error instanceof PlayerError) return error.detail;
    return { code: fallback, message, fatal: true, cause: error };
  }
}
