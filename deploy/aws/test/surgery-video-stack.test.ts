/**
 * Assertions on the synthesized template of the whole stack. One synth for the file (a synth
 * bundles the Lambda code and takes seconds); everything offline, no lookups.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { reviewWorkflowDefinitionPath } from '@surgery-video/server-kit';
import { BUNDLE_MODULE, bundledCode } from '../src/lambda-bundle.js';
import { readConfig } from '../src/stack-config.js';
import { SurgeryVideoStack } from '../src/surgery-video-stack.js';

process.env['CDK_DISABLE_VERSION_CHECK'] = '1';

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };
let template: Template;
let resources: Record<string, Resource>;
let outdir: string;
let missingContext: unknown;

const publicKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const one = (type: string): [string, Resource] => {
  const found = ofType(type);
  assert.equal(found.length, 1, `one ${type}`);
  return found[0]!;
};
const logicalIdOf = (type: string, match: (r: Resource) => boolean): string => {
  const found = ofType(type).filter(([, r]) => match(r));
  assert.equal(found.length, 1, `one ${type} matching`);
  return found[0]![0];
};
/** Every IAM statement attached to a role (inline policies), by role logical id. */
const statementsOf = (roleId: string): Array<Record<string, any>> =>
  ofType('AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties['Roles'] as Array<{ Ref: string }>).some((r) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties['PolicyDocument'].Statement as Array<Record<string, any>>);
const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const refsIn = (value: unknown): string[] => (JSON.stringify(value) ?? "").match(/"(Ref|Fn::GetAtt)":\[?"([A-Za-z0-9]+)"/g)?.map((m) => m.replace(/.*"([A-Za-z0-9]+)"$/, '$1')) ?? [];

before(() => {
  const app = new App({
    context: {
      signingPublicKey: publicKeyPem,
      portalJwksUrl: 'https://portal.example/.well-known/jwks.json',
      portalIssuer: 'https://portal.example',
      portalAudience: 'surgery-video',
      corsOrigins: 'https://portal.example,https://lms.example',
      liveInput: 'rtmp:203.0.113.0/24',
      startoverWindowSeconds: '7200',
    },
  });
  const stack = new SurgeryVideoStack(app, 'SurgeryVideoTest', {
    config: readConfig(app.node),
    apiCode: { code: bundledCode('api-function'), handler: `${BUNDLE_MODULE}.handler` },
    activitiesCode: { code: bundledCode('review-activities-function'), handler: `${BUNDLE_MODULE}.handler` },
  });
  template = Template.fromStack(stack);
  resources = template.toJSON()['Resources'];
  outdir = app.outdir;
  missingContext = app.synth().manifest.missing;
});

describe('storage', () => {
  it('has three buckets, each encrypted, versioned, with all public access blocked and a TLS-only policy', () => {
    const buckets = ofType('AWS::S3::Bucket');
    assert.equal(buckets.length, 3);
    for (const [id, bucket] of buckets) {
      const sse = bucket.Properties['BucketEncryption'].ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault;
      assert.ok(['aws:kms', 'AES256'].includes(sse.SSEAlgorithm), `${id} encrypted`);
      assert.deepEqual(bucket.Properties['VersioningConfiguration'], { Status: 'Enabled' });
      assert.deepEqual(bucket.Properties['PublicAccessBlockConfiguration'], { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => p.Properties['Bucket'].Ref === id);
      assert.ok(policy, `${id} has a bucket policy`);
      const denyPlain = (policy[1].Properties['PolicyDocument'].Statement as Array<Record<string, any>>).find(
        (s) => s['Effect'] === 'Deny' && s['Condition']?.Bool?.['aws:SecureTransport'] === 'false',
      );
      assert.ok(denyPlain, `${id} refuses plain HTTP`);
      assert.equal(denyPlain['Principal'].AWS, '*');
    }
  });

  it('encrypts media and data with the rotating customer key, and logs their access', () => {
    const [keyId, key] = one('AWS::KMS::Key');
    assert.equal(key.Properties['EnableKeyRotation'], true);
    const kmsBuckets = ofType('AWS::S3::Bucket').filter(([, b]) => b.Properties['BucketEncryption'].ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm === 'aws:kms');
    assert.equal(kmsBuckets.length, 2);
    for (const [, bucket] of kmsBuckets) {
      assert.deepEqual(refsIn(bucket.Properties['BucketEncryption']), [keyId]);
      assert.ok(bucket.Properties['LoggingConfiguration']?.DestinationBucketName, 'server access logs on');
    }
  });
});

describe('cdn', () => {
  it('lets media and live be fetched only with a signature from the key group holding the given public key', () => {
    const [keyId, key] = one('AWS::CloudFront::PublicKey');
    assert.equal(key.Properties['PublicKeyConfig'].EncodedKey, publicKeyPem.trim());
    const [groupId, group] = one('AWS::CloudFront::KeyGroup');
    assert.deepEqual(group.Properties['KeyGroupConfig'].Items, [{ Ref: keyId }]);
    const config = one('AWS::CloudFront::Distribution')[1].Properties['DistributionConfig'];
    const behaviours = [{ PathPattern: '(default)', ...config.DefaultCacheBehavior }, ...config.CacheBehaviors];
    const media = behaviours.filter((b) => b.PathPattern !== '/api/*');
    assert.deepEqual(media.map((b) => b.PathPattern), ['(default)', '/out/v1/*.m3u8', '/out/v1/*.mpd', '/out/v1/*', '/media/*.m3u8', '/media/*.mpd']);
    for (const behaviour of media) {
      assert.deepEqual(behaviour.TrustedKeyGroups, [{ Ref: groupId }], `${behaviour.PathPattern} needs a signature`);
      assert.equal(behaviour.ViewerProtocolPolicy, 'https-only');
    }
    const api = behaviours.find((b) => b.PathPattern === '/api/*');
    assert.equal(api.TrustedKeyGroups, undefined, 'the API authenticates its own callers');
  });

  it('reaches the media bucket and MediaPackage through origin access control, never publicly', () => {
    const config = one('AWS::CloudFront::Distribution')[1].Properties['DistributionConfig'];
    const oacs = ofType('AWS::CloudFront::OriginAccessControl');
    const s3Oac = oacs.find(([, o]) => o.Properties['OriginAccessControlConfig'].OriginAccessControlOriginType === 's3')!;
    const mpOac = oacs.find(([, o]) => o.Properties['OriginAccessControlConfig'].OriginAccessControlOriginType === 'mediapackagev2')!;
    assert.ok(s3Oac && mpOac);
    const mediaBucket = logicalIdOf('AWS::S3::Bucket', (b) => b.Properties['LoggingConfiguration']?.LogFilePrefix === 'media/');
    const s3Origin = config.Origins.find((o: any) => refsIn(o.DomainName).includes(mediaBucket));
    assert.deepEqual(refsIn(s3Origin.OriginAccessControlId), [s3Oac[0]]);
    assert.equal(s3Origin.S3OriginConfig.OriginAccessIdentity, '');
    const mpOrigin = config.Origins.find((o: any) => refsIn(o.OriginAccessControlId).includes(mpOac[0]));
    assert.ok(mpOrigin, 'the live origin signs with its OAC');
    const mediaPolicy = ofType('AWS::S3::BucketPolicy').find(([, p]) => p.Properties['Bucket'].Ref === mediaBucket)![1];
    const cloudfrontRead = (mediaPolicy.Properties['PolicyDocument'].Statement as Array<Record<string, any>>).find((s) => s['Principal']?.Service === 'cloudfront.amazonaws.com');
    assert.equal(cloudfrontRead!['Action'], 's3:GetObject');
    assert.ok(cloudfrontRead!['Condition'].StringEquals['AWS:SourceArn'], 'only this distribution');
    const endpointPolicies = ofType('AWS::MediaPackageV2::OriginEndpointPolicy');
    assert.equal(endpointPolicies.length, 1);
    for (const [, policy] of endpointPolicies) {
      const statement = policy.Properties['Policy'].Statement[0];
      assert.equal(statement.Principal.Service, 'cloudfront.amazonaws.com');
      assert.ok(statement.Condition.StringEquals['AWS:SourceArn']);
    }
  });

  it('caches playlists for seconds and segments for a day, and allows credentialed CORS for the portal origins only', () => {
    const config = one('AWS::CloudFront::Distribution')[1].Properties['DistributionConfig'];
    const policies = Object.fromEntries(ofType('AWS::CloudFront::CachePolicy').map(([id, p]) => [id, p.Properties['CachePolicyConfig']]));
    const ttlOf = (behaviour: any) => policies[behaviour.CachePolicyId.Ref];
    const playlist = config.CacheBehaviors.find((b: any) => b.PathPattern === '/out/v1/*.m3u8');
    const segment = config.CacheBehaviors.find((b: any) => b.PathPattern === '/out/v1/*');
    assert.ok(ttlOf(playlist).MaxTTL <= 10 && ttlOf(playlist).DefaultTTL <= 2);
    assert.ok(ttlOf(segment).DefaultTTL >= 86400);
    const liveKey = ttlOf(playlist).ParametersInCacheKeyAndForwardedToOrigin.QueryStringsConfig;
    assert.equal(liveKey.QueryStringBehavior, 'whitelist');
    for (const name of ['start', 'end', '_HLS_msn', '_HLS_part']) assert.ok(liveKey.QueryStrings.includes(name), `live manifests are keyed by ${name}`);
    const vodPlaylist = config.CacheBehaviors.find((b: any) => b.PathPattern === '/media/*.m3u8');
    assert.equal(ttlOf(vodPlaylist).ParametersInCacheKeyAndForwardedToOrigin.QueryStringsConfig.QueryStringBehavior, 'none', 'signed query parameters never split the VOD cache');
    assert.deepEqual(ttlOf(config.DefaultCacheBehavior), ttlOf(segment));
    const [corsId, cors] = one('AWS::CloudFront::ResponseHeadersPolicy');
    const corsConfig = cors.Properties['ResponseHeadersPolicyConfig'].CorsConfig;
    assert.equal(corsConfig.AccessControlAllowCredentials, true);
    assert.deepEqual(corsConfig.AccessControlAllowOrigins.Items, ['https://portal.example', 'https://lms.example']);
    assert.equal(config.DefaultCacheBehavior.ResponseHeadersPolicyId.Ref, corsId);
  });

  it('refuses a wildcard or plain-http CORS origin, and a key that is not a PEM public key, naming the context key', () => {
    const attempt = (context: Record<string, string>) => () =>
      readConfig(new App({ context: { signingPublicKey: publicKeyPem, portalJwksUrl: 'https://p.example/jwks', portalIssuer: 'i', portalAudience: 'a', corsOrigins: 'https://p.example', ...context } }).node);
    assert.throws(attempt({ corsOrigins: '*' }), /Context "corsOrigins": "\*" is not an https origin/);
    assert.throws(attempt({ corsOrigins: 'http://p.example' }), /not an https origin/);
    assert.throws(attempt({ signingPublicKey: 'not a key' }), /Context "signingPublicKey" is not a PEM public key/);
    assert.throws(attempt({ liveInput: 'rtmp:0.0.0.0' }), /Context "liveInput" must be/);
    assert.throws(attempt({ portalJwksUrl: '' }), /Context "portalJwksUrl" is missing/);
    assert.throws(attempt({ portalJwksUrl: 'http://p.example/jwks' }), /Context "portalJwksUrl" must be an https URL/);
    assert.throws(attempt({ portalClaimMapping: '["org"]' }), /Context "portalClaimMapping" must be a JSON object/);
    assert.equal(attempt({})().live, undefined, 'no live channel unless asked for');
  });
});

describe('live', () => {
  it('packages one CMAF endpoint as HLS, low-latency HLS and low-delay DASH, with the startover window', () => {
    const [, endpoint] = one('AWS::MediaPackageV2::OriginEndpoint');
    const props = endpoint.Properties;
    assert.equal(props['OriginEndpointName'], 'cmaf-dvr');
    assert.equal(props['ContainerType'], 'CMAF');
    assert.equal(props['StartoverWindowSeconds'], 7200);
    assert.deepEqual(props['HlsManifests'].map((m: any) => m.ManifestName), ['index']);
    const ll = props['LowLatencyHlsManifests'];
    assert.deepEqual(ll.map((m: any) => m.ManifestName), ['ll']);
    assert.ok(ll[0].ProgramDateTimeIntervalSeconds > 0, 'program-date-time for the latency readout');
    const dash = props['DashManifests'][0];
    assert.equal(dash.ManifestName, 'dash');
    assert.equal(dash.UtcTiming.TimingMode, 'UTC_DIRECT');
    assert.ok(dash.SuggestedPresentationDelaySeconds <= 3 && dash.MinBufferTimeSeconds <= 2);
  });

  it('lets MediaPackage harvest into media/vod/ of the media bucket only, for this account', () => {
    const mediaBucket = logicalIdOf('AWS::S3::Bucket', (b) => b.Properties['LoggingConfiguration']?.LogFilePrefix === 'media/');
    const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => p.Properties['Bucket'].Ref === mediaBucket)![1];
    const harvest = (policy.Properties['PolicyDocument'].Statement as Array<Record<string, any>>).find((s) => s['Sid'] === 'MediaPackageHarvest')!;
    assert.equal(harvest['Principal'].Service, 'mediapackagev2.amazonaws.com');
    assert.equal(harvest['Action'], 's3:PutObject');
    assert.match(JSON.stringify(harvest['Resource']), /\/media\/vod\/\*"/);
    assert.deepEqual(harvest['Condition'].StringEquals, { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
  });

  it('feeds the MediaLive channel into the MediaPackage v2 channel, with a role that may push there only', () => {
    const [, packager] = one('AWS::MediaPackageV2::Channel');
    const [channelId, channel] = one('AWS::MediaLive::Channel');
    const destination = channel.Properties['Destinations'][0];
    assert.deepEqual(destination.MediaPackageSettings, [{ ChannelGroup: packager.Properties['ChannelGroupName'], ChannelName: packager.Properties['ChannelName'] }]);
    const group = channel.Properties['EncoderSettings'].OutputGroups[0];
    assert.equal(group.OutputGroupSettings.MediaPackageGroupSettings.Destination.DestinationRefId, destination.Id);
    assert.equal(channel.Properties['InputAttachments'][0].InputId.Ref, one('AWS::MediaLive::Input')[0]);
    assert.equal(one('AWS::MediaLive::InputSecurityGroup')[1].Properties['WhitelistRules'][0].Cidr, '203.0.113.0/24');
    const roleId = channel.Properties['RoleArn']['Fn::GetAtt'][0];
    const statements = statementsOf(roleId);
    assert.deepEqual(statements.map((s) => s['Action']), ['mediapackagev2:PutObject']);
    assert.deepEqual(refsIn(statements[0]!['Resource']), [one('AWS::MediaPackageV2::Channel')[0]]);
    assert.ok(channelId);
  });
});

describe('render', () => {
  it('gives MediaConvert a role that reads and writes the media bucket and nothing else', () => {
    const roleId = logicalIdOf('AWS::IAM::Role', (r) => r.Properties['AssumeRolePolicyDocument'].Statement[0].Principal.Service === 'mediaconvert.amazonaws.com');
    const mediaBucket = logicalIdOf('AWS::S3::Bucket', (b) => b.Properties['LoggingConfiguration']?.LogFilePrefix === 'media/');
    const [keyId] = one('AWS::KMS::Key');
    const statements = statementsOf(roleId);
    assert.ok(statements.length > 0);
    for (const statement of statements) {
      const targets = new Set(asList(statement['Resource']).flatMap(refsIn));
      assert.ok([...targets].every((t) => t === mediaBucket || t === keyId), `only the media bucket and its key: ${JSON.stringify(statement['Resource'])}`);
      assert.ok(!asList(statement['Action']).some((a: string) => a === '*' || a === 's3:*'));
    }
    assert.ok(statements.some((s) => asList(s['Action']).includes('s3:PutObject')));
    assert.equal(one('AWS::MediaConvert::Queue')[1].Properties['PricingPlan'], 'ON_DEMAND');
  });

  it('sends the end of every render on the stack\'s queue to the activities function', () => {
    const [, rule] = one('AWS::Events::Rule');
    const [queueId] = one('AWS::MediaConvert::Queue');
    const pattern = rule.Properties['EventPattern'];
    assert.deepEqual(pattern['source'], ['aws.mediaconvert']);
    assert.deepEqual(pattern['detail-type'], ['MediaConvert Job State Change']);
    assert.deepEqual(pattern.detail.status, ['COMPLETE', 'ERROR', 'CANCELED']);
    assert.deepEqual(refsIn(pattern.detail.queue), [queueId]);
    const activitiesId = logicalIdOf('AWS::Lambda::Function', (f) => f.Properties['Description'] === 'surgery-video review workflow activities');
    assert.deepEqual(refsIn(rule.Properties['Targets'][0].Arn), [activitiesId]);
  });
});

describe('workflow', () => {
  it('deploys the shipped ASL as it is, with the activities function substituted', () => {
    const [, machine] = one('AWS::StepFunctions::StateMachine');
    const shipped = readFileSync(reviewWorkflowDefinitionPath(), 'utf8');
    assert.equal(machine.Properties['DefinitionString'], shipped, 'byte for byte');
    assert.deepEqual(JSON.parse(machine.Properties['DefinitionString']), JSON.parse(shipped));
    const activitiesId = logicalIdOf('AWS::Lambda::Function', (f) => f.Properties['Description'] === 'surgery-video review workflow activities');
    assert.deepEqual(machine.Properties['DefinitionSubstitutions'], { ReviewActivitiesFunctionArn: { 'Fn::GetAtt': [activitiesId, 'Arn'] } });
    const placeholders = new Set(shipped.match(/\$\{[A-Za-z]+\}/g));
    assert.deepEqual([...placeholders], ['${ReviewActivitiesFunctionArn}'], 'every placeholder has a substitution');
    assert.equal(machine.Properties['LoggingConfiguration'].Level, 'ALL');
    assert.equal(machine.Properties['LoggingConfiguration'].IncludeExecutionData, false);
    assert.equal(machine.Properties['TracingConfiguration'].Enabled, true);
  });

  it('lets the activities function start renders on the stack\'s queue as its role, and answer this state machine\'s tasks only', () => {
    const [, fn] = ofType('AWS::Lambda::Function').find(([, f]) => f.Properties['Description'] === 'surgery-video review workflow activities')!;
    const statements = statementsOf(fn.Properties['Role']['Fn::GetAtt'][0]);
    const byAction = (action: string) => statements.filter((s) => asList(s['Action']).includes(action));
    const [queueId] = one('AWS::MediaConvert::Queue');
    assert.deepEqual(byAction('mediaconvert:CreateJob').flatMap((s) => asList(s['Resource']).flatMap(refsIn)), [queueId]);
    assert.match(JSON.stringify(byAction('mediaconvert:GetJob')[0]!['Resource']), /:jobs\/\*"/);
    const renderRole = logicalIdOf('AWS::IAM::Role', (r) => r.Properties['AssumeRolePolicyDocument'].Statement[0].Principal.Service === 'mediaconvert.amazonaws.com');
    assert.deepEqual(byAction('iam:PassRole').flatMap((s) => asList(s['Resource']).flatMap(refsIn)), [renderRole]);
    const [, machine] = one('AWS::StepFunctions::StateMachine');
    const answer = byAction('states:SendTaskSuccess');
    assert.equal(answer.length, 1);
    assert.match(JSON.stringify(answer[0]!['Resource']), new RegExp(`:stateMachine:${machine.Properties['StateMachineName']}"`));
  });

  it('lets the state machine invoke the activities function only', () => {
    const [, machine] = one('AWS::StepFunctions::StateMachine');
    const roleId = machine.Properties['RoleArn']['Fn::GetAtt'][0];
    const activitiesId = logicalIdOf('AWS::Lambda::Function', (f) => f.Properties['Description'] === 'surgery-video review workflow activities');
    const invoke = statementsOf(roleId).filter((s) => asList(s['Action']).includes('lambda:InvokeFunction'));
    assert.equal(invoke.length, 1);
    assert.deepEqual([...new Set(asList(invoke[0]!['Resource']).flatMap(refsIn))], [activitiesId]);
  });
});

describe('api', () => {
  it('runs server-kit on Node 22 with the bundled handler, behind a buffered Function URL', () => {
    const [apiId, api] = ofType('AWS::Lambda::Function').find(([, f]) => f.Properties['Description'] === 'surgery-video HTTP API (server-kit)')!;
    assert.match(api.Properties['Runtime'], /^nodejs(2[0-9]|[3-9][0-9])\.x$/);
    assert.equal(api.Properties['Handler'], 'index.handler');
    for (const name of ['DATA_BUCKET', 'STATE_MACHINE_ARN', 'PORTAL_JWKS_URL', 'PORTAL_ISSUER', 'PORTAL_AUDIENCE', 'CLOUDFRONT_KEY_PAIR_ID']) {
      assert.ok(api.Properties['Environment'].Variables[name], `${name} set`);
    }
    const [, url] = one('AWS::Lambda::Url');
    assert.equal(url.Properties['TargetFunctionArn']['Fn::GetAtt'][0], apiId);
    assert.equal(url.Properties['InvokeMode'], 'BUFFERED');
  });

  it('may start executions of this state machine and end their waits (no heartbeats), nothing else', () => {
    const [apiId, api] = ofType('AWS::Lambda::Function').find(([, f]) => f.Properties['Description'] === 'surgery-video HTTP API (server-kit)')!;
    assert.ok(apiId);
    const roleId = api.Properties['Role']['Fn::GetAtt'][0];
    const [machineId] = one('AWS::StepFunctions::StateMachine');
    const states = statementsOf(roleId).filter((s) => asList(s['Action']).some((a: string) => a.startsWith('states:')));
    const actions = states.flatMap((s) => asList(s['Action'])).sort();
    assert.deepEqual(actions, ['states:SendTaskFailure', 'states:SendTaskSuccess', 'states:StartExecution']);
    for (const statement of states) assert.deepEqual(asList(statement['Resource']).flatMap(refsIn), [machineId]);
    const everything = statementsOf(roleId).flatMap((s) => asList(s['Action']));
    assert.ok(!everything.some((a: string) => a === '*' || a.endsWith(':*')), 'no wildcard actions');
    const dataBucket = logicalIdOf('AWS::S3::Bucket', (b) => b.Properties['LoggingConfiguration']?.LogFilePrefix === 'data/');
    const objectScopes = statementsOf(roleId)
      .filter((s) => asList(s['Action']).some((a: string) => a.startsWith('s3:')))
      .flatMap((s) => asList(s['Resource']))
      .map((r) => JSON.stringify(r))
      .filter((r) => r.includes('Fn::Join'));
    assert.ok(objectScopes.length > 0 && objectScopes.every((r) => r.includes(dataBucket)), `the data bucket only: ${objectScopes.join(' ')}`);
    // What each object prefix of the data bucket allows, from every S3 statement of the role.
    const byPrefix = new Map<string, Set<string>>();
    for (const statement of statementsOf(roleId).filter((s) => asList(s['Action']).some((a: string) => a.startsWith('s3:')))) {
      for (const resource of asList(statement['Resource'])) {
        const prefix = /"\/([^"]*)\*"/.exec(JSON.stringify(resource))?.[1];
        if (prefix === undefined) continue;
        const actions = byPrefix.get(prefix) ?? new Set<string>();
        for (const action of asList(statement['Action'])) actions.add(action);
        byPrefix.set(prefix, actions);
      }
    }
    assert.deepEqual([...byPrefix.keys()].sort(), ['audit/', 'config/', 'tenants/*/edits/', 'tenants/*/jobs/', 'tenants/*/publications/', 'tenants/*/workflow/task-tokens/']);
    const may = (prefix: string, action: string) => byPrefix.get(prefix)!.has(action);
    for (const prefix of byPrefix.keys()) assert.ok(may(prefix, 's3:GetObject*'), `reads ${prefix}`);
    for (const prefix of ['audit/', 'tenants/*/edits/', 'tenants/*/publications/']) assert.ok(may(prefix, 's3:PutObject'), `writes ${prefix}`);
    for (const prefix of ['config/', 'tenants/*/jobs/', 'tenants/*/workflow/task-tokens/']) assert.ok(!may(prefix, 's3:PutObject'), `never writes ${prefix}: the operator and the review function do`);
    assert.ok(may('tenants/*/workflow/task-tokens/', 's3:DeleteObject*'), 'removes a task token once its wait is ended');
    assert.ok(!may('config/', 's3:DeleteObject*') && !may('tenants/*/jobs/', 's3:DeleteObject*'));
  });

  it('ships each function its own bundle, with server-kit inside', () => {
    const bundleOf = (description: string): string => {
      const [, fn] = ofType('AWS::Lambda::Function').find(([, f]) => f.Properties['Description'] === description)!;
      const hash = String(fn.Properties['Code'].S3Key).replace(/\.zip$/, '');
      const bundle = join(outdir, `asset.${hash}`, `${BUNDLE_MODULE}.mjs`);
      assert.ok(existsSync(bundle), `${description}: ${bundle}`);
      return readFileSync(bundle, 'utf8');
    };
    const api = bundleOf('surgery-video HTTP API (server-kit)');
    const activities = bundleOf('surgery-video review workflow activities');
    assert.notEqual(api, activities);
    assert.match(api, /export\s*\{[^}]*\bhandler\b/);
    assert.ok(api.includes('PORTAL_JWKS_URL') && api.includes('x-forwarded-host'), 'the API entry');
    assert.ok(api.includes('streaming-unsupported'), 'server-kit\'s Lambda adapter is bundled in');
    assert.ok(api.includes('config/users.json') && api.includes('AWSStepFunctions') && api.includes('/specialists'), 'the review API on Step Functions, with its user directory');
    assert.ok(!/from\s*["']@surgery-video\//.test(api), 'nothing is imported from the workspace at run time');
    assert.ok(activities.includes('MEDIACONVERT_ROLE_ARN') && activities.includes('aws.mediaconvert'), 'the review function entry, with its MediaConvert events path');
  });
});

describe('template', () => {
  it('synthesizes offline: no lookup asked the account for context', () => {
    assert.equal(missingContext, undefined);
    assert.equal(template.toJSON()['Parameters']?.['BootstrapVersion']?.Type, 'AWS::SSM::Parameter::Value<String>', 'only the standard bootstrap check');
  });
});
