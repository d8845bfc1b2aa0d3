import type { MigrationInterface, QueryRunner } from 'typeorm';

// The fifth "100%" (domain.md §5): who is assigned to each customer, the departures of agents,
// and each departure's customers to call (settled row by row, so a worker resumes after a crash).
export class LifecycleAgentDepartures1732550006000 implements MigrationInterface {
  name = 'LifecycleAgentDepartures1732550006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE customer_agent_assignment (
        customer_id     text        NOT NULL,
        agent_id        text,
        profile_version int         NOT NULL,
        changed_at      timestamptz NOT NULL,
        CONSTRAINT "PK_customer_agent_assignment" PRIMARY KEY (customer_id)
      )`);
    // A departure reads one agent's customers; unassigned rows stay out of the index.
    await queryRunner.query(
      `CREATE INDEX "IDX_customer_agent_assignment_agent" ON customer_agent_assignment (agent_id, customer_id) WHERE agent_id IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE agent_departure (
        departure_id       text        NOT NULL,
        agent_id           text        NOT NULL,
        left_at            timestamptz NOT NULL,
        successor_agent_id text,
        reason             text,
        recorded_at        timestamptz NOT NULL,
        status             text        NOT NULL DEFAULT 'pending',
        customers_found    int         NOT NULL DEFAULT 0,
        customers_alerted  int         NOT NULL DEFAULT 0,
        customers_skipped  int         NOT NULL DEFAULT 0,
        completed_at       timestamptz,
        CONSTRAINT "PK_agent_departure" PRIMARY KEY (departure_id),
        CONSTRAINT "CHK_agent_departure_status" CHECK (status IN ('pending', 'completed'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_agent_departure_pending" ON agent_departure (left_at) WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_agent_departure_agent" ON agent_departure (agent_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE agent_departure_customer (
        departure_id text        NOT NULL,
        customer_id  text        NOT NULL,
        status       text        NOT NULL DEFAULT 'pending',
        settled_at   timestamptz,
        CONSTRAINT "PK_agent_departure_customer" PRIMARY KEY (departure_id, customer_id),
        CONSTRAINT "CHK_agent_departure_customer_status"
          CHECK (status IN ('pending', 'alerted', 'skipped')),
        CONSTRAINT "FK_agent_departure_customer_departure" FOREIGN KEY (departure_id)
          REFERENCES agent_departure (departure_id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_agent_departure_customer_pending" ON agent_departure_customer (departure_id, customer_id) WHERE status = 'pending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE agent_departure_customer`);
    await queryRunner.query(`DROP TABLE agent_departure`);
    await queryRunner.query(`DROP TABLE customer_agent_assignment`);
  }
}
