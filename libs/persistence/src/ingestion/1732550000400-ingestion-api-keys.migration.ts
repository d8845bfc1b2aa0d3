import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys of source systems: only a SHA-256 of each secret is kept. */
export class IngestionApiKeys1732550000400 implements MigrationInterface {
  name = 'IngestionApiKeys1732550000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE api_key (
        key_id          text        NOT NULL,
        name            text        NOT NULL,
        source_system   text        NOT NULL,
        secret_hash     text        NOT NULL,
        scopes          text[]      NOT NULL,
        rate_per_second integer     NOT NULL,
        burst           integer     NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        revoked_at      timestamptz,
        CONSTRAINT "PK_api_key" PRIMARY KEY (key_id),
        CONSTRAINT "CHK_api_key_rate" CHECK (rate_per_second > 0 AND burst >= 1)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE api_key`);
  }
}
