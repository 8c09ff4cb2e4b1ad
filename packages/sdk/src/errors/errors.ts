/**
 * Every failure the SDK reports is one of these. `name` is a literal so that checks survive two copies of the
 * SDK on one page (the type guards compare it rather than relying on `instanceof` alone).
 */
export class SdkError extends Error {
  /** HTTP method of the call, always `GET`. */
  readonly method: string;
  /** Full URL of the call (for stream events, the stream's URL). */
  readonly url: string;

  /** `what` completes the message `METHOD URL what`. */
  constructor(name: string, method: string, url: string, what: string, cause?: unknown) {
    super(`${method} ${url} ${what}`, { cause });
    this.name = name;
    this.method = method;
    this.url = url;
  }
}

/** The server answered with a status that is not 2xx (after retries, when retriable). */
export class HttpError extends SdkError {
  declare readonly name: 'HttpError';
  /** HTTP status code. */
  readonly status: number;
  /** `error.code` of the JSON error body, when there was one. */
  readonly code: string | undefined;

  constructor(
    method: string,
    url: string,
    status: number,
    body?: { code?: string; message?: string },
    cause?: unknown,
  ) {
    const detail = body?.message ? `: ${body.message}` : '';
    super('HttpError', method, url, `failed with HTTP ${status}${detail}`, cause);
    this.status = status;
    this.code = body?.code;
  }
}

/** An attempt took longer than `timeout` (after retries). */
export class TimeoutError extends SdkError {
  declare readonly name: 'TimeoutError';
  /** The per-attempt timeout, ms. */
  readonly timeout: number;

  constructor(method: string, url: string, timeout: number, cause?: unknown) {
    super('TimeoutError', method, url, `timed out after ${timeout} ms`, cause);
    this.timeout = timeout;
  }
}

/**
 * No HTTP answer at all: DNS, refused connection, CORS, offline (after retries). Also the transport's own chunk
 * failing to load (not retried: the next request loads it again).
 */
export class NetworkError extends SdkError {
  declare readonly name: 'NetworkError';

  constructor(method: string, url: string, cause?: unknown) {
    super('NetworkError', method, url, `failed: network error (${(cause as Error)?.message})`, cause);
  }
}

/** The circuit breaker is open: the call was not sent. */
export class CircuitOpenError extends SdkError {
  declare readonly name: 'CircuitOpenError';
  /** Epoch ms when the breaker lets a probe through. */
  readonly retryAt: number;

  constructor(method: string, url: string, retryAt: number) {
    const until = new Date(retryAt).toISOString();
    super('CircuitOpenError', method, url, `not sent: circuit open until ${until}`);
    this.retryAt = retryAt;
  }
}

/** The body does not match the wire contract (`docs/api.md`). */
export class ContractError extends SdkError {
  declare readonly name: 'ContractError';
  /** What is wrong, e.g. `data[2].current_price: expected number`. */
  readonly problem: string;

  constructor(method: string, url: string, problem: string, cause?: unknown) {
    super('ContractError', method, url, `broke the contract: ${problem}`, cause);
    this.problem = problem;
  }
}

export type SdkErrorName =
  | 'HttpError'
  | 'TimeoutError'
  | 'NetworkError'
  | 'CircuitOpenError'
  | 'ContractError';

const guard =
  <T>(name: SdkErrorName) =>
  (error: unknown): error is T =>
    (error as Error)?.name === name && isSdkError(error);

/** True for any error of this SDK. */
export const isSdkError = (error: unknown): error is SdkError => error instanceof Error && 'url' in error;
export const isHttpError: (error: unknown) => error is HttpError = guard('HttpError');
export const isTimeoutError: (error: unknown) => error is TimeoutError = guard('TimeoutError');
export const isNetworkError: (error: unknown) => error is NetworkError = guard('NetworkError');
export const isCircuitOpenError: (error: unknown) => error is CircuitOpenError = guard('CircuitOpenError');
export const isContractError: (error: unknown) => error is ContractError = guard('ContractError');
