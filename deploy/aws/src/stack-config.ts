/**
 * What a deployment must be told, read from CDK context (`cdk deploy -c key=value` or cdk.json) and
 * checked before anything is built: a missing or malformed value stops the synth with a message
 * naming the context key and what to give.
 */
import { readFileSync } from 'node:fs';
import type { Node } from 'constructs';

/** How the operating-room feed reaches MediaLive. */
export type LiveInputConfig =
  | { kind: 'link'; deviceId: string }
  | { kind: 'rtmp'; allowCidrs: string[] };

export interface PortalConfig {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** JSON of server-kit's ClaimMapping, for a portal whose claim or role names differ from ours. */
  claimMapping?: string;
}

export interface SurgeryVideoConfig {
  /** The CloudFront public key (PEM, SPKI) whose private half signs playback grants. */
  signingPublicKeyPem: string;
  portal: PortalConfig;
  /** Origins of the host portal / LMS pages allowed to call the API and fetch media with credentials. */
  corsOrigins: string[];
  /** Omitted: no live channel is created. */
  live?: LiveInputConfig;
  /** Seconds a viewer can rewind in a live event (MediaPackage startover window). */
  startoverWindowSeconds: number;
}

export const CONTEXT_KEYS = {
  signingPublicKey: 'signingPublicKey',
  signingPublicKeyFile: 'signingPublicKeyFile',
  portalJwksUrl: 'portalJwksUrl',
  portalIssuer: 'portalIssuer',
  portalAudience: 'portalAudience',
  portalClaimMapping: 'portalClaimMapping',
  corsOrigins: 'corsOrigins',
  liveInput: 'liveInput',
  startoverWindowSeconds: 'startoverWindowSeconds',
} as const;

const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;
const MAX_STARTOVER_SECONDS = 1_209_600; // MediaPackage v2's limit, 14 days.

export function readConfig(node: Node): SurgeryVideoConfig {
  const text = (key: string): string | undefined => {
    const value = node.tryGetContext(key) as unknown;
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`Context "${key}" must be a string.`);
    return String(value);
  };
  const required = (key: string, what: string): string => {
    const value = text(key);
    if (value === undefined) throw new Error(`Context "${key}" is missing: give ${what} (cdk deploy -c ${key}=...).`);
    return value;
  };

  const inline = text(CONTEXT_KEYS.signingPublicKey);
  const file = text(CONTEXT_KEYS.signingPublicKeyFile);
  if (!inline && !file) {
    throw new Error(`Context "${CONTEXT_KEYS.signingPublicKeyFile}" (a PEM file) or "${CONTEXT_KEYS.signingPublicKey}" (the PEM text) is missing: the CloudFront public key that verifies playback grants.`);
  }
  const signingPublicKeyPem = (inline ?? readFileSync(file!, 'utf8')).trim();
  if (!/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----$/.test(signingPublicKeyPem)) {
    throw new Error(`Context "${inline ? CONTEXT_KEYS.signingPublicKey : CONTEXT_KEYS.signingPublicKeyFile}" is not a PEM public key (-----BEGIN PUBLIC KEY-----, SPKI), which CloudFront requires.`);
  }

  const jwksUrl = required(CONTEXT_KEYS.portalJwksUrl, "the host portal's JWKS URL (https)");
  if (!jwksUrl.startsWith('https://')) throw new Error(`Context "${CONTEXT_KEYS.portalJwksUrl}" must be an https URL, got ${JSON.stringify(jwksUrl)}.`);
  const portal: PortalConfig = {
    jwksUrl,
    issuer: required(CONTEXT_KEYS.portalIssuer, "the `iss` of the portal's tokens"),
    audience: required(CONTEXT_KEYS.portalAudience, "the `aud` the portal's tokens carry for this app"),
  };
  const claimMapping = text(CONTEXT_KEYS.portalClaimMapping);
  if (claimMapping !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(claimMapping);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(`Context "${CONTEXT_KEYS.portalClaimMapping}" must be a JSON object such as {"claims":{"tenant":"org"},"roleMap":{"Consultant":"specialist"}}.`);
    }
    portal.claimMapping = claimMapping;
  }

  const corsOrigins = required(CONTEXT_KEYS.corsOrigins, 'the comma-separated https origins of the pages that embed the player').split(',').map((origin) => origin.trim()).filter(Boolean);
  for (const origin of corsOrigins) {
    // Credentialed CORS (signed cookies) cannot use a wildcard.
    if (!/^https:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(origin)) throw new Error(`Context "${CONTEXT_KEYS.corsOrigins}": ${JSON.stringify(origin)} is not an https origin (scheme://host[:port], no wildcard, no path).`);
  }

  const startover = Number(text(CONTEXT_KEYS.startoverWindowSeconds) ?? 4 * 3600);
  if (!Number.isInteger(startover) || startover < 60 || startover > MAX_STARTOVER_SECONDS) {
    throw new Error(`Context "${CONTEXT_KEYS.startoverWindowSeconds}" must be a whole number of seconds from 60 to ${MAX_STARTOVER_SECONDS}.`);
  }

  return { signingPublicKeyPem, portal, corsOrigins, live: parseLiveInput(text(CONTEXT_KEYS.liveInput)), startoverWindowSeconds: startover };
}

/** `link:<Elemental Link device id>`, `rtmp:<cidr>[,<cidr>...]`, or `off` / absent for no live channel. */
export function parseLiveInput(value: string | undefined): LiveInputConfig | undefined {
  if (value === undefined || value === 'off') return undefined;
  const [kind, rest = ''] = value.split(':', 2) as [string, string?];
  if (kind === 'link' && /^hd-[a-z0-9]+$/.test(rest)) return { kind: 'link', deviceId: rest };
  if (kind === 'rtmp') {
    const allowCidrs = rest.split(',').map((cidr) => cidr.trim());
    if (allowCidrs.length > 0 && allowCidrs.every((cidr) => CIDR.test(cidr))) return { kind: 'rtmp', allowCidrs };
  }
  throw new Error(`Context "${CONTEXT_KEYS.liveInput}" must be "link:<device id, hd-...>", "rtmp:<cidr>[,<cidr>]" or "off"; got ${JSON.stringify(value)}.`);
}
