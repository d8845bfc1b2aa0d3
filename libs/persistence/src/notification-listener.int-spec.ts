import type { Logger } from '@cip/telemetry';
import { NotificationListener } from './notification-listener';
import { poolQuery } from './pool-query';
import { useMigratedSchema } from './test/migrated-schema.harness';

// A pool of one: the listener's connection must not be one of the pool's, or every query here
// (a transaction among them) would wait for it forever.
const schema = useMigratedSchema('segmentation', 'notify', 1);
const CHANNEL = 'cip_notify_spec';

const warnings: string[] = [];
const logger = {
  warn: (_context: unknown, message: string) => warnings.push(message),
} as unknown as Logger;

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Lets a notification that would arrive arrive (a round trip through the server and back). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('NotificationListener', () => {
  let calls = 0;
  let listener: NotificationListener;

  beforeEach(async () => {
    calls = 0;
    warnings.length = 0;
    listener = new NotificationListener(schema.dataSource, {
      channel: CHANNEL,
      onNotify: () => calls++,
      logger,
      reconnectMs: 50,
    });
    await listener.start();
  });

  afterEach(() => listener.close());

  it("hears its own schema's notifications once committed, and not another schema's", async () => {
    expect(listener.listening).toBe(true);
    expect(calls).toBe(1); // the (re)connect itself: whatever was sent before is unknown
    await schema.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_notify($1, current_schema())`, [CHANNEL]);
      await settle();
      expect(calls).toBe(1);
    });
    await until(() => calls === 2);
    await poolQuery(schema.dataSource, `SELECT pg_notify($1, 'some_other_schema')`, [CHANNEL]);
    await poolQuery(schema.dataSource, `SELECT pg_notify('another_channel', current_schema())`);
    await settle();
    expect(calls).toBe(2);
  });

  it('listens again after its connection is killed, and hears later notifications', async () => {
    const [killed] = await poolQuery<{ killed: boolean }>(
      schema.dataSource,
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
        WHERE query = $1 AND pid <> pg_backend_pid()`,
      [`LISTEN ${CHANNEL}`],
    );
    expect(killed?.killed).toBe(true);
    await until(() => calls === 2); // reconnected
    expect(warnings).toContain('notification connection lost; reconnecting');
    await poolQuery(schema.dataSource, `SELECT pg_notify($1, current_schema())`, [CHANNEL]);
    await until(() => calls === 3);
  });

  it('closes its connection on close and hears nothing after', async () => {
    await listener.close();
    expect(listener.listening).toBe(false);
    await poolQuery(schema.dataSource, `SELECT pg_notify($1, current_schema())`, [CHANNEL]);
    await settle();
    expect(calls).toBe(1);
    const [listeners] = await poolQuery<{ n: number }>(
      schema.dataSource,
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = $1`,
      [`LISTEN ${CHANNEL}`],
    );
    expect(listeners?.n).toBe(0);
  });
});
