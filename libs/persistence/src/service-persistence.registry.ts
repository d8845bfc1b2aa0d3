import type { ServiceName } from '@cip/config';
import type { MigrationInterface } from 'typeorm';
import { AcceptedEventEntity } from './ingestion/accepted-event.entity';
import { IngestionInitial1732550000000 } from './ingestion/1732550000000-ingestion-initial.migration';
import { IngestionLedgerStatus1732550000100 } from './ingestion/1732550000100-ingestion-ledger-status.migration';
import { IngestionIdentityGraph1732550000200 } from './ingestion/1732550000200-ingestion-identity-graph.migration';
import { IngestionCustomerFile1732550000210 } from './ingestion/1732550000210-ingestion-customer-file.migration';
import { CustomerEntity } from './ingestion/customer.entity';
import { CustomerIdentifierEntity } from './ingestion/customer-identifier.entity';
import { CustomerMergeEntity } from './ingestion/customer-merge.entity';
import { CustomerProfileAuditEntity } from './ingestion/customer-profile-audit.entity';
import { CustomerProfileEntity } from './ingestion/customer-profile.entity';
import { OutboxMessageEntity } from './ingestion/outbox-message.entity';
import { IngestionApiKeys1732550000400 } from './ingestion/1732550000400-ingestion-api-keys.migration';
import { AlertEntity } from './lifecycle/alert.entity';
import { TriggerDefinitionEntity } from './lifecycle/trigger-definition.entity';
import { LifecycleInitial1732550002000 } from './lifecycle/1732550002000-lifecycle-initial.migration';
import { LifecycleSeedTriggers1732550002100 } from './lifecycle/1732550002100-lifecycle-seed-triggers.migration';
import { ActionCatalogEntity } from './nba/action-catalog.entity';
import { OpenAlertEntity } from './nba/open-alert.entity';
import { NbaInitial1732550003000 } from './nba/1732550003000-nba-initial.migration';
import { NbaSeedActionCatalog1732550003100 } from './nba/1732550003100-nba-seed-action-catalog.migration';
import { ProcessedEventEntity } from './processed-event.entity';
import { CustomerStateEntity } from './segmentation/customer-state.entity';
import { SegmentDefinitionEntity } from './segmentation/segment-definition.entity';
import { SegmentMembershipHistoryEntity } from './segmentation/segment-membership-history.entity';
import { SegmentMembershipEntity } from './segmentation/segment-membership.entity';
import { SegmentationInitial1732550001000 } from './segmentation/1732550001000-segmentation-initial.migration';
import { SegmentationSeedRepeatedComplainers1732550001100 } from './segmentation/1732550001100-segmentation-seed-repeated-complainers.migration';

export type EntityClass = new () => object;
export type MigrationClass = new () => MigrationInterface;

export interface ServicePersistence {
  entities: readonly EntityClass[];
  /** In the order they apply; never edit or reorder one that has landed, add a new one. */
  migrations: readonly MigrationClass[];
}

/** What each service stores, in its own schema. No service gets another service's entities. */
export const SERVICE_PERSISTENCE: Readonly<Record<ServiceName, ServicePersistence>> = {
  ingestion: {
    entities: [
      AcceptedEventEntity,
      CustomerEntity,
      CustomerIdentifierEntity,
      CustomerMergeEntity,
      CustomerProfileEntity,
      CustomerProfileAuditEntity,
      OutboxMessageEntity,
    ],
    migrations: [
      IngestionInitial1732550000000,
      IngestionLedgerStatus1732550000100,
      IngestionIdentityGraph1732550000200,
      IngestionCustomerFile1732550000210,
      IngestionApiKeys1732550000400,
    ],
  },
  segmentation: {
    entities: [
      ProcessedEventEntity,
      CustomerStateEntity,
      SegmentDefinitionEntity,
      SegmentMembershipEntity,
      SegmentMembershipHistoryEntity,
    ],
    migrations: [
      SegmentationInitial1732550001000,
      SegmentationSeedRepeatedComplainers1732550001100,
    ],
  },
  lifecycle: {
    entities: [ProcessedEventEntity, AlertEntity, TriggerDefinitionEntity],
    migrations: [LifecycleInitial1732550002000, LifecycleSeedTriggers1732550002100],
  },
  nba: {
    entities: [ProcessedEventEntity, OpenAlertEntity, ActionCatalogEntity],
    migrations: [NbaInitial1732550003000, NbaSeedActionCatalog1732550003100],
  },
};

export const PERSISTENT_SERVICES = Object.keys(SERVICE_PERSISTENCE) as ServiceName[];

export function isPersistentService(name: string): name is ServiceName {
  return Object.hasOwn(SERVICE_PERSISTENCE, name);
}
