import type { Provider } from '@nestjs/common';
import type { ServiceConfig } from '@cip/config';
import { DATA_SOURCE, pruneInbox } from '@cip/persistence';
import type { Logger } from '@cip/telemetry';
import type { DataSource } from 'typeorm';
import { LOGGER, SERVICE_CONFIG } from '../tokens';
import { RetentionPruneScheduler } from './retention-prune.scheduler';

/** The inbox prune scheduler of a service (tests get it to call pruneOnce). */
export const INBOX_PRUNE_SCHEDULER = Symbol('INBOX_PRUNE_SCHEDULER');

/**
 * For services with an inbox (processed_event): its rows are deleted once older than
 * INBOX_RETENTION_DAYS, every INBOX_PRUNE_INTERVAL_MS on every instance.
 */
export function pruneInboxProviders(): Provider[] {
  return [inboxRetentionPruneProvider(INBOX_PRUNE_SCHEDULER, 'inbox rows', pruneInbox)];
}

/**
 * A scheduler under `token` for rows that, like the inbox, only matter while Kafka may still
 * deliver what they guard against: same INBOX_RETENTION_DAYS and INBOX_PRUNE_INTERVAL_MS.
 */
export function inboxRetentionPruneProvider(
  token: symbol,
  what: string,
  prune: (dataSource: DataSource, before: Date) => Promise<number>,
): Provider {
  return {
    provide: token,
    useFactory: (config: ServiceConfig, dataSource: DataSource, logger: Logger) =>
      new RetentionPruneScheduler(
        {
          what,
          retentionDays: config.retention.inboxDays,
          intervalMs: config.retention.inboxPruneIntervalMs,
          pruneBefore: (cutoff) => prune(dataSource, cutoff),
        },
        logger,
      ),
    inject: [SERVICE_CONFIG, DATA_SOURCE, LOGGER],
  };
}
