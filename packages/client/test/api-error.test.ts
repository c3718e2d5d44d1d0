import { AppError } from '@showfloor/contracts/errors';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  apiErrorFromAck,
  apiErrorFromResponse,
  errorCodeForStatus,
  parseRetryAfter,
} from '../src/api-error.ts';

const envelope = (code: string, message: string, details?: unknown) => ({
  success: false,
  error: { code, message, ...(details ? { details } : {}) },
});

describe('apiErrorFromResponse', () => {
  it('keeps the envelope: code, message, details naming each field, status and request id', () => {
    const error = apiErrorFromResponse(
      400,
      new Headers({ 'x-request-id': 'req-42' }),
      envelope('validation_failed', 'Invalid body: price: too small', [{ field: 'price', message: 'too small' }]),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'validation_failed',
      message: 'Invalid body: price: too small',
      status: 400,
      details: [{ field: 'price', message: 'too small' }],
      requestId: 'req-42',
      retryAfter: undefined,
    });
    expect(error.messageFor('price')).toBe('too small');
    expect(error.messageFor('name')).toBeUndefined();
  });

  it('reads Retry-After on a 429 and a 503', () => {
    const limited = apiErrorFromResponse(
      429,
      new Headers({ 'retry-after': '4' }),
      envelope('rate_limited', 'Too many requests'),
    );
    expect(limited).toMatchObject({ code: 'rate_limited', status: 429, retryAfter: 4, details: [] });
    const down = apiErrorFromResponse(
      503,
      new Headers({ 'retry-after': '2' }),
      envelope('service_unavailable', 'The database is unavailable'),
    );
    expect(down).toMatchObject({ code: 'service_unavailable', retryAfter: 2 });
  });

  it('maps an answer without the envelope (a proxy page, an empty body) by its status', () => {
    expect(apiErrorFromResponse(502, new Headers(), '<html>Bad gateway</html>')).toMatchObject({
      code: 'service_unavailable',
      status: 502,
      details: [],
    });
    expect(apiErrorFromResponse(404, new Headers(), undefined).code).toBe('not_found');
    expect(apiErrorFromResponse(409, new Headers(), { error: 'nope' }).code).toBe('conflict');
    // An error code the contracts do not know is not trusted as one.
    expect(apiErrorFromResponse(403, new Headers(), envelope('teapot', 'x')).code).toBe('forbidden');
  });
});

describe('errorCodeForStatus', () => {
  it.each([
    [400, 'validation_failed'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [409, 'conflict'],
    [413, 'payload_too_large'],
    [429, 'rate_limited'],
    [500, 'internal_error'],
    [503, 'service_unavailable'],
    [504, 'service_unavailable'],
    [415, 'validation_failed'],
    [501, 'internal_error'],
  ] as const)('%i is %s', (status, code) => {
    expect(errorCodeForStatus(status)).toBe(code);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds or an HTTP date, and nothing else', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('apiErrorFromAck', () => {
  it('gives a socket refusal the same shape, without an HTTP status', () => {
    const error = apiErrorFromAck({
      code: 'validation_failed',
      message: 'Invalid payload: type: lowercase letters',
      details: [{ field: 'type', message: 'lowercase letters' }],
    });
    expect(error).toMatchObject({ code: 'validation_failed', status: undefined, details: [{ field: 'type' }] });
  });
});
