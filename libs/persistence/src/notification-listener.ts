import type { Logger } from '@cip/telemetry';
import type { Notification, PoolClient } from 'pg';
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
 * Holds one connection of the DataSource's pool in LISTEN on a channel, and reconnects when it
 * fails. Senders notify with their schema as payload (`SELECT pg_notify(channel,
 * current_schema())`), inside the transaction whose commit the listeners should see.
 */
export class NotificationListener {
  private client: PoolClient | undefined;
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
    try {
      await client.query(`UNLISTEN ${this.options.channel}`);
      client.release();
    } catch (error) {
      client.release(error instanceof Error ? error : true);
    }
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    let client: PoolClient | undefined;
    try {
      client = await poolOf(this.dataSource).connect();
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
      await listening.query(`LISTEN ${this.options.channel}`);
      if (this.closed) {
        listening.release();
        return;
      }
      this.client = listening;
      this.options.onNotify();
    } catch (error) {
      client?.release(error instanceof Error ? error : true);
      this.options.logger.warn(
        { err: error, channel: this.options.channel },
        'cannot listen for notifications; retrying',
      );
      this.scheduleReconnect();
    }
  }

  private lost(client: PoolClient, error: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.release(error);
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
