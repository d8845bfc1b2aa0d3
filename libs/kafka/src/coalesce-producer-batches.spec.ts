import type { ProducerBatch } from 'kafkajs';
import {
  coalesceProducerBatches,
  MAX_COALESCED_BYTES,
  producerBatchBytes,
} from './coalesce-producer-batches';

const batch = (topic: string, ...values: string[]): ProducerBatch => ({
  acks: -1,
  timeout: 5_000,
  topicMessages: [{ topic, messages: values.map((value) => ({ key: 'k', value })) }],
});

describe('coalesceProducerBatches', () => {
  it('keeps each topic’s messages in send order and the first batch’s settings', () => {
    const merged = coalesceProducerBatches([
      batch('a', '1', '2'),
      { ...batch('b', '3'), acks: 1 },
      batch('a', '4'),
    ]);
    expect(merged.acks).toBe(-1);
    expect(merged.topicMessages?.map((t) => [t.topic, t.messages.map((m) => m.value)])).toEqual([
      ['a', ['1', '2', '4']],
      ['b', ['3']],
    ]);
  });

  it('returns a single batch as it is and refuses none', () => {
    const only = batch('a', '1');
    expect(coalesceProducerBatches([only])).toBe(only);
    expect(() => coalesceProducerBatches([])).toThrow('at least one batch');
  });

  it('does not change the batches it merged', () => {
    const first = batch('a', '1');
    coalesceProducerBatches([first, batch('a', '2')]);
    expect(first.topicMessages?.[0]?.messages).toHaveLength(1);
  });
});

describe('producerBatchBytes', () => {
  it('counts keys, values (strings and buffers) and headers', () => {
    const sized: ProducerBatch = {
      topicMessages: [
        {
          topic: 't',
          messages: [
            { key: 'ab', value: Buffer.alloc(10), headers: { h: 'xyz', list: ['1', '22'] } },
            { key: null, value: 'é' },
          ],
        },
      ],
    };
    expect(producerBatchBytes(sized)).toBe(2 + 10 + 1 + 3 + 4 + 1 + 2 + 2);
  });

  it('has a budget under the broker’s default record-batch limit', () => {
    expect(MAX_COALESCED_BYTES).toBeLessThan(1024 * 1024);
  });
});
