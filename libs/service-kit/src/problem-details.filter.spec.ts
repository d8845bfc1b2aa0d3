import { NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { InvalidInputError, PlatformError } from '@cip/contracts';
import type { Logger } from '@cip/telemetry';
import { ProblemDetailsFilter } from './problem-details.filter';

function fakeHost() {
  const sent: { status?: number; headers: Record<string, string>; body?: unknown } = {
    headers: {},
  };
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => reply, getRequest: () => ({ url: '/v1/events' }) }),
  } as unknown as ArgumentsHost;
  return { host, sent };
}

const logger = { error: jest.fn() } as unknown as Logger;

describe('ProblemDetailsFilter', () => {
  it('renders invalid input as 400 with field errors', () => {
    const { host, sent } = fakeHost();
    const issues = [{ path: '/payload/amount', code: 'too_small', message: 'must be >= 0' }];
    new ProblemDetailsFilter(logger).catch(
      new InvalidInputError('INVALID_EVENT', 'bad event', { issues }),
      host,
    );
    expect(sent.status).toBe(400);
    expect(sent.headers['Content-Type']).toBe('application/problem+json');
    expect(sent.body).toEqual(
      expect.objectContaining({
        type: 'urn:cip:problem:invalid-event',
        code: 'INVALID_EVENT',
        errors: issues,
        instance: '/v1/events',
      }),
    );
  });

  it('answers 503 with Retry-After when the bus is unavailable, without internals', () => {
    const { host, sent } = fakeHost();
    new ProblemDetailsFilter(logger).catch(
      new PlatformError('BUS_UNAVAILABLE', 'broker 10.0.0.1 down'),
      host,
    );
    expect(sent.status).toBe(503);
    expect(sent.headers['Retry-After']).toBe('2');
    expect(JSON.stringify(sent.body)).not.toContain('10.0.0.1');
  });

  it('maps service codes, Nest HTTP errors and Fastify client errors', () => {
    const filter = new ProblemDetailsFilter(logger, { IDEMPOTENCY_CONFLICT: 409 });
    const conflict = fakeHost();
    filter.catch(new PlatformError('IDEMPOTENCY_CONFLICT', 'same id, other body'), conflict.host);
    expect(conflict.sent.status).toBe(409);
    const missing = fakeHost();
    filter.catch(new NotFoundException(), missing.host);
    expect(missing.sent.status).toBe(404);
    const tooLarge = fakeHost();
    filter.catch(
      Object.assign(new Error('Request body is too large'), {
        statusCode: 413,
        code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      }),
      tooLarge.host,
    );
    expect(tooLarge.sent.status).toBe(413);
    expect(tooLarge.sent.body).toMatchObject({ code: 'CONTENT_TOO_LARGE' });
    const crash = fakeHost();
    filter.catch(new TypeError('x is undefined'), crash.host);
    expect(crash.sent.status).toBe(500);
    expect(JSON.stringify(crash.sent.body)).not.toContain('undefined');
  });
});
