/**
 * One translation from what MediaPackage v2 and MediaLive answer to the live operations port's
 * errors, so callers branch on `code` and never on AWS exception names. The message names our ids
 * and AWS's request id (for a support case), never a URL with credentials.
 */
import { LiveOperationsError, type LiveOperationsErrorCode } from '../live/live-operations.js';

const CODES: Record<string, LiveOperationsErrorCode> = {
  ConflictException: 'conflict',
  ResourceNotFoundException: 'not-found',
  NotFoundException: 'not-found',
  ValidationException: 'bad-input',
  BadRequestException: 'bad-input',
  UnprocessableEntityException: 'bad-input',
};

/** Wraps an AWS SDK error thrown while doing `what` (e.g. `harvesting asset a1 from channel or-1`). */
export function awsLiveError(error: unknown, what: string): LiveOperationsError {
  if (error instanceof LiveOperationsError) return error;
  const name = error instanceof Error ? error.name : 'UnknownError';
  const code = CODES[name] ?? 'upstream';
  const requestId = (error as { $metadata?: { requestId?: string } })?.$metadata?.requestId;
  const awsMessage = error instanceof Error && error.message ? `: ${error.message}` : '';
  return new LiveOperationsError(code, `${what} failed (${name}${awsMessage})${requestId ? ` [AWS request ${requestId}]` : ''}.`, { cause: error });
}
