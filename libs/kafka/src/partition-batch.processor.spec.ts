import { InvalidInputError } from '@cip/contracts';
import type { DeadLetterFailure } from './dead-letter-headers.builder';
import type { BatchCompletion, BatchHandler, IncomingMessage, MessageHandler } from './message-bus';
import {
  PartitionBatchProcessor,
  type BatchControl,
  type PartitionBatchProcessorSettings,
} from './partition-batch.processor';
import { RecordingLogger } from './test/recording-logger';

const NOW = new Date('2026-03-04T05:06:07.000Z');

function message(offset: number): IncomingMessage {
  return {
    topic: 'orders',
    partition: 3,
    offset: String(offset),
    key: `cust-${offset}`,
    value: Buffer.from(`{"n":${offset}}`),
    headers: {},
    timestamp: 0,
  };
}

interface FakeControl extends BatchControl {
  resolved: string[];
  deferred: Array<{ firstOffset: string; completion: BatchCompletion }>;
  heartbeats: number;
  abort: AbortController;
}

function fakeControl(): FakeControl {
  const abort = new AbortController();
  const control: FakeControl = {
    resolved: [],
    deferred: [],
    heartbeats: 0,
    abort,
    signal: abort.signal,
    resolveOffset: (offset) => {
      control.resolved.push(offset);
    },
    completeLater: (firstOffset, completion) => {
      control.deferred.push({ firstOffset, completion });
    },
    heartbeat: async () => {
      control.heartbeats += 1;
    },
    isActive: () => !abort.signal.aborted,
  };
  return control;
}

function setup(overrides: Partial<PartitionBatchProcessorSettings>) {
  const deadLetters: Array<{ message: IncomingMessage; failure: DeadLetterFailure }> = [];
  const logger = new RecordingLogger();
  const processor = new PartitionBatchProcessor({
    groupId: 'group-1',
    maxAttempts: 3,
    retryBackoffMs: 1,
    deadLetter: async (deadMessage, failure) => {
      deadLetters.push({ message: deadMessage, failure });
    },
    logger,
    now: () => NOW,
    ...overrides,
  });
  return { processor, deadLetters, logger, control: fakeControl() };
}

describe('PartitionBatchProcessor with a per-message handler', () => {
  it('handles messages in order and resolves each one, heartbeating in between', async () => {
    const seen: string[] = [];
    const { processor, control, deadLetters } = setup({
      handler: async (m) => void seen.push(m.offset),
    });
    await processor.process([message(10), message(11), message(12)], control);
    expect(seen).toEqual(['10', '11', '12']);
    expect(control.resolved).toEqual(['10', '11', '12']);
    expect(control.heartbeats).toBe(3);
    expect(deadLetters).toEqual([]);
  });

  it('dead-letters a poison message at once and moves on', async () => {
    const attempts: number[] = [];
    const poison = new InvalidInputError('INVALID_EVENT', 'bad payload');
    const handler: MessageHandler = async (m, { attempt }) => {
      attempts.push(attempt);
      if (m.offset === '1') throw poison;
    };
    const { processor, control, deadLetters } = setup({ handler });
    await processor.process([message(1), message(2)], control);
    expect(attempts).toEqual([1, 1]);
    expect(control.resolved).toEqual(['1', '2']);
    expect(deadLetters).toEqual([
      {
        message: message(1),
        failure: { error: poison, attempts: 1, groupId: 'group-1', failedAt: NOW },
      },
    ]);
  });

  it('retries a transient failure and does not dead-letter when a retry succeeds', async () => {
    let calls = 0;
    const { processor, control, deadLetters, logger } = setup({
      handler: async () => {
        calls += 1;
        if (calls < 3) throw new Error('redis timeout');
      },
    });
    await processor.process([message(5)], control);
    expect(calls).toBe(3);
    expect(control.resolved).toEqual(['5']);
    expect(deadLetters).toEqual([]);
    expect(
      logger.records
        .filter((r) => r.message === 'message handler failed; retrying')
        .map((r) => r.fields['delayMs']),
    ).toEqual([1, 2]);
  });

  it('dead-letters after maxAttempts transient failures', async () => {
    const failure = new Error('still down');
    const { processor, control, deadLetters } = setup({
      handler: async () => Promise.reject(failure),
    });
    await processor.process([message(8)], control);
    expect(deadLetters.map((d) => d.failure)).toEqual([
      { error: failure, attempts: 3, groupId: 'group-1', failedAt: NOW },
    ]);
    expect(control.resolved).toEqual(['8']);
  });

  it('does not resolve a message whose dead-letter publish failed, and stops the batch there', async () => {
    const unavailable = new Error('dlt unavailable');
    const { processor, control } = setup({
      handler: async (m) => {
        if (m.offset === '2') throw new InvalidInputError('BAD', 'bad');
      },
      deadLetter: async () => Promise.reject(unavailable),
    });
    await expect(processor.process([message(1), message(2), message(3)], control)).rejects.toBe(
      unavailable,
    );
    expect(control.resolved).toEqual(['1']);
  });

  it('leaves a failing message unresolved when the consumer stops during its retries', async () => {
    const { processor, control, deadLetters } = setup({
      retryBackoffMs: 60_000,
      handler: async () => Promise.reject(new Error('transient')),
    });
    setTimeout(() => control.abort.abort(), 30);
    const started = Date.now();
    await processor.process([message(1), message(2)], control);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(control.resolved).toEqual([]);
    expect(deadLetters).toEqual([]);
  });

  it('stops before the next message once the consumer is no longer active', async () => {
    const { processor, control } = setup({
      handler: async (m) => {
        if (m.offset === '1') control.abort.abort();
      },
    });
    await processor.process([message(1), message(2)], control);
    expect(control.resolved).toEqual(['1']);
  });

  it('refuses a spec without any handler', () => {
    expect(() => setup({})).toThrow(InvalidInputError);
  });
});

describe('PartitionBatchProcessor with a batch handler', () => {
  it('hands over the whole batch and resolves up to its last offset', async () => {
    const batches: string[][] = [];
    const { processor, control } = setup({
      batchHandler: async (ms) => void batches.push(ms.map((m) => m.offset)),
    });
    await processor.process([message(4), message(5), message(6)], control);
    expect(batches).toEqual([['4', '5', '6']]);
    expect(control.resolved).toEqual(['6']);
    expect(control.deferred).toEqual([]);
  });

  it('hands a completion the handler leaves behind to the bus, from the batch first offset', async () => {
    const completion: BatchCompletion = { complete: async () => undefined };
    const { processor, control } = setup({ batchHandler: async () => completion });
    await processor.process([message(4), message(5)], control);
    expect(control.deferred).toEqual([{ firstOffset: '4', completion }]);
    expect(control.resolved).toEqual(['5']);
  });

  it('retries the batch, then falls back to per-message handling and dead-letters only the bad one', async () => {
    const batchAttempts: number[] = [];
    const handled: string[] = [];
    const batchHandler: BatchHandler = async (_ms, { attempt }) => {
      batchAttempts.push(attempt);
      throw new Error('batch failed');
    };
    const handler: MessageHandler = async (m) => {
      if (m.offset === '2') throw new InvalidInputError('BAD', 'bad one');
      handled.push(m.offset);
    };
    const { processor, control, deadLetters } = setup({ batchHandler, handler });
    await processor.process([message(1), message(2), message(3)], control);
    expect(batchAttempts).toEqual([1, 2, 3]);
    expect(handled).toEqual(['1', '3']);
    expect(deadLetters.map((d) => d.message.offset)).toEqual(['2']);
    expect(control.resolved).toEqual(['1', '2', '3']);
  });

  it('falls back at once when the batch handler reports a poison message', async () => {
    let batchCalls = 0;
    const { processor, control } = setup({
      batchHandler: async () => {
        batchCalls += 1;
        throw new InvalidInputError('BAD', 'bad');
      },
      handler: async () => undefined,
    });
    await processor.process([message(1)], control);
    expect(batchCalls).toBe(1);
    expect(control.resolved).toEqual(['1']);
  });

  it('keeps retrying past maxAttempts without a per-message handler, never dropping the batch', async () => {
    let calls = 0;
    const { processor, control, deadLetters, logger } = setup({
      batchHandler: async () => {
        calls += 1;
        if (calls === 6) control.abort.abort();
        throw new Error('down');
      },
    });
    await processor.process([message(1), message(2)], control);
    expect(calls).toBe(6);
    expect(control.resolved).toEqual([]);
    expect(deadLetters).toEqual([]);
    expect(logger.messages('error')).toContain(
      'batch handler keeps failing; retrying (a batch is never dropped)',
    );
  });
});
