import type { RecordContactEvent } from '@cip/ingestion-domain';
import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { recordEventRoute, REPLAYED_HEADER } from './record-event.route';

function setup(replayed = false) {
  const receipt = { eventId: 'e1', status: 'accepted', acceptedAt: '2025-01-01T00:00:00.000Z' };
  const record = jest.fn().mockResolvedValue({ receipt, replayed });
  const route = recordEventRoute({ record } as unknown as RecordContactEvent);
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = {
    headers: {},
  };
  const reply = {
    header(name: string, value: string) {
      sent.headers[name] = value;
      return this;
    },
    code(status: number) {
      sent.status = status;
      return this;
    },
    send(body: unknown) {
      sent.body = body;
      return this;
    },
  } as unknown as FastifyReply;
  const call = (contentType: string | undefined, body: unknown) =>
    (route.handler as RouteHandlerMethod).call(
      {} as never,
      { headers: { 'content-type': contentType }, body } as FastifyRequest,
      reply,
    );
  return { route, record, call, sent, receipt };
}

describe('recordEventRoute', () => {
  it('hands JSON bodies to the use case and answers 202 with the receipt', async () => {
    const { route, call, record, sent, receipt } = setup();
    expect(route).toMatchObject({ method: 'POST', url: '/v1/events' });
    await call('application/json; charset=utf-8', { a: 1 });
    expect(record).toHaveBeenCalledWith({ a: 1 });
    expect(sent).toEqual({ status: 202, body: receipt, headers: {} });
  });

  it('marks replays with the Idempotent-Replayed header', async () => {
    const { call, sent } = setup(true);
    await call('application/json', {});
    expect(sent.headers).toEqual({ [REPLAYED_HEADER]: 'true' });
  });

  it.each([undefined, 'text/plain', 'application/jsonx', 'application/xml'])(
    'refuses content type %s',
    async (type) => {
      const { call, record } = setup();
      await expect(call(type, {})).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
      expect(record).not.toHaveBeenCalled();
    },
  );
});
