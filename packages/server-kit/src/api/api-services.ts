/**
 * What the API's routes work with: the ports (catalogue, signer, audit, …) and the settings.
 * Routes get this object and nothing else, so a host can swap any port for its own adapter.
 */
import type { AuditLog } from '../audit/audit-log.js';
import type { MediaCatalogue } from '../catalogue/media-catalogue.js';
import type { LiveOperations } from '../live/live-operations.js';
import type { GrantSigner } from '../playback/grant-issuer.js';

export interface ApiServices {
  catalogue: MediaCatalogue;
  signer: GrantSigner;
  /** Where grants, views and review actions are recorded; optional for hosts that audit elsewhere. */
  audit: AuditLog | undefined;
  /** The edge origin players use; `undefined`: the origin the API request came to. */
  edgeOrigin: string | undefined;
  /** Lifetime of the playback grants the routes issue (checked by createApiHandler). */
  grantTtlSeconds: number;
  /** Secret of the embedded stack's dev tokens. */
  sessionSecret: Buffer;
  devTokens: boolean;
  /** Channel status and harvests (`/live/:id/status`, `/live/:id/harvest`); without it those routes are absent. */
  liveOperations?: LiveOperations | undefined;
  now: () => number;
}
