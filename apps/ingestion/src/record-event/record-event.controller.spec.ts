import type { RecordContactEvent } from '@cip/ingestion-domain';
import type { FastifyReply } from 'fastify';
import { RecordEventController } from './record-event.controller';

function setup(replayed = false) {
  const receipt = {
    eventId: 'e1',
    status: 'accepted' as const,
    acceptedAt: '2025-01-01T00:00:00.000Z',
  };
  const record = jest.fn().mockResolvedValue({ receipt, replayed });
  const controller = new RecordEventController({ record } as unknown as RecordContactEvent);
  const header = jest.fn();
  const reply = { header } as unknown as FastifyReply;
  return { controller, record, header, reply, receipt };
}

describe('RecordEventController', () => {
  it('hands JSON bodies to the use case and returns the receipt', async () => {
    const { controller, record, reply, receipt, header } = setup();
    await expect(
      controller.record('application/json; charset=utf-8', { a: 1 }, reply),
    ).resolves.toEqual(receipt);
    expect(record).toHaveBeenCalledWith({ a: 1 });
    expect(header).not.toHaveBeenCalled();
  });

  it('marks replays with the Idempotent-Replayed header', async () => {
    const { controller, reply, header } = setup(true);
    await controller.record('application/json', {}, reply);
    expect(header).toHaveBeenCalledWith('idempotent-replayed', 'true');
  });

  it.each([undefined, 'text/plain', 'application/jsonx', 'application/xml'])(
    'refuses content type %s',
    async (type) => {
      const { controller, record, reply } = setup();
      await expect(controller.record(type, {}, reply)).rejects.toMatchObject({
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
      expect(record).not.toHaveBeenCalled();
    },
  );
});
