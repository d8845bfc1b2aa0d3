import type { MigrationInterface, QueryRunner } from 'typeorm';
import { keyInboxByConsumerFirst, keyInboxByEventFirst } from '../inbox-key-event-first';

/** The inbox key led by the event id (see `keyInboxByEventFirst`). */
export class LifecycleInboxKeyEventFirst1732550006100 implements MigrationInterface {
  name = 'LifecycleInboxKeyEventFirst1732550006100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await keyInboxByEventFirst(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await keyInboxByConsumerFirst(queryRunner);
  }
}
