import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CircuitOpenError,
  ContractError,
  HttpError,
  isCircuitOpenError,
  isContractError,
  isHttpError,
  isNetworkError,
  isSdkError,
  isTimeoutError,
  NetworkError,
  SdkError,
  TimeoutError,
} from './errors.js';

const URL = 'http://cbm.test/api/health';

describe('errors', () => {
  it('have literal names, the cause, and messages naming method and URL', () => {
    const cause = new TypeError('fetch failed');
    const errors = [
      new HttpError('GET', URL, 503, { code: 'no_data', message: 'no data yet' }, cause),
      new TimeoutError('GET', URL, 10_000, cause),
      new NetworkError('GET', URL, cause),
      new CircuitOpenError('GET', URL, Date.UTC(2026, 0, 1)),
      new ContractError('GET', URL, 'data: expected array', cause),
    ];
    expect(errors.map((error) => error.name)).toEqual([
      'HttpError',
      'TimeoutError',
      'NetworkError',
      'CircuitOpenError',
      'ContractError',
    ]);
    expect(errors.map((error) => error.message)).toEqual([
      `GET ${URL} failed with HTTP 503: no data yet`,
      `GET ${URL} timed out after 10000 ms`,
      `GET ${URL} failed: network error (fetch failed)`,
      `GET ${URL} not sent: circuit open until 2026-01-01T00:00:00.000Z`,
      `GET ${URL} broke the contract: data: expected array`,
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(SdkError);
      expect(error).toBeInstanceOf(Error);
      expect(isSdkError(error)).toBe(true);
    }
    expect(errors[0]!.cause).toBe(cause);
    expect((errors[0] as HttpError).code).toBe('no_data');
    expect((errors[3] as CircuitOpenError).retryAt).toBe(Date.UTC(2026, 0, 1));
  });

  it('type guards tell them apart, also across copies of the SDK (by name)', () => {
    const foreign = Object.assign(new Error('x'), {
      name: 'HttpError',
      url: URL,
      method: 'GET',
      status: 500,
    });
    expect(isHttpError(foreign)).toBe(true);
    expect(isHttpError(new TimeoutError('GET', URL, 1))).toBe(false);
    expect(isTimeoutError(new TimeoutError('GET', URL, 1))).toBe(true);
    expect(isNetworkError(new NetworkError('GET', URL))).toBe(true);
    expect(isCircuitOpenError(new CircuitOpenError('GET', URL, 0))).toBe(true);
    expect(isContractError(new ContractError('GET', URL, 'x'))).toBe(true);
    expect(isSdkError(new Error('plain'))).toBe(false);
    expect(isHttpError(undefined)).toBe(false);
  });

  it('types: literal names and narrowing', () => {
    expectTypeOf<HttpError['name']>().toEqualTypeOf<'HttpError'>();
    expectTypeOf<CircuitOpenError['retryAt']>().toEqualTypeOf<number>();
    const error: unknown = new HttpError('GET', URL, 500);
    if (isHttpError(error)) expectTypeOf(error.status).toEqualTypeOf<number>();
    // @ts-expect-error a TimeoutError has no status
    new TimeoutError('GET', URL, 1).status;
  });
});
