/**
 * The review workflow on Step Functions: the state machine deployed from the ASL shipped in
 * server-kit (review-workflow.asl.json) as it is, its one placeholder filled by
 * DefinitionSubstitutions, plus the activities function every Task state invokes. Executions are
 * logged (errors and state transitions, without execution data: inputs are ids only, but outputs
 * of future steps might not be) and traced.
 */
import { readFileSync } from 'node:fs';
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { reviewWorkflowDefinitionPath } from '@surgery-video/server-kit';
import { Construct } from 'constructs';

export const ACTIVITIES_ARN_PLACEHOLDER = 'ReviewActivitiesFunctionArn';

export interface WorkflowProps {
  activitiesCode: lambda.Code;
  activitiesHandler: string;
  data: s3.IBucket;
  media: s3.IBucket;
}

export class Workflow extends Construct {
  readonly activities: lambda.Function;
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    this.activities = new lambda.Function(this, 'Activities', {
      description: 'surgery-video review workflow activities',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      code: props.activitiesCode,
      handler: props.activitiesHandler,
      memorySize: 512,
      timeout: Duration.minutes(5),
      environment: { DATA_BUCKET: props.data.bucketName, MEDIA_BUCKET: props.media.bucketName, NODE_OPTIONS: '--enable-source-maps' },
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup: new logs.LogGroup(this, 'ActivitiesLogs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN }),
    });
    props.data.grantReadWrite(this.activities);
    props.media.grantRead(this.activities);

    this.logGroup = new logs.LogGroup(this, 'ExecutionLogs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    // Named, so that the activities' role can name it without a reference (which would make a cycle:
    // the definition references the function, the function waits for its role's policy).
    const stateMachineName = `${Stack.of(this).stackName}-review`;
    this.stateMachine = new sfn.StateMachine(this, 'ReviewWorkflow', {
      stateMachineName,
      // The shipped file, byte for byte; never a copy that could drift from what the embedded runner runs.
      definitionBody: sfn.DefinitionBody.fromString(readFileSync(reviewWorkflowDefinitionPath(), 'utf8')),
      definitionSubstitutions: { [ACTIVITIES_ARN_PLACEHOLDER]: this.activities.functionArn },
      stateMachineType: sfn.StateMachineType.STANDARD,
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.activities.grantInvoke(this.stateMachine);
    // The render step's completion (an EventBridge MediaConvert event) answers the waiting task.
    this.activities.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
        resources: [Stack.of(this).formatArn({ service: 'states', resource: 'stateMachine', resourceName: stateMachineName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      }),
    );
  }
}
