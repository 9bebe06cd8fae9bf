/**
 * The whole pipeline in one stack: storage, render, live, review workflow, API and the CDN in
 * front. Each concern is its own construct; this file only connects them and names the outputs
 * an operator (and the smoke script, deploy/aws/smoke/) needs.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { Api } from './api.js';
import { Cdn } from './cdn.js';
import { Live } from './live.js';
import { Render } from './render.js';
import type { SurgeryVideoConfig } from './stack-config.js';
import { Storage } from './storage.js';
import { Workflow } from './workflow.js';

/** Where harvested live windows land in the media bucket: CloudFront serves them as `/media/vod/<asset>/`. */
export const HARVEST_PREFIX = 'media/vod/';

export interface FunctionCode {
  code: lambda.Code;
  handler: string;
}

export interface SurgeryVideoStackProps extends StackProps {
  config: SurgeryVideoConfig;
  apiCode: FunctionCode;
  activitiesCode: FunctionCode;
}

export class SurgeryVideoStack extends Stack {
  readonly storage: Storage;
  readonly render: Render;
  readonly live?: Live;
  readonly workflow: Workflow;
  readonly api: Api;
  readonly cdn: Cdn;

  constructor(scope: Construct, id: string, props: SurgeryVideoStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.storage = new Storage(this, 'Storage');
    this.render = new Render(this, 'Render', { media: this.storage.media });
    if (config.live) {
      this.live = new Live(this, 'Live', { input: config.live, startoverWindowSeconds: config.startoverWindowSeconds });
      this.allowHarvest(this.live);
    }
    this.workflow = new Workflow(this, 'Workflow', {
      activitiesCode: props.activitiesCode.code,
      activitiesHandler: props.activitiesCode.handler,
      data: this.storage.data,
      media: this.storage.media,
    });
    this.api = new Api(this, 'Api', {
      code: props.apiCode.code,
      handler: props.apiCode.handler,
      data: this.storage.data,
      stateMachine: this.workflow.stateMachine,
      portal: config.portal,
      corsOrigins: config.corsOrigins,
    });
    this.cdn = new Cdn(this, 'Cdn', {
      media: this.storage.media,
      logs: this.storage.logs,
      signingPublicKeyPem: config.signingPublicKeyPem,
      corsOrigins: config.corsOrigins,
      apiUrl: this.api.url,
      ...(this.live ? { live: this.live } : {}),
    });
    this.api.setKeyPairId(this.cdn.publicKey.publicKeyId);

    // A render's end (complete, error, canceled) reaches the activities function, which answers the
    // Render step's task token kept in the job's user metadata.
    new events.Rule(this, 'RenderJobEnded', {
      description: 'MediaConvert jobs of this stack that complete or fail',
      eventPattern: {
        source: ['aws.mediaconvert'],
        detailType: ['MediaConvert Job State Change'],
        detail: { status: ['COMPLETE', 'ERROR', 'CANCELED'], queue: [this.render.queue.attrArn] },
      },
      targets: [new targets.LambdaFunction(this.workflow.activities)],
    });
    this.workflow.activities.addEnvironment('MEDIACONVERT_ROLE_ARN', this.render.role.roleArn);
    this.workflow.activities.addEnvironment('MEDIACONVERT_QUEUE_ARN', this.render.queue.attrArn);
    this.render.role.grantPassRole(this.workflow.activities.grantPrincipal);
    this.workflow.activities.addToRolePolicy(new iam.PolicyStatement({ actions: ['mediaconvert:CreateJob'], resources: [this.render.queue.attrArn] }));
    this.workflow.activities.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['mediaconvert:GetJob'], resources: [this.formatArn({ service: 'mediaconvert', resource: 'jobs', resourceName: '*' })] }),
    );

    this.outputs();
  }

  /** MediaPackage writes harvested live windows itself, as recorded assets under `media/vod/`. */
  private allowHarvest(live: Live): void {
    const conditions = {
      StringEquals: { 'aws:SourceAccount': this.account },
      ArnLike: { 'aws:SourceArn': `${live.channelGroup.attrArn}/*` },
    };
    const mediapackage = new iam.ServicePrincipal('mediapackagev2.amazonaws.com');
    this.storage.media.addToResourcePolicy(
      new iam.PolicyStatement({ sid: 'MediaPackageHarvest', principals: [mediapackage], actions: ['s3:PutObject'], resources: [this.storage.media.arnForObjects(`${HARVEST_PREFIX}*`)], conditions }),
    );
    this.storage.media.addToResourcePolicy(
      new iam.PolicyStatement({ sid: 'MediaPackageHarvestLocation', principals: [mediapackage], actions: ['s3:GetBucketLocation'], resources: [this.storage.media.bucketArn], conditions }),
    );
    this.storage.key.addToResourcePolicy(
      new iam.PolicyStatement({ sid: 'MediaPackageHarvestEncrypt', principals: [mediapackage], actions: ['kms:GenerateDataKey'], resources: ['*'], conditions }),
    );
  }

  private outputs(): void {
    const output = (name: string, value: string, description: string) => new CfnOutput(this, name, { value, description });
    output('EdgeUrl', `https://${this.cdn.distribution.distributionDomainName}`, 'CloudFront: players, media, live and /api/v1');
    output('DistributionId', this.cdn.distribution.distributionId, 'CloudFront distribution');
    output('KeyPairId', this.cdn.publicKey.publicKeyId, 'CloudFront public key id: the signer\'s key pair id');
    output('MediaBucket', this.storage.media.bucketName, 'Media: sources, renders, archives (KMS)');
    output('DataBucket', this.storage.data.bucketName, 'Data: edits, reviews, audit, config/ (KMS)');
    output('StateMachineArn', this.workflow.stateMachine.stateMachineArn, 'Review workflow');
    output('MediaConvertRoleArn', this.render.role.roleArn, 'Role MediaConvert jobs run as');
    output('MediaConvertQueueArn', this.render.queue.attrArn, 'Queue for renders');
    output('ApiFunctionUrl', this.api.url.url, 'Direct Function URL (prefer EdgeUrl)');
    if (this.live) {
      output('LiveChannelId', this.live.channel.ref, 'MediaLive channel (created stopped)');
      output('LiveInputId', this.live.input.ref, 'MediaLive input');
      output('LiveChannelGroup', this.live.endpoint.channelGroupName, 'MediaPackage v2 channel group');
      output('LiveChannel', this.live.endpoint.channelName, 'MediaPackage v2 channel');
      output('LiveOriginEndpoint', this.live.endpoint.originEndpointName, 'MediaPackage v2 origin endpoint (HLS index, LL-HLS ll, DASH dash)');
    }
  }
}
