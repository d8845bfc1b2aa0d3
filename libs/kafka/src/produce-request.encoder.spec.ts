import fc from 'fast-check';
import {
  encodeProduceRequest,
  type ProduceMessage,
  type ProduceRequestFields,
} from './produce-request.encoder';

/** kafkajs' own Produce v3 request (v4–v7 reuse it): the reference the bytes must match. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajsProduceV3 = require('kafkajs/src/protocol/requests/produce/v3/request') as (
  fields: ProduceRequestFields,
) => { encode(): Promise<{ buffer: Buffer }> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Long = require('kafkajs/src/utils/long') as { fromValue(value: unknown): unknown };

const NOW_MS = 1_795_797_580_968;

async function kafkajsBytes(fields: ProduceRequestFields): Promise<Buffer> {
  const now = jest.spyOn(Date, 'now').mockReturnValue(NOW_MS);
  try {
    return (await kafkajsProduceV3(fields).encode()).buffer;
  } finally {
    now.mockRestore();
  }
}

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
const bytes = fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.from(b));
// Long enough for two- and three-byte varint lengths.
const large = fc
  .integer({ min: 100, max: 20_000 })
  .map((length) => Buffer.alloc(length, length % 251));
const keyOrValue = fc.oneof(fc.constant(null), fc.constant(undefined), text, bytes, large);
const headerValue = fc.oneof(text, bytes);
const headers = fc.oneof(
  fc.constant(undefined),
  fc.dictionary(
    fc.string({ minLength: 1, maxLength: 12 }),
    fc.oneof(headerValue, fc.array(headerValue, { maxLength: 3 })),
    { maxKeys: 4 },
  ),
);
const message: fc.Arbitrary<ProduceMessage> = fc.record(
  { key: keyOrValue, value: keyOrValue, headers },
  { requiredKeys: ['value'] },
);
const partition = fc.record({
  partition: fc.integer({ min: 0, max: 200 }),
  firstSequence: fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { nil: undefined }),
  messages: fc.array(message, { maxLength: 12 }),
});
const request: fc.Arbitrary<ProduceRequestFields> = fc.record({
  acks: fc.constantFrom(-1, 0, 1),
  timeout: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  transactionalId: fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: null }),
  producerId: fc.oneof(
    fc.constant(undefined),
    fc.bigInt({ min: -1n, max: 2n ** 62n }).map((id) => Long.fromValue(id)),
    fc.integer({ min: -1, max: 2 ** 40 }),
  ),
  producerEpoch: fc.option(fc.integer({ min: 0, max: 32_767 }), { nil: undefined }),
  topicData: fc.array(
    fc.record({
      topic: fc.string({ minLength: 1, maxLength: 30 }),
      partitions: fc.array(partition, { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});

describe('encodeProduceRequest', () => {
  it("writes kafkajs' bytes for any request it takes on", async () => {
    await fc.assert(
      fc.asyncProperty(request, async (fields) => {
        const ours = encodeProduceRequest(fields, NOW_MS);
        expect(ours).toBeDefined();
        expect(ours!.equals(await kafkajsBytes(fields))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('writes a record batch a broker can check: CRC over attributes … last record', async () => {
    const fields: ProduceRequestFields = {
      acks: -1,
      timeout: 30_000,
      producerId: Long.fromValue(7n),
      producerEpoch: 2,
      topicData: [
        {
          topic: 'segment-membership',
          partitions: [
            {
              partition: 3,
              firstSequence: 41,
              messages: [
                {
                  key: 'cust-1',
                  value: Buffer.from('{"a":"é"}'),
                  headers: { 'cip-event-type': 'x', traceparent: Buffer.from('00-ab') },
                },
                { key: 'cust-2', value: null },
              ],
            },
          ],
        },
      ],
    };
    const ours = encodeProduceRequest(fields, NOW_MS)!;
    expect(ours.equals(await kafkajsBytes(fields))).toBe(true);
    // Fixed-size fields read back where Kafka's record batch layout puts them.
    const batchStart = 2 + 2 + 4 + 4 + 2 + 'segment-membership'.length + 4 + 4 + 4 + 8 + 4;
    expect(ours.readInt8(batchStart + 4)).toBe(2); // magic
    expect(ours.readInt32BE(batchStart + 9 + 2)).toBe(1); // last offset delta
    expect(ours.readBigInt64BE(batchStart + 9 + 6)).toBe(BigInt(NOW_MS));
    expect(ours.readBigInt64BE(batchStart + 9 + 22)).toBe(7n); // producer id
    expect(ours.readInt32BE(batchStart + 9 + 32)).toBe(41); // first sequence
    expect(ours.readInt32BE(batchStart + 9 + 36)).toBe(2); // records
  });

  it.each<[string, Partial<ProduceRequestFields> | ProduceMessage]>([
    ['a compressed request', { compression: 1 }],
    ['a message with its own timestamp', { timestamp: '1795797580000' }],
    ['a number as value', { value: 42 }],
    ['an object as key', { key: { id: 1 } }],
    ['a null header value', { headers: { a: null } }],
    ['a number as header value', { headers: { a: 1 } }],
  ])('leaves %s to kafkajs (undefined)', (_, change) => {
    const isRequestField = 'compression' in change;
    const fields: ProduceRequestFields = {
      acks: -1,
      timeout: 1_000,
      ...(isRequestField ? change : {}),
      topicData: [
        {
          topic: 't',
          partitions: [
            {
              partition: 0,
              messages: [{ key: 'k', value: 'v', ...(isRequestField ? {} : change) }],
            },
          ],
        },
      ],
    };
    expect(encodeProduceRequest(fields, NOW_MS)).toBeUndefined();
  });
});
