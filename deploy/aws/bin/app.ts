/**
 * The CDK app: `npx cdk deploy -c signingPublicKeyFile=public_key.pem -c portalJwksUrl=… …` from
 * deploy/aws (docs/guide/aws-deployment.md lists every context value). Synthesizes offline: no
 * lookups, and Lambda code is bundled locally with esbuild.
 */
import { App } from 'aws-cdk-lib';
import { BUNDLE_MODULE, bundledCode } from '../src/lambda-bundle.js';
import { readConfig } from '../src/stack-config.js';
import { SurgeryVideoStack } from '../src/surgery-video-stack.js';

const app = new App();
const stackName = (app.node.tryGetContext('stackName') as string | undefined) ?? 'SurgeryVideo';
new SurgeryVideoStack(app, stackName, {
  config: readConfig(app.node),
  apiCode: { code: bundledCode('api-function'), handler: `${BUNDLE_MODULE}.handler` },
  activitiesCode: { code: bundledCode('review-activities-function'), handler: `${BUNDLE_MODULE}.handler` },
  description: 'surgery-video: live and recorded surgical video, clip review (deploy/aws)',
  // Account and region come from the CLI's environment at deploy time; the template stays environment-agnostic.
});
app.synth();
