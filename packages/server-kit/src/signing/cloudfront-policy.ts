/**
 * CloudFront's signed-access wire format, and nothing else: the policy JSON, its URL-safe base64,
 * the signing parameters carried in a URL, and resource matching with `*` and `?` wildcards.
 *
 * The signer and the verifier (and so the local edge) share these functions, and production
 * CloudFront reads the same bytes, which is why the JSON is built by hand in CloudFront's key order
 * rather than from whatever object shape is convenient: the signature covers the exact bytes.
 * Everything here is pure; nothing touches keys, clocks or the network.
 */
import { BlockList, isIP } from 'node:net';

/** A custom policy, in CloudFront's terms. Times are epoch seconds, as on the wire. */
export interface CloudFrontPolicy {
  /** The URL pattern the policy grants: `*` matches any run of characters, `?` exactly one. */
  resource: string;
  /** Access ends at this instant (`DateLessThan`). */
  dateLessThan: number;
  /** Access starts after this instant (`DateGreaterThan`). */
  dateGreaterThan?: number;
  /** The client address range allowed, in CIDR form such as `192.0.2.0/24` (`IpAddress`). */
  sourceIp?: string;
}

/** A policy that cannot be read or built. `field` is the JSON path of what is wrong. */
export class CloudFrontPolicyError extends Error {
  readonly field: string;
  constructor(field: string, problem: string) {
    super(`CloudFront policy: ${field} ${problem}`);
    this.name = 'CloudFrontPolicyError';
    this.field = field;
  }
}

/** The query parameters CloudFront reads from a signed URL (and removes before matching a canned resource). */
export const CLOUDFRONT_QUERY_PARAMS = ['Expires', 'Policy', 'Signature', 'Key-Pair-Id', 'Hash-Algorithm'] as const;
export type CloudFrontQueryParam = (typeof CLOUDFRONT_QUERY_PARAMS)[number];

const STATEMENT = 'Statement[0]';
const LESS = `${STATEMENT}.Condition.DateLessThan`;
const GREATER = `${STATEMENT}.Condition.DateGreaterThan`;
const IP = `${STATEMENT}.Condition.IpAddress`;

/** The policy JSON, byte for byte as CloudFront and the AWS SDK signer write it. Throws on a policy CloudFront would refuse. */
export function buildCloudFrontPolicy(policy: CloudFrontPolicy): string {
  checkResource(policy.resource);
  checkEpoch(policy.dateLessThan, `${LESS}.AWS:EpochTime`);
  const condition: Record<string, unknown> = { DateLessThan: { 'AWS:EpochTime': policy.dateLessThan } };
  if (policy.dateGreaterThan !== undefined) {
    checkEpoch(policy.dateGreaterThan, `${GREATER}.AWS:EpochTime`);
    checkWindow(policy.dateGreaterThan, policy.dateLessThan);
    condition['DateGreaterThan'] = { 'AWS:EpochTime': policy.dateGreaterThan };
  }
  if (policy.sourceIp !== undefined) {
    condition['IpAddress'] = { 'AWS:SourceIp': normalizeSourceIp(policy.sourceIp, `${IP}.AWS:SourceIp`) };
  }
  return JSON.stringify({ Statement: [{ Resource: policy.resource, Condition: condition }] });
}

/**
 * The JSON of a canned policy: what CloudFront signs for an `Expires` URL or cookie, with the
 * requested URL (minus the signing parameters) as the resource.
 */
export function cannedPolicyJson(resource: string, dateLessThan: number): string {
  return `{"Statement":[{"Resource":${JSON.stringify(resource)},"Condition":{"DateLessThan":{"AWS:EpochTime":${dateLessThan}}}}]}`;
}

/** Reads and validates a custom policy; throws a CloudFrontPolicyError naming the field at fault. */
export function parseCloudFrontPolicy(json: string | Uint8Array): CloudFrontPolicy {
  let document: unknown;
  try {
    document = JSON.parse(typeof json === 'string' ? json : Buffer.from(json).toString('utf8'));
  } catch {
    throw new CloudFrontPolicyError('(policy)', 'is not valid JSON');
  }
  const root = objectAt(document, '(policy)', ['Statement']);
  const statements = root['Statement'];
  if (!Array.isArray(statements)) throw new CloudFrontPolicyError('Statement', 'must be an array');
  if (statements.length !== 1) {
    throw new CloudFrontPolicyError('Statement', `must hold exactly one statement (it holds ${statements.length})`);
  }
  const statement = objectAt(statements[0], STATEMENT, ['Resource', 'Condition']);
  const resource = statement['Resource'];
  if (resource === undefined) throw new CloudFrontPolicyError(`${STATEMENT}.Resource`, 'is missing');
  if (typeof resource !== 'string') throw new CloudFrontPolicyError(`${STATEMENT}.Resource`, 'must be a string');
  checkResource(resource);
  if (statement['Condition'] === undefined) throw new CloudFrontPolicyError(`${STATEMENT}.Condition`, 'is missing');
  const condition = objectAt(statement['Condition'], `${STATEMENT}.Condition`, [
    'DateLessThan',
    'DateGreaterThan',
    'IpAddress',
  ]);
  if (condition['DateLessThan'] === undefined) throw new CloudFrontPolicyError(LESS, 'is missing (it is required)');
  const policy: CloudFrontPolicy = { resource, dateLessThan: epochAt(condition['DateLessThan'], LESS) };
  if (condition['DateGreaterThan'] !== undefined) {
    policy.dateGreaterThan = epochAt(condition['DateGreaterThan'], GREATER);
    checkWindow(policy.dateGreaterThan, policy.dateLessThan);
  }
  if (condition['IpAddress'] !== undefined) {
    const ip = objectAt(condition['IpAddress'], IP, ['AWS:SourceIp']);
    const sourceIp = ip['AWS:SourceIp'];
    if (typeof sourceIp !== 'string') throw new CloudFrontPolicyError(`${IP}.AWS:SourceIp`, 'must be a CIDR string');
    policy.sourceIp = normalizeSourceIp(sourceIp, `${IP}.AWS:SourceIp`);
  }
  return policy;
}

/** CloudFront's URL-safe base64: standard base64 with `+` -> `-`, `=` -> `_`, `/` -> `~`. */
export function encodeCloudFrontBase64(data: string | Uint8Array): string {
  return Buffer.from(data).toString('base64').replace(/[+=/]/g, toSafe);
}

const SAFE_BASE64 = /^[A-Za-z0-9\-_~]+$/;

/** Decodes CloudFront's URL-safe base64; throws on characters outside its alphabet. */
export function decodeCloudFrontBase64(text: string): Buffer {
  if (!SAFE_BASE64.test(text)) {
    throw new CloudFrontPolicyError('(base64)', 'holds characters outside CloudFront base64 (A-Z a-z 0-9 - _ ~)');
  }
  return Buffer.from(text.replace(/[-_~]/g, fromSafe), 'base64');
}

/**
 * Whether `url` (scheme://host/path?query, signing parameters removed) falls under `resource`.
 * `*` matches any run of characters, including none and including `/` and `?`; `?` matches exactly
 * one character. Everything else matches itself, case-sensitively, as in CloudFront.
 */
export function matchesCloudFrontResource(resource: string, url: string): boolean {
  // Greedy match with one backtrack point: linear for the usual single trailing `*`.
  let p = 0;
  let s = 0;
  let star = -1;
  let mark = 0;
  while (s < url.length) {
    const pc = p < resource.length ? resource.charCodeAt(p) : -1;
    if (pc === 63 /* ? */ || (pc !== 42 && pc === url.charCodeAt(s))) {
      p++;
      s++;
    } else if (pc === 42 /* * */) {
      star = p++;
      mark = s;
    } else if (star !== -1) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < resource.length && resource.charCodeAt(p) === 42) p++;
  return p === resource.length;
}

/** A URL split into the part CloudFront matches and the signing parameters it carried. */
export interface CloudFrontSignedUrlParts {
  /** The URL without the signing parameters (and without a fragment). */
  url: string;
  /** The signing parameters found, percent-decoded; `undefined` when the URL carries none. */
  params: Partial<Record<CloudFrontQueryParam, string>> | undefined;
}

/** Removes CloudFront's signing parameters from a URL and returns them, leaving other parameters as sent. */
export function splitCloudFrontSignedUrl(url: string): CloudFrontSignedUrlParts {
  const hash = url.indexOf('#');
  const withoutHash = hash === -1 ? url : url.slice(0, hash);
  const q = withoutHash.indexOf('?');
  if (q === -1) return { url: withoutHash, params: undefined };
  let params: Partial<Record<CloudFrontQueryParam, string>> | undefined;
  const kept: string[] = [];
  for (const pair of withoutHash.slice(q + 1).split('&')) {
    const eq = pair.indexOf('=');
    const name = eq === -1 ? pair : pair.slice(0, eq);
    if (isSigningParam(name)) {
      params ??= {};
      const raw = eq === -1 ? '' : pair.slice(eq + 1);
      params[name] = raw.includes('%') ? safeDecode(raw) : raw;
    } else {
      kept.push(pair);
    }
  }
  if (!params) return { url: withoutHash, params: undefined };
  const base = withoutHash.slice(0, q);
  return { url: kept.length > 0 ? `${base}?${kept.join('&')}` : base, params };
}

/**
 * A client address range in the CIDR form CloudFront stores: a bare IPv4 address becomes `/32`
 * (as the AWS SDK signer writes it), a bare IPv6 address `/128`. Throws on anything else.
 */
export function normalizeSourceIp(ip: string, field = 'ipAddress'): string {
  const slash = ip.indexOf('/');
  const address = slash === -1 ? ip : ip.slice(0, slash);
  const family = isIP(address);
  if (family === 0) throw new CloudFrontPolicyError(field, `"${ip}" is not an IPv4 or IPv6 address or CIDR range`);
  const max = family === 4 ? 32 : 128;
  if (slash === -1) return `${address}/${max}`;
  const bits = ip.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) {
    throw new CloudFrontPolicyError(field, `"${ip}" has a prefix length outside 0-${max}`);
  }
  return `${address}/${Number(bits)}`;
}

/** A predicate for "is this client address inside the policy's range"; IPv4-mapped IPv6 clients count as IPv4. */
export function createSourceIpMatcher(cidr: string): (clientIp: string | undefined) => boolean {
  const normalized = normalizeSourceIp(cidr);
  const slash = normalized.indexOf('/');
  const address = normalized.slice(0, slash);
  const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
  const list = new BlockList();
  list.addSubnet(address, Number(normalized.slice(slash + 1)), family);
  return (clientIp) => {
    if (!clientIp) return false;
    const ip = clientIp.startsWith('::ffff:') && isIP(clientIp.slice(7)) === 4 ? clientIp.slice(7) : clientIp;
    const ipFamily = isIP(ip);
    if (ipFamily === 0) return false;
    return list.check(ip, ipFamily === 4 ? 'ipv4' : 'ipv6');
  };
}

function isSigningParam(name: string): name is CloudFrontQueryParam {
  return (
    name === 'Signature' ||
    name === 'Key-Pair-Id' ||
    name === 'Policy' ||
    name === 'Expires' ||
    name === 'Hash-Algorithm'
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function toSafe(c: string): string {
  return c === '+' ? '-' : c === '=' ? '_' : '~';
}

function fromSafe(c: string): string {
  return c === '-' ? '+' : c === '_' ? '=' : '/';
}

function objectAt(value: unknown, field: string, allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CloudFrontPolicyError(field, 'must be a JSON object');
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new CloudFrontPolicyError(
        field === '(policy)' ? key : `${field}.${key}`,
        `is not part of a CloudFront policy (expected ${allowed.join(', ')})`,
      );
    }
  }
  return value as Record<string, unknown>;
}

function epochAt(value: unknown, field: string): number {
  const holder = objectAt(value, field, ['AWS:EpochTime']);
  const epoch = holder['AWS:EpochTime'];
  checkEpoch(epoch, `${field}.AWS:EpochTime`);
  return epoch as number;
}

function checkEpoch(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new CloudFrontPolicyError(field, 'must be a positive whole number of seconds since 1970 (a JSON number)');
  }
}

function checkWindow(dateGreaterThan: number, dateLessThan: number): void {
  if (dateGreaterThan >= dateLessThan) {
    throw new CloudFrontPolicyError(GREATER, 'must be earlier than DateLessThan');
  }
}

function checkResource(resource: string): void {
  if (typeof resource !== 'string' || resource.length === 0) {
    throw new CloudFrontPolicyError(`${STATEMENT}.Resource`, 'must be a non-empty URL or URL pattern');
  }
}
