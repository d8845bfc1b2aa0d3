import { InvalidInputError, PlatformError } from '@cip/contracts';
import type { BatchItemOutcome, RecordContactEvent } from '@cip/ingestion-domain';
import { ProblemDetailsFilter } from '@cip/service-kit';
import { createLogger } from '@cip/telemetry';
import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { INGESTION_STATUS_BY_CODE } from '../ingestion-http.settings';
import { recordBatchRoute } from './record-batch.route';

const receipt = (eventId: string) => ({
  eventId,
  status: 'accepted' as const,
  acceptedAt: '2025-01-01T00:00:00.000Z',
});

function setup(outcomes: BatchItemOutcome[]) {
  const recordBatch = jest.fn().mockResolvedValue(outcomes);
  const problems = new ProblemDetailsFilter(
    createLogger({ serviceName: 'spec', level: 'silent' }),
    INGESTION_STATUS_BY_CODE,
  );
  const route = recordBatchRoute({ recordBatch } as unknown as RecordContactEvent, problems);
  const sent: { status?: number; body?: unknown } = {};
  const reply = {
    code(status: number) {
      sent.status = status;
      return this;
    },
    send(body: unknown) {
      sent.body = body;
      return this;
    },
  } as unknown as FastifyReply;
  const call = (body: unknown, contentType = 'application/json') =>
    (route.handler as RouteHandlerMethod).call(
      {} as never,
      { headers: { 'content-type': contentType }, body } as FastifyRequest,
      reply,
    );
  return { route, recordBatch, call, sent };
}

describe('recordBatchRoute', () => {
  it('is POST /v1/events:batch with a body limit sized for 1,000 events', () => {
    const { route } = setup([]);
    expect(route).toMatchObject({ method: 'POST', url: '/v1/events::batch' });
    expect(route.bodyLimit).toBeGreaterThanOrEqual(1_000 * 1_000);
  });

  it('answers 207 with accepted, replayed and rejected items rendered as problems', async () => {
    const { call, sent, recordBatch } = setup([
      { index: 0, eventId: 'a', status: 'accepted', receipt: receipt('a') },
      { index: 1, eventId: 'b', status: 'replayed', receipt: receipt('b') },
      {
        index: 2,
        eventId: undefined,
        status: 'rejected',
        error: new InvalidInputError('INVALID_EVENT', 'bad', {
          issues: [{ path: '/type', code: 'invalid_type', message: 'required' }],
        }),
      },
      {
        index: 3,
        eventId: 'a',
        status: 'rejected',
        error: new PlatformError('IDEMPOTENCY_CONFLICT', 'used'),
      },
    ]);
    await call({ events: [1, 2, 3, 4] });
    expect(recordBatch).toHaveBeenCalledWith([1, 2, 3, 4]);
    expect(sent.status).toBe(207);
    expect(sent.body).toEqual({
      results: [
        { index: 0, eventId: 'a', status: 'accepted', acceptedAt: '2025-01-01T00:00:00.000Z' },
        { index: 1, eventId: 'b', status: 'replayed', acceptedAt: '2025-01-01T00:00:00.000Z' },
        {
          index: 2,
          status: 'rejected',
          problem: expect.objectContaining({
            status: 400,
            code: 'INVALID_EVENT',
            errors: [{ path: '/type', code: 'invalid_type', message: 'required' }],
          }),
        },
        {
          index: 3,
          eventId: 'a',
          status: 'rejected',
          problem: expect.objectContaining({ status: 409, code: 'IDEMPOTENCY_CONFLICT' }),
        },
      ],
    });
  });

  it('fails the whole request when an item failed on our side', async () => {
    const unavailable = new PlatformError('BUS_UNAVAILABLE', 'kafka is down');
    const { call, sent } = setup([
      { index: 0, eventId: 'a', status: 'accepted', receipt: receipt('a') },
      { index: 1, eventId: 'b', status: 'rejected', error: unavailable },
    ]);
    await expect(call({ events: [1, 2] })).rejects.toBe(unavailable);
    expect(sent.status).toBeUndefined();
  });

  it.each([
    [{ events: [] }, 'too_small'],
    [{ events: Array.from({ length: 1_001 }, () => ({})) }, 'too_big'],
    [{ event: [{}] }, 'invalid_type'],
    [[{}], 'invalid_type'],
    [null, 'invalid_type'],
  ])('refuses the envelope %j as a whole', async (body, code) => {
    const { call, recordBatch } = setup([]);
    await expect(call(body)).rejects.toMatchObject({
      code: 'INVALID_BATCH',
      details: { issues: [{ path: '/events', code }] },
    });
    expect(recordBatch).not.toHaveBeenCalled();
  });

  it('refuses anything but JSON', async () => {
    const { call } = setup([]);
    await expect(call({ events: [{}] }, 'text/plain')).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
  });
});
