import type { ServiceConfig, SegmentationWorkload } from '@cip/config';
import type {
  BatchCompletion,
  ConsumerSpec,
  IncomingMessage,
  MessageConsumerFactory,
  RunningConsumer,
} from '@cip/kafka';
import type { Logger } from '@cip/telemetry';
import type { ApplySegmentFactsUseCase } from './apply-segment-facts.use-case';
import { complaint } from '../testing.fakes';
import type { RecordWork } from './membership-recorder';
import { SegmentFactsConsumer } from './segment-facts.consumer';

const config = (workloads: SegmentationWorkload[], smallBatchLingerMs = 5, journalGatherMs = 30) =>
  ({
    serviceName: 'segmentation',
    kafka: { topicPrefix: 't-', consumerGroupPrefix: 'g' },
    segmentation: { workloads: new Set(workloads), smallBatchLingerMs, journalGatherMs },
  }) as unknown as ServiceConfig;

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
  const consumer = new SegmentFactsConsumer(
    config(workloads, smallBatchLingerMs),
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

  it("leaves each batch's journal work mergeable with the next ones, gathered for the configured time and recorded in one call", async () => {
    const recorded: Array<readonly RecordWork[]> = [];
    const workOf = (consumer: string): RecordWork => ({
      entry: { consumer, eventIds: [], states: [], changes: [] },
      pending: [],
    });
    let consumerName = 'seg';
    const useCase = {
      applyAndPublish: async () => ({
        applied: 1,
        alreadyProcessed: 0,
        inert: 0,
        redirected: 0,
        changes: [],
        record: async () => undefined,
        work: workOf(consumerName),
      }),
      recordAll: async (works: readonly RecordWork[]) => void recorded.push(works),
    } as unknown as ApplySegmentFactsUseCase;
    const consumer = new SegmentFactsConsumer(
      config(['events'], 5, 45),
      {} as MessageConsumerFactory,
      { debug: jest.fn() } as unknown as Logger,
      useCase,
    );
    const message = (id: string): IncomingMessage => ({
      topic: 't-contact-events',
      partition: 0,
      offset: '1',
      key: 'c-1',
      value: Buffer.from(JSON.stringify(complaint(id, 'c-1', '2026-05-18T10:00:00.000Z'))),
      headers: {},
      timestamp: 0,
    });
    const batches: BatchCompletion[] = [];
    for (const id of ['e-1', 'e-2']) batches.push(await consumer.handleBatch([message(id)]));
    consumerName = 'other';
    batches.push(await consumer.handleBatch([message('e-3')]));
    const [first, second, third] = batches.map((batch) => batch.mergeable!);
    expect(first!.merger).toBe(second!.merger);
    expect(first!.merger.gatherMs).toBe(45);
    expect(first!.merger.fits([first!.part], second!.part)).toBe(true);
    expect(first!.merger.fits([first!.part, second!.part], third!.part)).toBe(false);
    await first!.merger.combine([first!.part, second!.part]).complete();
    expect(recorded).toEqual([[first!.part, second!.part]]);
  });
});
