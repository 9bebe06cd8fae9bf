/**
 * `@surgery-video/server-kit/aws`: the AWS adapters of server-kit's ports (S3, MediaConvert,
 * Step Functions, MediaPackage v2, MediaLive) and the Lambda entry point. A subpath of its own so
 * that the embedded stack never loads the AWS SDK.
 */
export {};
export * from './s3-object-store.js';
