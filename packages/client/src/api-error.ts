/** The JSON body of every API error: `{ error: { code, message, field? } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

/**
 * A failed API call. `status` is the HTTP status (0 when the request never got an answer),
 * `code` a stable machine string, `field` the input field at fault for 400s.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;

  constructor(status: number, code: string, message: string, field?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  static isBody(value: unknown): value is ApiErrorBody {
    if (typeof value !== 'object' || value === null) return false;
    const error = (value as { error?: unknown }).error;
    return (
      typeof error === 'object' &&
      error !== null &&
      typeof (error as { code?: unknown }).code === 'string' &&
      typeof (error as { message?: unknown }).message === 'string'
    );
  }
}
