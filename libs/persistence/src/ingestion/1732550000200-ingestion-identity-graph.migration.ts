import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The identity graph: customers, the identifiers that point at them (unique per kind and value,
 * which is what makes concurrent resolutions of one new identifier create one customer) and the
 * log of merges. A merged customer keeps its row (`merged_into` the survivor) so its id resolves.
 */
export class IngestionIdentityGraph1732550000200 implements MigrationInterface {
  name = 'IngestionIdentityGraph1732550000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE customer (
        id          text        NOT NULL,
        status      text        NOT NULL,
        merged_into text,
        created_at  timestamptz NOT NULL DEFAULT now(),
        merged_at   timestamptz,
        CONSTRAINT "PK_customer" PRIMARY KEY (id),
        CONSTRAINT "CHK_customer_status" CHECK (status IN ('prospect', 'customer', 'merged')),
        CONSTRAINT "CHK_customer_merged_into" CHECK ((status = 'merged') = (merged_into IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_customer_merged_into" ON customer (merged_into) WHERE merged_into IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE customer_identifier (
        kind        text        NOT NULL,
        value       text        NOT NULL,
        customer_id text        NOT NULL,
        attached_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_customer_identifier" PRIMARY KEY (kind, value),
        CONSTRAINT "CHK_customer_identifier_kind"
          CHECK (kind IN ('customerId', 'accountNumber', 'phone', 'email', 'deviceId', 'nationalId'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_customer_identifier_customer" ON customer_identifier (customer_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE customer_merge (
        id                bigserial   NOT NULL,
        loser_id          text        NOT NULL,
        survivor_id       text        NOT NULL,
        reason            text        NOT NULL,
        identifiers_moved jsonb       NOT NULL,
        event_id          text        NOT NULL,
        merged_at         timestamptz NOT NULL,
        CONSTRAINT "PK_customer_merge" PRIMARY KEY (id),
        CONSTRAINT "UQ_customer_merge_loser" UNIQUE (loser_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_customer_merge_survivor" ON customer_merge (survivor_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE customer_merge`);
    await queryRunner.query(`DROP TABLE customer_identifier`);
    await queryRunner.query(`DROP TABLE customer`);
  }
}
