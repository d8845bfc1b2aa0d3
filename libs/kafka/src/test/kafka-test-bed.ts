import type { Admin } from 'kafkajs';
import type { BusLogger } from '../bus-logger';
import {
  createKafkaBus,
  createKafkaClient,
  type KafkaBus,
  type KafkaBusConfig,
} from '../kafka-client.factory';
import type { RunningConsumer, TopicSpec } from '../message-bus';
import { cleanUp, deleteGroupsWithPrefix } from './kafka-test.env';

/**
 * What an integration spec of the bus works with against the real broker: a connected bus on
 * its topics, an admin for offsets and groups, and the consumers it starts (stopped at close).
 */
export interface KafkaTestBed {
  bus: KafkaBus;
  admin: Admin;
  started: RunningConsumer[];
  /** Consumers, bus, the spec's groups (by prefix), admin, then its topics; every step tried. */
  close(...more: Array<() => Promise<unknown>>): Promise<void>;
}

/**
 * `topics` are created before the bus connects; `deleteAtClose` are deleted at close (topics a
 * spec creates itself included). Groups go before topics: an admin that knew a deleted topic
 * fails its next metadata refresh.
 */
export async function openKafkaTestBed(options: {
  config: KafkaBusConfig;
  logger: BusLogger;
  groupPrefix: string;
  topics: readonly TopicSpec[];
  deleteAtClose: readonly string[];
}): Promise<KafkaTestBed> {
  const bus = createKafkaBus(options.config, options.logger);
  const admin = createKafkaClient(options.config, options.logger).admin();
  await admin.connect();
  await bus.topics.ensureTopics(options.topics);
  await bus.connect();
  const started: RunningConsumer[] = [];
  return {
    bus,
    admin,
    started,
    close: (...more) =>
      cleanUp(
        () => Promise.all(started.map((consumer) => consumer.stop())),
        () => bus.close(),
        () => deleteGroupsWithPrefix(admin, options.groupPrefix),
        () => admin.disconnect(),
        () => bus.topics.deleteTopics(options.deleteAtClose),
        ...more,
      ),
  };
}

/**
 * `openKafkaTestBed` in the enclosing describe's beforeAll, closed in its afterAll; the returned
 * object's fields are set once beforeAll ran.
 */
export function useKafkaTestBed(options: Parameters<typeof openKafkaTestBed>[0]): KafkaTestBed {
  const bed = {} as KafkaTestBed;
  beforeAll(async () => {
    Object.assign(bed, await openKafkaTestBed(options));
  });
  afterAll(() => bed.close?.());
  return bed;
}
