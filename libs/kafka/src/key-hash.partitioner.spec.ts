import fc from 'fast-check';
import { Partitioners, type PartitionerArgs, type PartitionMetadata } from 'kafkajs';
import { KeyHashPartitioner, murmur2 } from './key-hash.partitioner';

const partitions = (count: number): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));

const args = (key: PartitionerArgs['message']['key'], count: number): PartitionerArgs => ({
  topic: 't',
  partitionMetadata: partitions(count),
  message: { key, value: null },
});

describe('KeyHashPartitioner', () => {
  const ours = KeyHashPartitioner();
  const theirs = Partitioners.DefaultPartitioner();

  it('puts every key on the partition kafkajs’ Java-compatible partitioner picks', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 })),
        fc.integer({ min: 1, max: 200 }),
        (key, count) => {
          expect(ours(args(key, count))).toBe(theirs(args(key, count)));
          const bytes = Buffer.from(key, 'utf8');
          expect(ours(args(bytes, count))).toBe(theirs(args(bytes, count)));
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('hashes keys longer than its scratch buffer the same way', () => {
    const key = `customer-${'ü'.repeat(700)}`;
    expect(ours(args(key, 97))).toBe(theirs(args(key, 97)));
  });

  it('keeps an explicit partition and leaves unkeyed messages to kafkajs', () => {
    expect(ours({ ...args('c-1', 12), message: { key: 'c-1', value: null, partition: 5 } })).toBe(
      5,
    );
    const unkeyed = new Set(Array.from({ length: 24 }, () => ours(args(null, 12))));
    expect(unkeyed.size).toBeGreaterThan(1);
  });
});

describe('murmur2', () => {
  // kafkajs' own port (64-bit Longs), which its DefaultPartitioner hashes keys with.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const reference = require('kafkajs/src/producer/partitioners/default/murmur2') as (
    key: Buffer,
  ) => number;

  it('gives the full 32-bit hash of every byte string, not only its partition', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const key = Buffer.from(bytes);
        expect(murmur2(key)).toBe(reference(key));
      }),
      { numRuns: 2_000 },
    );
  });
});
