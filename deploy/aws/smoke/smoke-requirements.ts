/**
 * What the opt-in smoke test needs before it may touch an AWS account, decided from the
 * environment and the local files alone (no network): credentials the SDK's default chain will
 * find, the deployed stack's outputs (`cdk deploy --outputs-file`), and the CloudFront private key
 * whose public half the stack's key group holds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface StackOutputs {
  EdgeUrl: string;
  KeyPairId: string;
  MediaBucket: string;
}

export interface SmokePlan {
  region: string;
  outputs: StackOutputs;
  privateKeyPem: string;
}

export type SmokeReadiness = { ready: true; plan: SmokePlan } | { ready: false; missing: string[] };

export const DEFAULT_OUTPUTS_FILE = 'cdk-outputs.json';

export function hasCredentials(env: NodeJS.ProcessEnv, home = homedir()): boolean {
  if (env['AWS_ACCESS_KEY_ID'] && env['AWS_SECRET_ACCESS_KEY']) return true;
  if (env['AWS_PROFILE'] || env['AWS_WEB_IDENTITY_TOKEN_FILE'] || env['AWS_CONTAINER_CREDENTIALS_FULL_URI'] || env['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI']) return true;
  const credentialsFile = env['AWS_SHARED_CREDENTIALS_FILE'] ?? join(home, '.aws', 'credentials');
  return existsSync(credentialsFile);
}

export function checkSmokeReadiness(env: NodeJS.ProcessEnv, cwd: string, home = homedir()): SmokeReadiness {
  const missing: string[] = [];
  if (!hasCredentials(env, home)) missing.push('AWS credentials: AWS_PROFILE, or AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, or ~/.aws/credentials');
  const region = env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  if (!region) missing.push('AWS_REGION: the region the stack is deployed in');

  const outputsFile = env['SMOKE_OUTPUTS_FILE'] ?? join(cwd, DEFAULT_OUTPUTS_FILE);
  let outputs: StackOutputs | undefined;
  if (!existsSync(outputsFile)) {
    missing.push(`the stack's outputs at ${outputsFile} (npx aws-cdk@2 deploy --outputs-file ${DEFAULT_OUTPUTS_FILE}, or set SMOKE_OUTPUTS_FILE)`);
  } else {
    outputs = readOutputs(outputsFile, env['SMOKE_STACK'], missing);
  }

  const keyFile = env['SMOKE_PRIVATE_KEY_FILE'];
  let privateKeyPem: string | undefined;
  if (!keyFile) missing.push('SMOKE_PRIVATE_KEY_FILE: the CloudFront private key (PEM) whose public key the stack was deployed with');
  else if (!existsSync(keyFile)) missing.push(`SMOKE_PRIVATE_KEY_FILE: ${keyFile} does not exist`);
  else privateKeyPem = readFileSync(keyFile, 'utf8');

  if (missing.length > 0 || !outputs || !privateKeyPem || !region) return { ready: false, missing };
  return { ready: true, plan: { region, outputs, privateKeyPem } };
}

function readOutputs(file: string, stack: string | undefined, missing: string[]): StackOutputs | undefined {
  let all: Record<string, Record<string, string>>;
  try {
    all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
  } catch {
    missing.push(`${file}: not JSON (expected the file cdk deploy --outputs-file writes)`);
    return undefined;
  }
  const name = stack ?? Object.keys(all)[0];
  const outputs = name ? all[name] : undefined;
  if (!outputs) {
    missing.push(`${file}: no outputs for stack ${JSON.stringify(name ?? '(none)')} (set SMOKE_STACK)`);
    return undefined;
  }
  const lacking = (['EdgeUrl', 'KeyPairId', 'MediaBucket'] as const).filter((key) => typeof outputs[key] !== 'string');
  if (lacking.length > 0) {
    missing.push(`${file}: stack ${name} has no ${lacking.join(', ')} output (deploy the current deploy/aws stack)`);
    return undefined;
  }
  return { EdgeUrl: outputs['EdgeUrl']!, KeyPairId: outputs['KeyPairId']!, MediaBucket: outputs['MediaBucket']! };
}
