import type { ContactEvent } from '@cip/contracts';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SinkAborted } from './event-sink';
import { IngestionApiSink } from './ingestion-api.sink';
import { uploadProfiles } from './profile-upload';

type Handler = (body: string, request: IncomingMessage, response: ServerResponse) => void;

/** A stand-in for the ingestion API on a local port, answering what each test scripts. */
async function fakeApi(
  handlers: Handler[],
): Promise<{ server: Server; url: string; calls: string[] }> {
  const calls: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      calls.push(`${request.method} ${request.url}`);
      const handler = handlers[Math.min(calls.length - 1, handlers.length - 1)];
      handler?.(body, request, response);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, calls };
}

const events: ContactEvent[] = ['a', 'b', 'c'].map((id) => ({
  eventId: id,
  type: 'visit.completed',
  version: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  customerId: 'c1',
  source: 'web',
  payload: { channel: 'web' },
}));

const multiStatus: Handler = (body, _request, response) => {
  const sent = (JSON.parse(body) as { events: ContactEvent[] }).events;
  response.writeHead(207, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({
      results: sent.map((event, index) =>
        event.eventId === 'c'
          ? { index, status: 'rejected', problem: { title: 'Invalid', detail: 'bad payload' } }
          : { index, eventId: event.eventId, status: index === 0 ? 'replayed' : 'accepted' },
      ),
    }),
  );
};

describe('IngestionApiSink', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('retries an overloaded API with the same events and tallies the 207 answer', async () => {
    const unavailable: Handler = (_body, _request, response) => {
      response.writeHead(503, { 'retry-after': '0' });
      response.end('{}');
    };
    const api = await fakeApi([unavailable, multiStatus]);
    server = api.server;
    const sink = new IngestionApiSink({ baseUrl: `${api.url}/`, apiKey: 'k', baseDelayMs: 1 });

    await expect(sink.send(events)).resolves.toEqual({
      accepted: 1,
      replayed: 1,
      rejected: 1,
      problems: ['bad payload'],
    });
    expect(api.calls).toEqual(['POST /v1/events:batch', 'POST /v1/events:batch']);
  });

  it('gives up at once when the API refuses the batch itself', async () => {
    const api = await fakeApi([
      (_body, _request, response) => {
        response.writeHead(401);
        response.end('no key');
      },
    ]);
    server = api.server;
    const sink = new IngestionApiSink({ baseUrl: api.url, apiKey: undefined, baseDelayMs: 1 });
    await expect(sink.send(events)).rejects.toThrow(SinkAborted);
    expect(api.calls).toHaveLength(1);
  });
});

describe('uploadProfiles', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('PUTs each profile and counts failures without stopping', async () => {
    const api = await fakeApi([
      (_body, request, response) => {
        response.writeHead(request.url?.endsWith('/bad') ? 422 : 200);
        response.end('{}');
      },
    ]);
    server = api.server;
    const report = await uploadProfiles(
      ['ok1', 'bad', 'ok2'].map((customerId) => ({ customerId, profile: { kind: 'person' } })),
      { baseUrl: api.url, apiKey: undefined, concurrency: 2 },
    );
    expect(report).toMatchObject({ stored: 2, failed: 1 });
    expect([...api.calls].sort()).toEqual([
      'PUT /v1/customers/bad',
      'PUT /v1/customers/ok1',
      'PUT /v1/customers/ok2',
    ]);
  });
});
