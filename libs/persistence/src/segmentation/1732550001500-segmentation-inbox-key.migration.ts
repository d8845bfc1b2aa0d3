import type { MigrationInterface, QueryRunner } from 'typeorm';
import { keyInboxByConsumerFirst, keyInboxByEventFirst } from '../inbox-key-event-first';

/** The inbox key led by the event id (see `keyInboxByEventFirst`). */
export class SegmentationInboxKeyEventFirst1732550001500 implements MigrationInterface {
  name = 'SegmentationInboxKeyEventFirst1732550001500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await keyInboxByEventFirst(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await keyInboxByConsumerFirst(queryRunner);
  }
}
