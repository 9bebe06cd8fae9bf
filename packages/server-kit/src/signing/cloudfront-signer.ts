/**
 * Signs URLs, cookies and query strings exactly as CloudFront expects them, and byte for byte as
 * `@aws-sdk/cloudfront-signer` would: the same key, policy and dates give the same string, so the
 * embedded stack and production hand out interchangeable grants.
 *
 * A signer may hold several key pairs so keys can rotate without a gap: add the new pair (and its
 * public key to the verifier or the CloudFront key group), switch signing to it, and drop the old one
 * once the grants it signed have expired.
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import {
  buildCloudFrontPolicy,
  cannedPolicyJson,
  encodeCloudFrontBase64,
  normalizeSourceIp,
  type CloudFrontPolicy,
} from './cloudfront-policy.js';

/** One CloudFront key pair: the id of its public key in CloudFront (or the local edge) and the private key. */
export interface CloudFrontKeyPair {
  keyPairId: string;
  /** A PEM string or Buffer (PKCS#1 or PKCS#8), or a KeyObject. RSA, as CloudFront requires. */
  privateKey: string | Buffer | KeyObject;
}

/** `SHA1` is CloudFront's default; `SHA256` adds `Hash-Algorithm=SHA256` (CloudFront's FIPS option). */
export type CloudFrontHashAlgorithm = 'SHA1' | 'SHA256';

export type CloudFrontSignerOptions = (
  | CloudFrontKeyPair
  | {
      keyPairs: readonly CloudFrontKeyPair[];
      /** The pair that signs; defaults to the first of `keyPairs`. */
      activeKeyPairId?: string;
    }
) & {
  hashAlgorithm?: CloudFrontHashAlgorithm;
  /**
   * How many recent signatures to keep (default 256; 0 keeps none). RSA PKCS#1 v1.5 signatures are
   * deterministic, so a policy signed again (a grant's cookies and its query string carry the same
   * policy; viewers of one asset in the same second get the same policy) reuses the signature
   * instead of paying for another RSA operation, about a millisecond each.
   */
  signatureCacheSize?: number;
};

/** When access starts and ends, and from where. A `number` is milliseconds since 1970, like `Date.now()`. */
export interface CloudFrontGrantWindow {
  expiresAt: Date | number;
  notBefore?: Date | number;
  /** An IPv4/IPv6 address or CIDR range; a bare address means that address only. */
  ipAddress?: string;
}

export interface SignUrlOptions extends CloudFrontGrantWindow {
  /** The URL pattern to grant; defaults to the URL itself (and then, with only an expiry, a canned policy). */
  resource?: string;
}

export interface SignResourceOptions extends CloudFrontGrantWindow {
  /** The URL pattern to grant, e.g. `https://cdn.example/media/vod/case-001/*`. */
  resource: string;
}

/**
 * The three cookies CloudFront reads, for a `Set-Cookie` each. A signer using SHA256 adds
 * `CloudFront-Hash-Algorithm`; the index signature keeps the object usable as a plain record.
 */
export type CloudFrontSignedCookies = {
  'CloudFront-Policy': string;
  'CloudFront-Signature': string;
  'CloudFront-Key-Pair-Id': string;
} & Record<string, string>;

export interface CloudFrontSigner {
  /** The key pair that signs now. */
  readonly activeKeyPairId: string;
  readonly keyPairIds: readonly string[];
  /**
   * A signed URL. With only `expiresAt` and no other resource, a canned policy (`Expires`,
   * `Signature`, `Key-Pair-Id`); otherwise a custom one (`Policy`, `Signature`, `Key-Pair-Id`).
   * The URL's path and query are percent-encoded the way the AWS SDK does before signing.
   */
  signUrl(url: string, options: SignUrlOptions): string;
  /** Signed cookies carrying a custom policy; they cover every URL the resource pattern matches. */
  signCookies(options: SignResourceOptions): CloudFrontSignedCookies;
  /**
   * `Policy=…&Key-Pair-Id=…&Signature=…` for a wildcard resource: append it (see `appendSignedQuery`)
   * to any URL under the resource, which is what players do for every child playlist and segment.
   */
  signQuery(options: SignResourceOptions): string;
  /** Adds a key pair without signing with it yet. */
  addKeyPair(pair: CloudFrontKeyPair): void;
  /** Makes an added key pair the one that signs. */
  useKeyPair(keyPairId: string): void;
  /** Forgets a key pair; the active one cannot be removed. */
  removeKeyPair(keyPairId: string): void;
}

export function createCloudFrontSigner(options: CloudFrontSignerOptions): CloudFrontSigner {
  const hashAlgorithm = options.hashAlgorithm ?? 'SHA1';
  if (hashAlgorithm !== 'SHA1' && hashAlgorithm !== 'SHA256') {
    throw new TypeError(`createCloudFrontSigner: hashAlgorithm must be 'SHA1' or 'SHA256', not ${String(hashAlgorithm)}.`);
  }
  const digest = hashAlgorithm === 'SHA256' ? 'sha256' : 'sha1';
  const pairs = 'keyPairs' in options ? options.keyPairs : [options];
  if (!Array.isArray(pairs) || pairs.length === 0) {
    throw new TypeError('createCloudFrontSigner: pass { keyPairId, privateKey } or a non-empty keyPairs list.');
  }
  const keys = new Map<string, KeyObject>();
  const addKeyPair = (pair: CloudFrontKeyPair): void => {
    const id = checkKeyPairId(pair?.keyPairId);
    if (keys.has(id)) throw new Error(`createCloudFrontSigner: key pair ${id} is listed twice.`);
    keys.set(id, toPrivateKey(id, pair.privateKey));
  };
  for (const pair of pairs) addKeyPair(pair);
  let active = ('keyPairs' in options ? options.activeKeyPairId : undefined) ?? checkKeyPairId(pairs[0]?.keyPairId);
  if (!keys.has(active)) {
    throw new Error(`createCloudFrontSigner: activeKeyPairId ${active} is not one of the key pairs (${[...keys.keys()].join(', ')}).`);
  }

  const cacheSize = options.signatureCacheSize ?? 256;
  if (!Number.isInteger(cacheSize) || cacheSize < 0) {
    throw new TypeError(`createCloudFrontSigner: signatureCacheSize must be a whole number (0 to keep none), not ${String(cacheSize)}.`);
  }
  // Keyed by key pair and policy; a Map iterates in insertion order, so the first key is the oldest.
  const signatures = new Map<string, string>();
  const signature = (policyJson: string): string => {
    const key = `${active}\n${policyJson}`;
    const known = signatures.get(key);
    if (known !== undefined) return known;
    const value = encodeCloudFrontBase64(sign(digest, Buffer.from(policyJson), keys.get(active) as KeyObject));
    if (cacheSize > 0) {
      if (signatures.size >= cacheSize) signatures.delete(signatures.keys().next().value as string);
      signatures.set(key, value);
    }
    return value;
  };

  // The parameter order of the AWS SDK signer, so signed URLs compare equal as strings.
  const query = (first: string, policyJson: string): string => {
    let text = `${first}&Key-Pair-Id=${encodeQueryValue(active)}&Signature=${encodeQueryValue(signature(policyJson))}`;
    if (hashAlgorithm === 'SHA256') text += '&Hash-Algorithm=SHA256';
    return text;
  };

  const customPolicy = (resource: string, window: CloudFrontGrantWindow, method: string): string => {
    const policy: CloudFrontPolicy = { resource, dateLessThan: toEpochSeconds(window?.expiresAt, `${method}: expiresAt`) };
    if (window.notBefore !== undefined) {
      policy.dateGreaterThan = toEpochSeconds(window.notBefore, `${method}: notBefore`);
      if (policy.dateGreaterThan >= policy.dateLessThan) {
        throw new RangeError(`${method}: notBefore must be earlier than expiresAt.`);
      }
    }
    if (window.ipAddress !== undefined) policy.sourceIp = normalizeSourceIp(window.ipAddress, `${method}: ipAddress`);
    return buildCloudFrontPolicy(policy);
  };

  const checkResource = (resource: unknown, method: string): string => {
    if (typeof resource !== 'string' || resource.length === 0) {
      throw new TypeError(`${method}: resource must be a URL or URL pattern such as https://cdn.example/media/vod/case-001/*.`);
    }
    return resource;
  };

  return {
    get activeKeyPairId() {
      return active;
    },
    get keyPairIds() {
      return [...keys.keys()];
    },
    signUrl(url, options) {
      const base = encodeUrlLikeAwsSigner(url);
      const resource = options?.resource;
      const canned =
        options?.notBefore === undefined &&
        options?.ipAddress === undefined &&
        (resource === undefined || resource === url || resource === base);
      const separator = base.includes('?') ? '&' : '?';
      if (canned) {
        const expires = toEpochSeconds(options?.expiresAt, 'signUrl: expiresAt');
        return `${base}${separator}${query(`Expires=${expires}`, cannedPolicyJson(base, expires))}`;
      }
      const policyJson = customPolicy(resource === undefined ? base : checkResource(resource, 'signUrl'), options, 'signUrl');
      return `${base}${separator}${query(`Policy=${encodeCloudFrontBase64(policyJson)}`, policyJson)}`;
    },
    signCookies(options) {
      const policyJson = customPolicy(checkResource(options?.resource, 'signCookies'), options, 'signCookies');
      const cookies: CloudFrontSignedCookies = {
        'CloudFront-Policy': encodeCloudFrontBase64(policyJson),
        'CloudFront-Signature': signature(policyJson),
        'CloudFront-Key-Pair-Id': active,
      };
      if (hashAlgorithm === 'SHA256') cookies['CloudFront-Hash-Algorithm'] = 'SHA256';
      return cookies;
    },
    signQuery(options) {
      const resource = checkResource(options?.resource, 'signQuery');
      if (!resource.includes('*')) {
        throw new TypeError(
          `signQuery: resource must be a wildcard pattern such as https://cdn.example/media/vod/case-001/* so the query works on every child URL; use signUrl for a single URL.`,
        );
      }
      const policyJson = customPolicy(resource, options, 'signQuery');
      return query(`Policy=${encodeCloudFrontBase64(policyJson)}`, policyJson);
    },
    addKeyPair,
    useKeyPair(keyPairId) {
      if (!keys.has(keyPairId)) {
        throw new Error(`useKeyPair: ${keyPairId} is not a key pair of this signer; addKeyPair it first.`);
      }
      active = keyPairId;
    },
    removeKeyPair(keyPairId) {
      if (keyPairId === active) throw new Error(`removeKeyPair: ${keyPairId} is signing now; useKeyPair another one first.`);
      keys.delete(keyPairId);
      for (const key of signatures.keys()) if (key.startsWith(`${keyPairId}\n`)) signatures.delete(key);
    },
  };
}

/** Appends a signed query (from `signQuery`) to a URL that may already carry a query of its own. */
export function appendSignedQuery(url: string, signedQuery: string): string {
  const hash = url.indexOf('#');
  const [head, fragment] = hash === -1 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  const separator = !head.includes('?') ? '?' : head.endsWith('?') || head.endsWith('&') ? '' : '&';
  return `${head}${separator}${signedQuery}${fragment}`;
}

/**
 * Epoch seconds, rounded as the AWS SDK signer rounds. Numbers are milliseconds; a number small
 * enough to be seconds is refused, since it would silently mean a date in January 1970.
 */
function toEpochSeconds(value: Date | number | undefined, field: string): number {
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new TypeError(`${field} must be a Date or milliseconds since 1970 (like Date.now()).`);
  }
  if (ms < 1e11) {
    throw new RangeError(`${field} looks like seconds since 1970; pass a Date or milliseconds (like Date.now()).`);
  }
  return Math.round(ms / 1000);
}

function checkKeyPairId(id: unknown): string {
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(id)) {
    throw new TypeError(
      'createCloudFrontSigner: keyPairId must be the id of a CloudFront public key (letters, digits, - or _), e.g. K2JCJMDEHXQW5F.',
    );
  }
  return id;
}

function toPrivateKey(id: string, key: CloudFrontKeyPair['privateKey']): KeyObject {
  let keyObject: KeyObject;
  try {
    keyObject = isKeyObject(key) ? key : createPrivateKey(key);
  } catch {
    // Never include the key material in the message.
    throw new TypeError(`createCloudFrontSigner: privateKey of key pair ${id} is not a PEM private key or a KeyObject.`);
  }
  if (keyObject.type !== 'private' || keyObject.asymmetricKeyType !== 'rsa') {
    throw new TypeError(`createCloudFrontSigner: privateKey of key pair ${id} must be an RSA private key, as CloudFront requires.`);
  }
  return keyObject;
}

function isKeyObject(key: unknown): key is KeyObject {
  return typeof key === 'object' && key !== null && 'asymmetricKeyType' in key && 'export' in key;
}

/** `encodeURIComponent` plus `!'()*`, as the AWS SDK encodes query values. */
function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The URL normalisation of `@aws-sdk/cloudfront-signer`: each path segment is decoded and
 * re-encoded, each query key and value percent-encoded (keeping existing escapes and `+`).
 * CloudFront matches the resource against the URL the player requests, so the signed resource
 * must be the encoded form.
 */
function encodeUrlLikeAwsSigner(url: string): string {
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
    throw new TypeError('signUrl: url must be an absolute http:// or https:// URL.');
  }
  const authorityStart = url.indexOf('//') + 2;
  const pathStart = url.indexOf('/', authorityStart);
  if (pathStart === -1) return url;
  const origin = url.slice(0, pathStart);
  const rest = url.slice(pathStart);
  const q = rest.indexOf('?');
  const rawPath = q === -1 ? rest : rest.slice(0, q);
  const rawQuery = q === -1 ? '' : rest.slice(q + 1);
  const path = rawPath.replace(/[^/]+/g, (segment) => {
    try {
      return encodeURIComponent(decodeURIComponent(segment));
    } catch {
      return encodeURIComponent(segment);
    }
  });
  const pairs = rawQuery
    .split('&')
    .filter((pair) => pair.length > 0)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq === -1 ? pair : pair.slice(0, eq);
      const value = eq === -1 ? '' : pair.slice(eq + 1);
      return `${encodeQueryComponent(key)}=${encodeQueryComponent(value)}`;
    });
  return origin + path + (pairs.length > 0 ? `?${pairs.join('&')}` : '');
}

function encodeQueryComponent(component: string): string {
  return component
    .replace(/[\uD800-\uDFFF]/gu, '\uFFFD')
    .split(/(%[0-9A-Fa-f]{2}|\+)/g)
    .map((part, i) => (i % 2 === 1 ? (part === '+' ? '+' : part.toUpperCase()) : encodeURIComponent(part).replace(/'/g, '%27')))
    .join('');
}
