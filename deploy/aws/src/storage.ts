/**
 * The buckets: media (sources, renders, live archives; read by CloudFront through origin access
 * control), data (edits, reviews, jobs, the audit log, the API's configuration) and the access
 * logs of both and of CloudFront. Every bucket is private, versioned, encrypted and refuses
 * plain-HTTP requests; media and data use one customer-managed KMS key whose use is logged in
 * CloudTrail. The log bucket uses S3-managed keys because S3 server access logging cannot
 * deliver into a KMS-encrypted bucket.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export class Storage extends Construct {
  readonly key: kms.Key;
  readonly logs: s3.Bucket;
  readonly media: s3.Bucket;
  readonly data: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'surgery-video: media and data at rest',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.logs = new s3.Bucket(this, 'Logs', {
      ...privateBucket,
      encryption: s3.BucketEncryption.S3_MANAGED,
      // CloudFront standard logs are written with an ACL.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    });
    this.media = new s3.Bucket(this, 'Media', {
      ...privateBucket,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'media/',
    });
    this.data = new s3.Bucket(this, 'Data', {
      ...privateBucket,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'data/',
    });
  }
}

const privateBucket = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  versioned: true,
  // Recordings and the audit trail outlive a stack that is torn down.
  removalPolicy: RemovalPolicy.RETAIN,
} satisfies s3.BucketProps;
