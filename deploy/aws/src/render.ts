/**
 * MediaConvert: the role jobs run as (read sources from and write renders to the media bucket,
 * nothing else) and an on-demand queue of this product's own, so its jobs are counted and can be
 * paused apart from anything else in the account.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as mediaconvert from 'aws-cdk-lib/aws-mediaconvert';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface RenderProps {
  media: s3.IBucket;
}

export class Render extends Construct {
  readonly role: iam.Role;
  readonly queue: mediaconvert.CfnQueue;

  constructor(scope: Construct, id: string, props: RenderProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('mediaconvert.amazonaws.com'),
      description: 'MediaConvert jobs of surgery-video: the media bucket only',
    });
    // Includes the KMS key's encrypt/decrypt for this bucket's objects.
    props.media.grantReadWrite(this.role);
    this.queue = new mediaconvert.CfnQueue(this, 'Queue', {
      name: `${Stack.of(this).stackName}-renders`,
      pricingPlan: 'ON_DEMAND',
      status: 'ACTIVE',
      description: 'surgery-video renders of reviewed edits',
    });
  }
}
