import type { Logger } from '@cip/telemetry';
import type { Client, Notification } from 'pg';
import type { DataSource } from 'typeorm';
import { poolOf } from './pool-query';
import { assertSchemaName } from './schema-identifier';

export interface NotificationListenerOptions {
  /** A Postgres identifier (LISTEN takes no parameters). */
  channel: string;
  /**
   * Called for each notification whose payload is this connection's schema (notifications are
   * per database, and schemas isolate deployments and test runs), and after every (re)connect,
   * since notifications sent while disconnected are lost.
   */
  onNotify: () => void;
  logger: Logger;
  /** Wait before reconnecting after the connection failed. */
  reconnectMs?: number;
}

/**
 * Holds a connection in LISTEN on a channel, and reconnects when it fails. The connection is made
 * with the DataSource pool's settings (server, credentials, search_path) but is not one of the
 * pool's: a held pool connection would shrink the pool, to nothing at a pool size of one. Senders notify with their schema as payload (`SELECT pg_notify(channel,
 * current_schema())`), inside the transaction whose commit the listeners should see.
 */
export class NotificationListener {
  private client: Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;
  private connecting: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: NotificationListenerOptions,
  ) {
    assertSchemaName(options.channel);
  }

  /** Resolves once listening (or after the first failure, which is retried in the background). */
  start(): Promise<void> {
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  /** Whether a connection is listening now. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    await client.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    let client: Client | undefined;
    try {
      const pool = poolOf(this.dataSource);
      client = new pool.Client(pool.options);
      client.on('error', () => undefined); // until the handler below: an early error rejects connect
      await client.connect();
      const rows = (await client.query<{ schema: string }>('SELECT current_schema() AS schema'))
        .rows;
      const schema = rows[0]?.schema;
      const listening = client;
      listening.on('notification', (message: Notification) => {
        if (message.channel === this.options.channel && message.payload === schema) {
          this.options.onNotify();
        }
      });
      listening.on('error', (error: Error) => this.lost(listening, error));
      listening.on('end', () => this.lost(listening, new Error('connection ended')));
      await listening.query(`LISTEN ${this.options.channel}`);
      if (this.closed) {
        await listening.end();
        return;
      }
      this.client = listening;
      this.options.onNotify();
    } catch (error) {
      void client?.end().catch(() => undefined);
      this.options.logger.warn(
        { err: error, channel: this.options.channel },
        'cannot listen for notifications; retrying',
      );
      this.scheduleReconnect();
    }
  }

  private lost(client: Client, error: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    this.options.logger.warn(
      { err: error, channel: this.options.channel },
      'notification connection lost; reconnecting',
    );
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.start();
    }, this.options.reconnectMs ?? 1_000);
    this.retry.unref();
  }
}
