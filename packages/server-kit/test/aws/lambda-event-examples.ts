/**
 * Invocation events as AWS documents them, field for field: a Lambda Function URL request
 * ("Request payload" in the Lambda developer guide, "Invoking Lambda function URLs") and an
 * API Gateway HTTP API request with payload format 2.0 ("Working with AWS Lambda proxy
 * integrations for HTTP APIs"). Tests copy one and change only what they are about.
 */
import type { LambdaHttpEvent } from '../../src/aws/lambda-handler.js';

export function functionUrlEvent(): LambdaHttpEvent & Record<string, unknown> {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/my/path',
    rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
    cookies: ['cookie1', 'cookie2'],
    headers: { header1: 'value1', header2: 'value1,value2' },
    queryStringParameters: { parameter1: 'value1,value2', parameter2: 'value' },
    requestContext: {
      accountId: '123456789012',
      apiId: '<urlid>',
      authentication: null,
      authorizer: { iam: { accessKey: 'AKIA...', accountId: '111122223333', callerId: 'AIDA...', cognitoIdentity: null, principalOrgId: null, userArn: 'arn:aws:iam::111122223333:user/example-user', userId: 'AIDA...' } },
      domainName: 'abcdefghijklmnop.lambda-url.us-west-2.on.aws',
      domainPrefix: 'abcdefghijklmnop',
      http: { method: 'POST', path: '/my/path', protocol: 'HTTP/1.1', sourceIp: '123.123.123.123', userAgent: 'agent' },
      requestId: 'id',
      routeKey: '$default',
      stage: '$default',
      time: '12/Mar/2020:19:03:58 +0000',
      timeEpoch: 1583348638390,
    },
    body: 'Hello from client!',
    pathParameters: null,
    isBase64Encoded: false,
    stageVariables: null,
  };
}

export function httpApiEvent(): LambdaHttpEvent & Record<string, unknown> {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/my/path',
    rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
    cookies: ['cookie1', 'cookie2'],
    headers: { header1: 'value1', header2: 'value1,value2' },
    queryStringParameters: { parameter1: 'value1,value2', parameter2: 'value' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api-id',
      authentication: { clientCert: { clientCertPem: 'CERT_CONTENT', subjectDN: 'www.example.com', issuerDN: 'Example issuer', serialNumber: 'a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1:a1', validity: { notBefore: 'May 28 12:30:02 2019 GMT', notAfter: 'Aug  5 09:36:04 2021 GMT' } } },
      authorizer: { jwt: { claims: { claim1: 'value1', claim2: 'value2' }, scopes: ['scope1', 'scope2'] } },
      domainName: 'id.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'id',
      http: { method: 'POST', path: '/my/path', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'agent' },
      requestId: 'id',
      routeKey: '$default',
      stage: '$default',
      time: '12/Mar/2020:19:03:58 +0000',
      timeEpoch: 1583348638390,
    },
    body: 'Hello from Lambda',
    pathParameters: { parameter1: 'value1' },
    isBase64Encoded: false,
    stageVariables: { stageVariable1: 'value1', stageVariable2: 'value2' },
  };
}

/** An event for `method path?query` on a Function URL, with the given headers and body. */
export function apiEvent(method: string, pathAndQuery: string, init: { headers?: Record<string, string>; cookies?: string[]; body?: string; isBase64Encoded?: boolean; requestId?: string } = {}): LambdaHttpEvent {
  const event = functionUrlEvent();
  const [rawPath, rawQueryString = ''] = pathAndQuery.split('?', 2) as [string, string?];
  const requestContext = event.requestContext as LambdaHttpEvent['requestContext'] & Record<string, unknown>;
  return {
    ...event,
    rawPath,
    rawQueryString,
    cookies: init.cookies ?? [],
    headers: { host: requestContext.domainName!, 'user-agent': 'agent', ...(init.headers ?? {}) },
    requestContext: { ...requestContext, requestId: init.requestId ?? '2c9b51d6-8c1b-4a46-9c1f-6e0b6d7a3f10', http: { ...requestContext.http, method, path: rawPath } },
    ...(init.body !== undefined ? { body: init.body } : { body: undefined }),
    isBase64Encoded: init.isBase64Encoded ?? false,
  };
}
