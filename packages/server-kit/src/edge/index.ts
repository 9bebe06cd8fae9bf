/** The local edge, the embedded stand-in for CloudFront, and the origins it serves from. */
export * from './media-origin.js';
export * from './file-origin.js';
export * from './local-edge.js';
export * from './byte-range.js';
export * from './cache-control.js';
export * from './content-types.js';
