/**
 * CloudFront in front of everything players and the portal call:
 * - media (`/media/*`, VOD and renders) from the media bucket through origin access control, only
 *   with a signed URL or signed cookies verified against the key group (the public key the API's
 *   grant signer matches);
 * - live (`/out/v1/*`) from MediaPackage v2 through origin access control, signed the same way;
 * - the API (`/api/*`) from the server-kit function URL, never cached; on the same domain as the
 *   media so the grant's Set-Cookie lands where the player's requests go.
 * Playlists and manifests are cached for seconds, segments for a day or more: a live playlist must
 * stay fresh, a segment never changes.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as mediapackagev2 from 'aws-cdk-lib/aws-mediapackagev2';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { Live } from './live.js';

export interface CdnProps {
  media: s3.IBucket;
  logs: s3.IBucket;
  signingPublicKeyPem: string;
  corsOrigins: string[];
  apiUrl: lambda.IFunctionUrl;
  live?: Live;
}

/** The header the edge sets on API requests so that grant URLs name the edge, not the function. */
export const FORWARDED_HOST_HEADER = 'x-forwarded-host';
/**
 * Query parameters a live manifest request carries that change the answer: MediaPackage's
 * time-shift window (docs/guide/aws-live.md, "Time-shift windows") and LL-HLS's blocking playlist
 * reload and delta directives.
 */
export const LIVE_PLAYLIST_QUERY = ['start', 'end', '_HLS_msn', '_HLS_part', '_HLS_skip'] as const;

export class Cdn extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly publicKey: cloudfront.PublicKey;
  readonly keyGroup: cloudfront.KeyGroup;
  readonly playlistCache: cloudfront.CachePolicy;
  readonly livePlaylistCache: cloudfront.CachePolicy;
  readonly segmentCache: cloudfront.CachePolicy;
  readonly cors: cloudfront.ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: CdnProps) {
    super(scope, id);
    this.publicKey = new cloudfront.PublicKey(this, 'SigningKey', { encodedKey: props.signingPublicKeyPem, comment: 'surgery-video playback grants' });
    this.keyGroup = new cloudfront.KeyGroup(this, 'KeyGroup', { items: [this.publicKey], comment: 'surgery-video playback grants' });

    // Signed cookies and signed query parameters are checked before the cache; neither is part of the key.
    this.playlistCache = new cloudfront.CachePolicy(this, 'PlaylistCache', {
      comment: 'HLS playlists and DASH manifests: seconds, so live stays live',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(2),
      maxTtl: Duration.seconds(10),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    // Live manifests also answer clips (`?start=&end=`) and LL-HLS blocking reloads (`?_HLS_msn=`):
    // these must reach MediaPackage and key the cache, or every clip would get the live manifest.
    this.livePlaylistCache = new cloudfront.CachePolicy(this, 'LivePlaylistCache', {
      comment: 'Live manifests: seconds, keyed by the time-shift window',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(2),
      maxTtl: Duration.seconds(10),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.allowList(...LIVE_PLAYLIST_QUERY),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    this.segmentCache = new cloudfront.CachePolicy(this, 'SegmentCache', {
      comment: 'Media segments: immutable once written',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.days(1),
      maxTtl: Duration.days(365),
    });
    this.cors = new cloudfront.ResponseHeadersPolicy(this, 'Cors', {
      comment: 'Players on the portal fetch media with credentials (signed cookies)',
      corsBehavior: {
        accessControlAllowCredentials: true,
        accessControlAllowOrigins: props.corsOrigins,
        accessControlAllowMethods: ['GET', 'HEAD', 'OPTIONS'],
        accessControlAllowHeaders: ['Range', 'Origin', 'Accept', 'Content-Type'],
        accessControlExposeHeaders: ['Content-Length', 'Content-Range', 'Date', 'Age'],
        accessControlMaxAge: Duration.minutes(10),
        originOverride: true,
      },
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });

    const mediaOrigin = origins.S3BucketOrigin.withOriginAccessControl(props.media);
    const signed = (origin: cloudfront.IOrigin, cachePolicy: cloudfront.ICachePolicy): cloudfront.BehaviorOptions => ({
      origin,
      cachePolicy,
      trustedKeyGroups: [this.keyGroup],
      responseHeadersPolicy: this.cors,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
      compress: true,
    });

    const forwardHost = new cloudfront.Function(this, 'ForwardHost', {
      comment: 'Tell the API which host the viewer called',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(
        `function handler(event) { var request = event.request; request.headers['${FORWARDED_HOST_HEADER}'] = { value: request.headers.host.value }; return request; }`,
      ),
    });

    const behaviors: Record<string, cloudfront.BehaviorOptions> = {
      '/api/*': {
        origin: new origins.FunctionUrlOrigin(props.apiUrl),
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        functionAssociations: [{ function: forwardHost, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
    };
    let liveOac: cloudfront.CfnOriginAccessControl | undefined;
    if (props.live) {
      liveOac = new cloudfront.CfnOriginAccessControl(this, 'LiveOriginAccess', {
        originAccessControlConfig: {
          name: `${Stack.of(this).stackName}-mediapackagev2`,
          originAccessControlOriginType: 'mediapackagev2',
          signingBehavior: 'always',
          signingProtocol: 'sigv4',
        },
      });
      const liveOrigin = new origins.HttpOrigin(props.live.egressDomain, { originAccessControlId: liveOac.attrId, protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY });
      // Order matters: CloudFront takes the first pattern that matches.
      behaviors['/out/v1/*.m3u8'] = signed(liveOrigin, this.livePlaylistCache);
      behaviors['/out/v1/*.mpd'] = signed(liveOrigin, this.livePlaylistCache);
      behaviors['/out/v1/*'] = signed(liveOrigin, this.segmentCache);
    }
    behaviors['/media/*.m3u8'] = signed(mediaOrigin, this.playlistCache);
    behaviors['/media/*.mpd'] = signed(mediaOrigin, this.playlistCache);

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'surgery-video: media, live and API',
      defaultBehavior: signed(mediaOrigin, this.segmentCache),
      additionalBehaviors: behaviors,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: props.logs,
      logFilePrefix: 'cloudfront/',
    });

    if (props.live) {
      const endpoint = props.live.endpoint;
      new mediapackagev2.CfnOriginEndpointPolicy(this, 'LiveEndpointPolicy', {
        channelGroupName: endpoint.channelGroupName,
        channelName: endpoint.channelName,
        originEndpointName: endpoint.originEndpointName,
        policy: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'CloudFrontOnly',
              principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
              actions: ['mediapackagev2:GetObject', 'mediapackagev2:GetHeadObject'],
              resources: [endpoint.attrArn],
              conditions: { StringEquals: { 'AWS:SourceArn': this.distribution.distributionArn } },
            }),
          ],
        }).toJSON(),
      }).addResourceDependency(endpoint);
    }
  }
}
