import 'reflect-metadata';
import { Inject, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Admin } from 'kafkajs';
import { createKafkaClient } from './kafka-client.factory';
import { KafkajsTopicAdmin } from './kafkajs-topic-admin';
import {
  KafkaModule,
  MESSAGE_CONSUMERS,
  MESSAGE_PUBLISHER,
  TOPIC_ADMIN,
  BUS_HEALTH,
} from './kafka.module';
import type {
  BusHealth,
  IncomingMessage,
  MessageConsumerFactory,
  MessagePublisher,
  TopicAdmin,
} from './message-bus';
import {
  eventually,
  testBusConfig,
  uniquePrefix,
  deleteGroupsWithPrefix,
  cleanUp,
} from './test/kafka-test.env';
import { RecordingLogger } from './test/recording-logger';

const prefix = uniquePrefix('nest');
const TOPIC = `${prefix}events`;
const GROUP = `${prefix}group`;

/** What a service's consumer looks like: started on bootstrap, stopped by the module at shutdown. */
@Injectable()
class RecordingConsumer implements OnApplicationBootstrap {
  readonly received: IncomingMessage[] = [];
  handlerFinished = false;

  constructor(@Inject(MESSAGE_CONSUMERS) private readonly consumers: MessageConsumerFactory) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start({
      groupId: GROUP,
      topics: [TOPIC],
      handler: async (message) => {
        this.received.push(message);
        // Slow enough that shutdown begins while this runs; it must still finish and commit.
        await new Promise((resolve) => setTimeout(resolve, 300));
        this.handlerFinished = true;
      },
    });
  }
}

describe('KafkaModule (integration)', () => {
  const logger = new RecordingLogger();
  const config = testBusConfig({ clientId: `${prefix}client` });
  let admin: Admin;

  beforeAll(async () => {
    admin = createKafkaClient(config, logger).admin();
    await admin.connect();
    await new KafkajsTopicAdmin(() => createKafkaClient(config, logger).admin()).ensureTopics([
      { name: TOPIC },
    ]);
  });

  afterAll(async () => {
    await cleanUp(
      () => deleteGroupsWithPrefix(admin, prefix),
      () => admin.deleteTopics({ topics: [TOPIC] }),
      () => admin.disconnect(),
    );
  });

  it('connects on init, serves publisher/consumers/health, and drains consumers before the producer at close', async () => {
    @Module({ imports: [KafkaModule.forRoot({ config, logger })], providers: [RecordingConsumer] })
    class AppModule {}

    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    await app.init();
    const publisher = app.get<MessagePublisher>(MESSAGE_PUBLISHER);
    const health = app.get<BusHealth>(BUS_HEALTH);
    const topics = app.get<TopicAdmin>(TOPIC_ADMIN);
    const consumer = app.get(RecordingConsumer);

    await expect(health.check()).resolves.toBeUndefined();
    expect(await topics.ensureTopics([{ name: TOPIC }])).toEqual([]);
    await publisher.publish(TOPIC, [{ key: 'cust-1', value: { hello: 'nest' } }]);
    await eventually(() => consumer.received.length === 1, 'the message through the module');
    expect(consumer.handlerFinished).toBe(false);

    await app.close();

    expect(consumer.handlerFinished).toBe(true);
    const [offsets] = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
    const partition = consumer.received[0]?.partition;
    expect(offsets?.partitions.find((p) => p.partition === partition)?.offset).toBe(
      String(Number(consumer.received[0]?.offset) + 1),
    );
    const [group] = (await admin.describeGroups([GROUP])).groups;
    expect(group?.members).toEqual([]);
    await expect(publisher.publish(TOPIC, [{ key: 'k', value: 1 }])).rejects.toThrow(
      'publisher is closed',
    );
  });

  it('builds its options from other providers with forRootAsync', async () => {
    const LOGGER = Symbol('LOGGER');
    @Module({ providers: [{ provide: LOGGER, useValue: logger }], exports: [LOGGER] })
    class LoggingModule {}

    const app = await NestFactory.createApplicationContext(
      KafkaModule.forRootAsync({
        imports: [LoggingModule],
        inject: [LOGGER],
        useFactory: (injected: RecordingLogger) => ({ config, logger: injected }),
      }),
      { logger: false },
    );
    await app.init();
    await expect(app.get<BusHealth>(BUS_HEALTH).check()).resolves.toBeUndefined();
    await app.close();
  });
});
