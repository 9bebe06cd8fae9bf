/**
 * server-kit's HTTP API on Lambda, behind a Function URL that CloudFront fronts at `/api/*`
 * (cdn.ts). The URL has no IAM auth: the API authenticates every call itself (the portal's JWT),
 * and an origin access control would require browsers to sign request bodies. Responses are
 * buffered, so server-sent events (`/api/v1/events`) answer 501: see docs/guide/aws-deployment.md.
 *
 * The role reads the signing key, catalogue and user directory (`config/`) and appends to the audit
 * log in the data bucket; reads and writes edits and publications, reads render jobs, and reads and
 * deletes the review's task tokens under `tenants/<tenant>/`; and may start executions of this
 * stack's review state machine and answer their tasks (success or failure, no heartbeats: the API
 * only ends a person's wait). Nothing else.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { PortalConfig } from './stack-config.js';

export interface ApiProps {
  code: lambda.Code;
  handler: string;
  data: s3.IBucket;
  stateMachine: sfn.IStateMachine;
  portal: PortalConfig;
  corsOrigins: string[];
}

export class Api extends Construct {
  readonly function: lambda.Function;
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.function = new lambda.Function(this, 'Function', {
      description: 'surgery-video HTTP API (server-kit)',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      code: props.code,
      handler: props.handler,
      memorySize: 1024,
      timeout: Duration.seconds(29),
      environment: {
        DATA_BUCKET: props.data.bucketName,
        STATE_MACHINE_ARN: props.stateMachine.stateMachineArn,
        PORTAL_JWKS_URL: props.portal.jwksUrl,
        PORTAL_ISSUER: props.portal.issuer,
        PORTAL_AUDIENCE: props.portal.audience,
        ...(props.portal.claimMapping ? { PORTAL_CLAIM_MAPPING: props.portal.claimMapping } : {}),
        NODE_OPTIONS: '--enable-source-maps',
      },
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup: new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN }),
    });
    props.data.grantRead(this.function, 'config/*');
    props.data.grantReadWrite(this.function, 'audit/*');
    // The stores' keys (server-kit: edit-store, publication-store, job-store, step-functions-task-tokens).
    props.data.grantReadWrite(this.function, 'tenants/*/edits/*');
    props.data.grantReadWrite(this.function, 'tenants/*/publications/*');
    props.data.grantRead(this.function, 'tenants/*/jobs/*');
    props.data.grantRead(this.function, 'tenants/*/workflow/task-tokens/*');
    props.data.grantDelete(this.function, 'tenants/*/workflow/task-tokens/*');
    props.stateMachine.grantStartExecution(this.function);
    // Task tokens are answered on the state machine's ARN (as grantTaskResponse does, minus heartbeats).
    this.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'], resources: [props.stateMachine.stateMachineArn] }));
    this.url = this.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE, invokeMode: lambda.InvokeMode.BUFFERED });
  }

  /** The CloudFront key pair id the grant signer names (the key group's public key id). */
  setKeyPairId(id: string): void {
    this.function.addEnvironment('CLOUDFRONT_KEY_PAIR_ID', id);
  }
}
