/** CloudFront-format signed access: the policy wire format, the signer, the verifier and the local key pair. */
export * from './cloudfront-policy.js';
export * from './cloudfront-signer.js';
export * from './cloudfront-verifier.js';
export * from './key-pair.js';
