import { encodeProduceRequest, type ProduceRequestFields } from './produce-request.encoder';

/**
 * Makes kafkajs encode Produce requests with `encodeProduceRequest`: the same bytes, several
 * times less CPU (see there). kafkajs' Broker looks up `requests.Produce` on its shared requests
 * table at every produce, so wrapping that definition covers every client, connected or not.
 * Requests the encoder does not take on (compression, message timestamps, other value types) keep
 * kafkajs' own encoding.
 */

/** kafkajs' request definition table entry (protocol/requests/index.js). */
export interface KafkajsRequestDefinition {
  versions: readonly string[];
  protocol(selector: { version: number }): KafkajsRequestFactory;
}

type KafkajsRequestFactory = (fields: ProduceRequestFields) => {
  request: { encode(): Promise<unknown> };
};

export interface KafkajsRequestsModule {
  requests: { Produce: KafkajsRequestDefinition };
}

/** kafkajs' Encoder: request.js reads `buf` and `offset` of what `encode` returns. */
interface KafkajsEncoderClass {
  prototype: object;
}

/**
 * Versions 3 to 7 share the request layout (kafkajs' v4–v7 reuse v3's); older ones carry message
 * sets, not record batches, and later ones (flexible versions) are not known to this encoder.
 */
const FIRST_RECORD_BATCH_VERSION = 3;
const LAST_KNOWN_VERSION = 7;
const INSTALLED = Symbol.for('cip.kafkajs.produceEncoding');

/**
 * Idempotent. Throws when kafkajs' internals are not what this was written against (after an
 * upgrade): the encoding must then be reviewed, not silently dropped or, worse, kept.
 */
export function useFastKafkajsProduceEncoding(
  requestsModule: KafkajsRequestsModule = loadKafkajs('protocol/requests') as KafkajsRequestsModule,
  encoderClass: KafkajsEncoderClass = loadKafkajs('protocol/encoder') as KafkajsEncoderClass,
  encode: typeof encodeProduceRequest = encodeProduceRequest,
): void {
  const definition = requestsModule.requests?.Produce as
    (KafkajsRequestDefinition & { [INSTALLED]?: true }) | undefined;
  if (definition?.[INSTALLED]) return;
  if (
    typeof definition?.protocol !== 'function' ||
    !definition.versions.includes('7') ||
    typeof encoderClass?.prototype !== 'object'
  )
    throw new Error(
      'kafkajs Produce request definition is not the expected one: review libs/kafka/src/kafkajs-produce-encoding.fix.ts for this kafkajs version',
    );
  const versionOf = definition.protocol.bind(definition);
  definition.protocol = ({ version }) => {
    const factory = versionOf({ version });
    if (version < FIRST_RECORD_BATCH_VERSION || version > LAST_KNOWN_VERSION) return factory;
    return (fields) => {
      const built = factory(fields);
      // A bound function, not a closure: with `encode` replaced by an arrow function here, every
      // request's messages outlived it by seconds (promoted by each scavenge, ~300 bytes per
      // message sent: 24 MB in 15 s at 5,000 messages/s), and with a bound function they die
      // young, as with kafkajs' own encode. Which V8 reference kept the closures is not known.
      built.request.encode = encodeOrFallBack.bind(
        undefined,
        fields,
        built.request.encode.bind(built.request),
        encode,
        encoderClass.prototype,
      );
      return built;
    };
  };
  definition[INSTALLED] = true;
}

/** Our encoding, or kafkajs' (`kafkajsEncode`) for what ours does not take on. */
async function encodeOrFallBack(
  fields: ProduceRequestFields,
  kafkajsEncode: () => Promise<unknown>,
  encode: typeof encodeProduceRequest,
  encoderPrototype: object,
): Promise<unknown> {
  const body = encode(fields);
  if (body === undefined) return kafkajsEncode();
  return Object.assign(Object.create(encoderPrototype) as object, {
    buf: body,
    offset: body.length,
  });
}

function loadKafkajs(internalPath: string): unknown {
  // kafkajs has no exports map, so its internal modules are reachable.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(`kafkajs/src/${internalPath}`);
}
