/**
 * The live path: an operating-room feed (AWS Elemental Link, or RTMP from an encoder such as OBS)
 * -> a MediaLive channel -> a MediaPackage v2 channel -> one CMAF origin endpoint with HLS,
 * low-latency HLS and low-delay DASH manifests and a startover window, so that viewers can rewind
 * (DVR) and clip without leaving live. CloudFront reaches the endpoints through origin access control (see cdn.ts); the
 * endpoint policy that lets it is added there, once the distribution exists.
 *
 * The channel is created stopped: MediaLive bills while a channel runs, so operators start it for
 * a procedure (console, CLI, or the server-kit MediaLive adapter) and stop it after.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as medialive from 'aws-cdk-lib/aws-medialive';
import * as mediapackagev2 from 'aws-cdk-lib/aws-mediapackagev2';
import { Construct } from 'constructs';
import type { LiveInputConfig } from './stack-config.js';

export interface LiveProps {
  input: LiveInputConfig;
  startoverWindowSeconds: number;
}

/** Segment length of the CMAF endpoint; LL-HLS adds its parts inside each segment. */
export const LIVE_SEGMENT_SECONDS = 2;
export const LIVE_ENDPOINT_NAME = 'cmaf-dvr';

export class Live extends Construct {
  readonly channelGroup: mediapackagev2.CfnChannelGroup;
  readonly packagerChannel: mediapackagev2.CfnChannel;
  readonly endpoint: mediapackagev2.CfnOriginEndpoint;
  readonly input: medialive.CfnInput;
  readonly channel: medialive.CfnChannel;
  readonly role: iam.Role;
  /** The egress domain of the channel group, CloudFront's origin for live. */
  readonly egressDomain: string;

  constructor(scope: Construct, id: string, props: LiveProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;
    const groupName = `${stackName}-live`;
    const channelName = 'operating-rooms';

    this.channelGroup = new mediapackagev2.CfnChannelGroup(this, 'ChannelGroup', { channelGroupName: groupName, description: 'surgery-video live' });
    this.packagerChannel = new mediapackagev2.CfnChannel(this, 'PackagerChannel', { channelGroupName: groupName, channelName, inputType: 'CMAF' });
    this.packagerChannel.addResourceDependency(this.channelGroup);
    this.egressDomain = this.channelGroup.attrEgressDomain;

    // One CMAF endpoint, three manifests over the same segments (names as server-kit's live adapter
    // and docs/guide/aws-live.md use them): `index` HLS for DVR, clips and harvests, `ll` low-latency
    // HLS for consultants watching live, `dash` low-delay DASH.
    this.endpoint = new mediapackagev2.CfnOriginEndpoint(this, 'Endpoint', {
      channelGroupName: groupName,
      channelName,
      originEndpointName: LIVE_ENDPOINT_NAME,
      containerType: 'CMAF',
      segment: { segmentDurationSeconds: LIVE_SEGMENT_SECONDS, segmentName: 'segment', includeIframeOnlyStreams: false },
      startoverWindowSeconds: props.startoverWindowSeconds,
      // The player's latency is wall clock minus program-date-time: tag every segment.
      hlsManifests: [{ manifestName: 'index', manifestWindowSeconds: 60, programDateTimeIntervalSeconds: LIVE_SEGMENT_SECONDS }],
      lowLatencyHlsManifests: [{ manifestName: 'll', manifestWindowSeconds: 60, programDateTimeIntervalSeconds: LIVE_SEGMENT_SECONDS }],
      dashManifests: [
        {
          manifestName: 'dash',
          manifestWindowSeconds: 60,
          minBufferTimeSeconds: 2,
          minUpdatePeriodSeconds: LIVE_SEGMENT_SECONDS,
          suggestedPresentationDelaySeconds: 3,
          segmentTemplateFormat: 'NUMBER_WITH_TIMELINE',
          // Players align to the packager's clock to hold a low, steady delay.
          utcTiming: { timingMode: 'UTC_DIRECT' },
        },
      ],
    });
    this.endpoint.addResourceDependency(this.packagerChannel);

    this.role = new iam.Role(this, 'MediaLiveRole', {
      assumedBy: new iam.ServicePrincipal('medialive.amazonaws.com'),
      description: 'MediaLive: push the operating-room channel to MediaPackage v2',
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['mediapackagev2:PutObject'], resources: [this.packagerChannel.attrArn] }),
    );

    this.input = this.createInput(props.input, stackName);
    const destinationId = 'mediapackage';
    this.channel = new medialive.CfnChannel(this, 'Channel', {
      name: `${stackName}-operating-room`,
      channelClass: 'SINGLE_PIPELINE',
      roleArn: this.role.roleArn,
      inputSpecification: { codec: 'AVC', resolution: 'HD', maximumBitrate: 'MAX_10_MBPS' },
      inputAttachments: [{ inputAttachmentName: 'operating-room', inputId: this.input.ref }],
      destinations: [{ id: destinationId, mediaPackageSettings: [{ channelGroup: groupName, channelName }] }],
      encoderSettings: encoderSettings(destinationId),
    });
    this.channel.addResourceDependency(this.packagerChannel);
  }

  private createInput(input: LiveInputConfig, stackName: string): medialive.CfnInput {
    if (input.kind === 'link') {
      return new medialive.CfnInput(this, 'Input', { name: `${stackName}-link`, type: 'INPUT_DEVICE', inputDevices: [{ id: input.deviceId }] });
    }
    const allowed = new medialive.CfnInputSecurityGroup(this, 'InputSecurityGroup', { whitelistRules: input.allowCidrs.map((cidr) => ({ cidr })) });
    return new medialive.CfnInput(this, 'Input', {
      name: `${stackName}-rtmp`,
      type: 'RTMP_PUSH',
      inputSecurityGroups: [allowed.ref],
      destinations: [{ streamName: `${stackName}/operating-room` }],
    });
  }
}

/** One 720p30 H.264 rendition with AAC audio, 1-second GOPs (short GOPs keep LL-HLS parts and the startover seeks precise). */
function encoderSettings(destinationRefId: string): medialive.CfnChannel.EncoderSettingsProperty {
  return {
    timecodeConfig: { source: 'SYSTEMCLOCK' },
    audioDescriptions: [
      { name: 'audio', audioSelectorName: 'default', codecSettings: { aacSettings: { bitrate: 128000, codingMode: 'CODING_MODE_2_0', sampleRate: 48000 } } },
    ],
    videoDescriptions: [
      {
        name: 'video-720p',
        width: 1280,
        height: 720,
        codecSettings: {
          h264Settings: {
            rateControlMode: 'QVBR',
            maxBitrate: 4_000_000,
            qvbrQualityLevel: 8,
            framerateControl: 'SPECIFIED',
            framerateNumerator: 30,
            framerateDenominator: 1,
            gopSize: 1,
            gopSizeUnits: 'SECONDS',
            gopClosedCadence: 1,
            sceneChangeDetect: 'DISABLED',
            profile: 'HIGH',
            level: 'H264_LEVEL_AUTO',
            timecodeInsertion: 'PIC_TIMING_SEI',
          },
        },
      },
    ],
    outputGroups: [
      {
        name: 'mediapackage-v2',
        outputGroupSettings: {
          mediaPackageGroupSettings: {
            destination: { destinationRefId },
            mediapackageV2GroupSettings: { segmentLength: 1, segmentLengthUnits: 'SECONDS', timedMetadataId3Frame: 'PRIV', timedMetadataId3Period: 1 },
          },
        },
        outputs: [
          { outputName: 'video', videoDescriptionName: 'video-720p', outputSettings: { mediaPackageOutputSettings: {} } },
          { outputName: 'audio', audioDescriptionNames: ['audio'], outputSettings: { mediaPackageOutputSettings: {} } },
        ],
      },
    ],
  };
}
