/**
 * Checks CloudFront signed URLs and signed cookies the way CloudFront does, with the public keys
 * of a key group. The local edge calls it on every request, so it is built for the hot path:
 * public keys are parsed once, and a policy whose signature has been checked is remembered (keyed
 * by the exact policy and signature bytes), so the many segment requests made with one grant pay
 * for one RSA verification. Expiry, IP and resource are still checked on every request.
 *
 * Refusals are results, not exceptions: `{ ok: false, reason, message }`, where `reason` is a short
 * code a client can act on. Messages never repeat the URL, policy or signature.
 */
import { createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import {
  cannedPolicyJson,
  createSourceIpMatcher,
  decodeCloudFrontBase64,
  matchesCloudFrontResource,
  parseCloudFrontPolicy,
  splitCloudFrontSignedUrl,
  CloudFrontPolicyError,
  type CloudFrontPolicy,
} from './cloudfront-policy.js';

export type CloudFrontRefusalReason =
  | 'missing-signature'
  | 'unknown-key-pair'
  | 'bad-signature'
  | 'malformed-policy'
  | 'expired'
  | 'not-yet-valid'
  | 'resource-mismatch'
  | 'ip-mismatch';

export const CLOUDFRONT_REFUSAL_REASONS: readonly CloudFrontRefusalReason[] = [
  'missing-signature',
  'unknown-key-pair',
  'bad-signature',
  'malformed-policy',
  'expired',
  'not-yet-valid',
  'resource-mismatch',
  'ip-mismatch',
];

export interface CloudFrontVerifierOptions {
  /** The trusted public keys by key pair id: a key group. PEM (SPKI or PKCS#1), or a KeyObject. */
  publicKeys: Readonly<Record<string, string | Buffer | KeyObject>>;
}

export interface CloudFrontVerifyRequest {
  /** The full URL as requested: `scheme://host/path?query`, signing parameters included. */
  url: string;
  /** The request's `Cookie` header, or cookies already parsed by name. */
  cookies?: string | Readonly<Record<string, string | undefined>>;
  /** The client's address, for policies with `IpAddress`. */
  clientIp?: string;
  /** The time to check against; a number is milliseconds since 1970. Defaults to now. */
  now?: number | Date;
}

export type CloudFrontVerification =
  | {
      ok: true;
      keyPairId: string;
      expiresAt: Date;
      /** Whether the grant came in the query string or in CloudFront-* cookies. */
      source: 'query' | 'cookie';
      policy: 'canned' | 'custom';
    }
  | {
      ok: false;
      reason: CloudFrontRefusalReason;
      message: string;
      /** The key pair the request named, when it named one. */
      keyPairId?: string;
    };

export interface CloudFrontVerifier {
  readonly keyPairIds: readonly string[];
  verify(request: CloudFrontVerifyRequest): CloudFrontVerification;
}

interface CheckedPolicy {
  policy: CloudFrontPolicy;
  canned: boolean;
  matchesIp?: (clientIp: string | undefined) => boolean;
}

const CACHE_LIMIT = 2048;

export function createCloudFrontVerifier(options: CloudFrontVerifierOptions): CloudFrontVerifier {
  const entries = Object.entries(options?.publicKeys ?? {});
  if (entries.length === 0) {
    throw new TypeError('createCloudFrontVerifier: publicKeys must map at least one key pair id to its public key.');
  }
  const keys = new Map<string, KeyObject>();
  for (const [id, key] of entries) keys.set(id, toPublicKey(id, key));
  const checked = new Map<string, CheckedPolicy>();

  const remember = (cacheKey: string, entry: CheckedPolicy): void => {
    if (checked.size >= CACHE_LIMIT) checked.delete(checked.keys().next().value as string);
    checked.set(cacheKey, entry);
  };

  return {
    keyPairIds: [...keys.keys()],
    verify(request) {
      const { url, params } = splitCloudFrontSignedUrl(request.url);
      let source: 'query' | 'cookie';
      let signature: string | undefined;
      let keyPairId: string | undefined;
      let policyText: string | undefined;
      let expires: string | undefined;
      let hashAlgorithm: string | undefined;
      // A signed URL wins over cookies, as in CloudFront.
      if (params) {
        source = 'query';
        ({ Signature: signature, 'Key-Pair-Id': keyPairId, Policy: policyText, Expires: expires } = params);
        hashAlgorithm = params['Hash-Algorithm'];
      } else {
        source = 'cookie';
        const cookies = typeof request.cookies === 'string' ? parseCloudFrontCookies(request.cookies) : request.cookies;
        if (cookies) {
          signature = cookies['CloudFront-Signature'];
          keyPairId = cookies['CloudFront-Key-Pair-Id'];
          policyText = cookies['CloudFront-Policy'];
          expires = cookies['CloudFront-Expires'];
          hashAlgorithm = cookies['CloudFront-Hash-Algorithm'];
        }
      }

      if (!signature || !keyPairId || (!policyText && !expires)) {
        const missing = [!signature && 'Signature', !keyPairId && 'Key-Pair-Id', !policyText && !expires && 'Policy or Expires']
          .filter(Boolean)
          .join(', ');
        return refuse(
          'missing-signature',
          `No complete CloudFront signature in the ${source === 'query' ? 'query string' : 'cookies'} (missing ${missing}).`,
          keyPairId,
        );
      }
      const key = keys.get(keyPairId);
      if (!key) return refuse('unknown-key-pair', `Key pair ${safeId(keyPairId)} is not trusted here.`, keyPairId);
      if (policyText && expires) {
        return refuse('malformed-policy', 'Both Policy and Expires were sent; a signature carries one or the other.', keyPairId);
      }
      if (hashAlgorithm !== undefined && hashAlgorithm !== 'SHA1' && hashAlgorithm !== 'SHA256') {
        return refuse('malformed-policy', 'Hash-Algorithm must be SHA1 or SHA256.', keyPairId);
      }
      const digest = hashAlgorithm === 'SHA256' ? 'sha256' : 'sha1';

      const cacheKey = policyText
        ? `p\n${keyPairId}\n${digest}\n${policyText}\n${signature}`
        : `c\n${keyPairId}\n${digest}\n${expires}\n${url}\n${signature}`;
      let entry = checked.get(cacheKey);
      if (!entry) {
        let signed: Buffer;
        if (policyText) {
          try {
            signed = decodeCloudFrontBase64(policyText);
          } catch {
            return refuse('malformed-policy', 'Policy is not CloudFront base64.', keyPairId);
          }
        } else {
          if (!/^\d{1,15}$/.test(expires as string)) {
            return refuse('malformed-policy', 'Expires must be a whole number of seconds since 1970.', keyPairId);
          }
          signed = Buffer.from(cannedPolicyJson(url, Number(expires)));
        }
        let signatureBytes: Buffer;
        try {
          signatureBytes = decodeCloudFrontBase64(signature);
        } catch {
          return refuse('bad-signature', 'Signature is not CloudFront base64.', keyPairId);
        }
        if (!verifySignature(digest, signed, key, signatureBytes)) {
          return refuse(
            'bad-signature',
            policyText
              ? `The signature does not match the policy for key pair ${keyPairId}.`
              : `The signature does not match this URL and expiry for key pair ${keyPairId}.`,
            keyPairId,
          );
        }
        if (policyText) {
          let policy: CloudFrontPolicy;
          try {
            policy = parseCloudFrontPolicy(signed);
          } catch (error) {
            const detail = error instanceof CloudFrontPolicyError ? ` (${error.field})` : '';
            return refuse('malformed-policy', `The signed policy is not a valid CloudFront policy${detail}.`, keyPairId);
          }
          entry = { policy, canned: false };
          if (policy.sourceIp) entry.matchesIp = createSourceIpMatcher(policy.sourceIp);
        } else {
          entry = { policy: { resource: url, dateLessThan: Number(expires) }, canned: true };
        }
        remember(cacheKey, entry);
      }

      const { policy } = entry;
      const nowSeconds = toMs(request.now) / 1000;
      if (nowSeconds >= policy.dateLessThan) {
        return refuse('expired', `The grant expired at ${isoOf(policy.dateLessThan)}.`, keyPairId);
      }
      if (policy.dateGreaterThan !== undefined && nowSeconds <= policy.dateGreaterThan) {
        return refuse('not-yet-valid', `The grant starts at ${isoOf(policy.dateGreaterThan)}.`, keyPairId);
      }
      if (entry.matchesIp && !entry.matchesIp(request.clientIp)) {
        return refuse('ip-mismatch', 'The grant is limited to other client addresses.', keyPairId);
      }
      // A canned policy's resource is the URL itself: the signature check already matched it.
      if (!entry.canned && !matchesCloudFrontResource(policy.resource, url)) {
        return refuse('resource-mismatch', 'The grant does not cover this URL.', keyPairId);
      }
      return {
        ok: true,
        keyPairId,
        expiresAt: new Date(policy.dateLessThan * 1000),
        source,
        policy: entry.canned ? 'canned' : 'custom',
      };
    },
  };
}

/** The CloudFront-* cookies of a `Cookie` header; other cookies are skipped without being decoded. */
export function parseCloudFrontCookies(header: string): Record<string, string> {
  const cookies: Record<string, string> = {};
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(';', start);
    if (end === -1) end = header.length;
    const eq = header.indexOf('=', start);
    if (eq !== -1 && eq < end) {
      const name = header.slice(start, eq).trim();
      if (name.startsWith('CloudFront-')) {
        let value = header.slice(eq + 1, end).trim();
        if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
        cookies[name] = value;
      }
    }
    start = end + 1;
  }
  return cookies;
}

function refuse(
  reason: CloudFrontRefusalReason,
  message: string,
  keyPairId?: string,
): Extract<CloudFrontVerification, { ok: false }> {
  return keyPairId === undefined ? { ok: false, reason, message } : { ok: false, reason, message, keyPairId: safeId(keyPairId) };
}

/** Key pair ids come from the request: only echo ones shaped like ids. */
function safeId(id: string): string {
  return /^[A-Za-z0-9_-]{1,128}$/.test(id) ? id : '(invalid id)';
}

function toMs(now: number | Date | undefined): number {
  if (now === undefined) return Date.now();
  return now instanceof Date ? now.getTime() : now;
}

function isoOf(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString();
}

function toPublicKey(id: string, key: string | Buffer | KeyObject): KeyObject {
  let keyObject: KeyObject;
  try {
    keyObject = typeof key === 'object' && 'type' in key && key.type === 'public' ? key : createPublicKey(key);
  } catch {
    throw new TypeError(`createCloudFrontVerifier: the key of ${id} is not a PEM public key or a KeyObject.`);
  }
  if (keyObject.asymmetricKeyType !== 'rsa') {
    throw new TypeError(`createCloudFrontVerifier: the key of ${id} must be an RSA public key, as CloudFront requires.`);
  }
  return keyObject;
}
