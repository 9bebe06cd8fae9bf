/**
 * The API function's entry (bundled by lambda-bundle.ts): server-kit's HTTP API, built at cold
 * start from the environment the stack sets (see createApiFromEnvironment). Behind CloudFront,
 * which names the viewer's host in `x-forwarded-host` so grant URLs point at the distribution.
 */
import { createApiFromEnvironment, createLambdaHandler } from '@surgery-video/server-kit/aws';

export const handler = createLambdaHandler({ build: () => createApiFromEnvironment(process.env) }, { hostHeader: 'x-forwarded-host' });
