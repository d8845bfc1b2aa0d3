import { InvalidInputError } from '@cip/contracts';
import { encodeMessageValue } from './message-value.codec';

describe('encodeMessageValue', () => {
  it('encodes objects as UTF-8 JSON', () => {
    expect(encodeMessageValue({ a: 1, name: 'Zoë' })?.toString('utf8')).toBe(
      '{"a":1,"name":"Zoë"}',
    );
  });

  it('passes Buffers through untouched', () => {
    const raw = Buffer.from([0xff, 0x00, 0x01]);
    expect(encodeMessageValue(raw)).toBe(raw);
  });

  it('keeps null as a Kafka null (tombstone), not the text "null"', () => {
    expect(encodeMessageValue(null)).toBeNull();
  });

  it('rejects values without a JSON form as the caller’s error', () => {
    expect(() => encodeMessageValue(undefined)).toThrow(InvalidInputError);
    const bigint = (): unknown => encodeMessageValue({ n: 10n });
    expect(bigint).toThrow(
      expect.objectContaining({ code: 'UNSERIALIZABLE_MESSAGE', cause: expect.any(TypeError) }),
    );
  });
});
