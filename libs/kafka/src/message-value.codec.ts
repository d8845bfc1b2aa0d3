import { InvalidInputError } from '@cip/contracts';

/**
 * Encodes an outgoing value. Buffers pass through (already encoded, e.g. a dead-lettered
 * original), `null` stays a Kafka null (a tombstone on compacted topics), everything else is JSON.
 * A value JSON cannot represent is the caller's bug, so it fails before anything is sent.
 */
export function encodeMessageValue(value: unknown): Buffer | null {
  if (value === null) return null;
  if (Buffer.isBuffer(value)) return value;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new InvalidInputError(
      'UNSERIALIZABLE_MESSAGE',
      'message value cannot be encoded as JSON',
      undefined,
      {
        cause: error,
      },
    );
  }
  if (json === undefined) {
    throw new InvalidInputError(
      'UNSERIALIZABLE_MESSAGE',
      `message value of type ${typeof value} has no JSON form`,
    );
  }
  return Buffer.from(json, 'utf8');
}
