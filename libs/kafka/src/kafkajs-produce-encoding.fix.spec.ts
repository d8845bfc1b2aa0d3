import { silentBusLogger } from './bus-logger';
import type { createKafkaClient } from './kafka-client.factory';
import {
  useFastKafkajsProduceEncoding,
  type KafkajsRequestsModule,
} from './kafkajs-produce-encoding.fix';
import { encodeProduceRequest, type ProduceRequestFields } from './produce-request.encoder';
import { testBusConfig } from './test/kafka-test.env';

type Built = { request: { apiVersion: number; encode(): Promise<{ buffer: Buffer }> } };
type Factory = (fields: ProduceRequestFields) => Built;
interface Kafkajs {
  requests: { requests: { Produce: { protocol(selector: { version: number }): Factory } } };
  encoderClass: { prototype: object };
}

function install(kafkajs: Kafkajs, encode = encodeProduceRequest): void {
  const requests = kafkajs.requests as unknown as KafkajsRequestsModule;
  useFastKafkajsProduceEncoding(requests, kafkajs.encoderClass, encode);
}

/** kafkajs' request table and Encoder from a fresh module registry: patching them leaves the rest alone. */
function freshKafkajs(): Kafkajs {
  let loaded: Kafkajs | undefined;
  jest.isolateModules(() => {
    loaded = {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      requests: require('kafkajs/src/protocol/requests') as Kafkajs['requests'],
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      encoderClass: require('kafkajs/src/protocol/encoder') as Kafkajs['encoderClass'],
    };
  });
  return loaded!;
}

const fields = (change: Partial<ProduceRequestFields> = {}): ProduceRequestFields => ({
  acks: -1,
  timeout: 5_000,
  producerId: 3,
  producerEpoch: 1,
  topicData: [
    {
      topic: 'contact-events',
      partitions: [
        {
          partition: 4,
          firstSequence: 10,
          messages: [
            { key: 'cust-9', value: '{"type":"call"}', headers: { 'cip-event-type': 'call' } },
          ],
        },
      ],
    },
  ],
  ...change,
});

describe('useFastKafkajsProduceEncoding', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(1_795_797_580_968));
  afterEach(() => jest.restoreAllMocks());

  it('encodes Produce v3–v7 with our encoder: same bytes as before, same version', async () => {
    const kafkajs = freshKafkajs();
    const produce = kafkajs.requests.requests.Produce;
    const before = await Promise.all(
      [3, 7].map((version) => produce.protocol({ version })(fields()).request.encode()),
    );
    const encode = jest.fn(encodeProduceRequest);
    install(kafkajs, encode);
    for (const [index, version] of [3, 7].entries()) {
      const { request } = produce.protocol({ version })(fields());
      expect(request.apiVersion).toBe(version);
      const encoded = await request.encode();
      expect(encoded).toBeInstanceOf(kafkajs.encoderClass as unknown as jest.Constructable);
      expect(encoded.buffer.equals(before[index]!.buffer)).toBe(true);
    }
    expect(encode).toHaveBeenCalledTimes(2);
  });

  it("keeps kafkajs' encoding for what ours leaves out (compression) and for old versions", async () => {
    const kafkajs = freshKafkajs();
    const produce = kafkajs.requests.requests.Produce;
    const gzip = fields({ compression: 1 });
    const before = await produce.protocol({ version: 7 })(gzip).request.encode();
    const encode = jest.fn(encodeProduceRequest);
    install(kafkajs, encode);
    const after = await produce.protocol({ version: 7 })(gzip).request.encode();
    expect(encode).toHaveReturnedWith(undefined);
    // gzip output depends only on the input here: kafkajs' own bytes come out.
    expect(after.buffer.equals(before.buffer)).toBe(true);
    encode.mockClear();
    await produce.protocol({ version: 2 })(fields()).request.encode();
    expect(encode).not.toHaveBeenCalled();
  });

  it('is idempotent: a second call does not wrap twice', () => {
    const kafkajs = freshKafkajs();
    install(kafkajs);
    const installed = kafkajs.requests.requests.Produce.protocol;
    install(kafkajs);
    expect(kafkajs.requests.requests.Produce.protocol).toBe(installed);
  });

  it('refuses a kafkajs whose Produce definition is not the expected one', () => {
    const changed = { requests: { Produce: { versions: ['0', '1'], protocol: () => () => ({}) } } };
    expect(() =>
      useFastKafkajsProduceEncoding(changed as unknown as KafkajsRequestsModule, {
        prototype: {},
      }),
    ).toThrow(/review libs\/kafka\/src\/kafkajs-produce-encoding\.fix\.ts/);
  });

  it("is applied by createKafkaClient, so every service's producer has it", () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const requests = require('kafkajs/src/protocol/requests') as Kafkajs['requests'];
      const unpatched = requests.requests.Produce.protocol;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const factory = require('./kafka-client.factory') as {
        createKafkaClient: typeof createKafkaClient;
      };
      factory.createKafkaClient(testBusConfig(), silentBusLogger);
      expect(requests.requests.Produce.protocol).not.toBe(unpatched);
    });
  });
});
