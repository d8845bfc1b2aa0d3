import fc from 'fast-check';
import { crc32c } from './crc32c';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C') as (b: Buffer) => number;

describe('crc32c', () => {
  it('gives the CRC-32C check value of "123456789" (RFC 3720)', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('is 0 for no bytes', () => {
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });

  it("agrees with kafkajs' byte-at-a-time CRC on any bytes (lengths around the 8-byte step)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const buffer = Buffer.from(bytes);
        expect(crc32c(buffer)).toBe(kafkajsCrc32c(buffer));
      }),
      { numRuns: 500 },
    );
  });

  it('covers exactly [start, end) of a larger buffer', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.nat(),
        fc.nat(),
        (bytes, a, b) => {
          const buffer = Buffer.from(bytes);
          const start = a % buffer.length;
          const end = start + (b % (buffer.length - start + 1));
          expect(crc32c(buffer, start, end)).toBe(kafkajsCrc32c(buffer.subarray(start, end)));
        },
      ),
    );
  });
});
