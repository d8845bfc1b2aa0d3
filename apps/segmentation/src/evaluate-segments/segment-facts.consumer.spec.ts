import type { ServiceConfig, SegmentationWorkload } from '@cip/config';
import type { ConsumerSpec, MessageConsumerFactory, RunningConsumer } from '@cip/kafka';
import type { Logger } from '@cip/telemetry';
import type { ApplySegmentFactsUseCase } from './apply-segment-facts.use-case';
import { SegmentFactsConsumer } from './segment-facts.consumer';

/** The spec the consumer starts with, for an instance running `workloads`. */
async function startedSpec(
  workloads: SegmentationWorkload[],
  smallBatchLingerMs = 5,
): Promise<ConsumerSpec | undefined> {
  const specs: ConsumerSpec[] = [];
  const consumers: MessageConsumerFactory = {
    start: async (spec) => {
      specs.push(spec);
      return { groupId: spec.groupId, stop: async () => undefined } satisfies RunningConsumer;
    },
  };
  const config = {
    serviceName: 'segmentation',
    kafka: { topicPrefix: 't-', consumerGroupPrefix: 'g' },
    segmentation: { workloads: new Set(workloads), smallBatchLingerMs },
  } as unknown as ServiceConfig;
  const consumer = new SegmentFactsConsumer(
    config,
    consumers,
    { debug: jest.fn() } as unknown as Logger,
    {} as ApplySegmentFactsUseCase,
  );
  await consumer.onApplicationBootstrap();
  return specs[0];
}

describe('SegmentFactsConsumer', () => {
  it('coalesces partition batches where this instance leaves backfills to others', async () => {
    const spec = await startedSpec(['events', 'timers']);
    expect(spec?.topics).toEqual(['t-contact-events', 't-customer-profile-changed']);
    expect(spec?.coalescePartitionBatches).toBe(true);
  });

  it('keeps partition batches apart where backfills share the event loop', async () => {
    const spec = await startedSpec(['events', 'timers', 'backfill']);
    expect(spec?.coalescePartitionBatches).toBe(false);
  });

  it('has small calls wait the configured time, or not at all with 0', async () => {
    const spec = await startedSpec(['events'], 7);
    expect(spec?.lingerOnSmallBatches).toEqual({ belowMessages: 16, waitMs: 7 });
    const without = await startedSpec(['events'], 0);
    expect(without?.lingerOnSmallBatches).toBeUndefined();
  });

  it('starts no consumer on an instance without the events workload', async () => {
    await expect(startedSpec(['backfill'])).resolves.toBeUndefined();
  });
});
