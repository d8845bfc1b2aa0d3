// DataSource and migrations
export { createDataSource, dataSourceOptionsFor } from './create-data-source';
export type { DataSourceOverrides, PersistenceConfig } from './create-data-source';
export { runMigrations, revertMigrations } from './run-migrations';
export type { MigrationOutcome, MigrationRunOptions, RevertOutcome } from './run-migrations';
export { SERVICE_PERSISTENCE, PERSISTENT_SERVICES } from './service-persistence.registry';
export type {
  EntityClass,
  MigrationClass,
  ServicePersistence,
} from './service-persistence.registry';
export { PersistenceError } from './persistence-error';
export { qualifiedTableName, returnedRows } from './qualified-table-name';
export { poolQuery } from './pool-query';
export { NotificationListener } from './notification-listener';
export type { NotificationListenerOptions } from './notification-listener';

// Outbox (events committed with their change, relayed to Kafka after commit)
export { OutboxRelay } from './outbox/outbox.relay';
export type { OutboxRelayOptions } from './outbox/outbox.relay';

// Inbox (dedup by event id inside the effect's transaction)
export { claimEvent, claimEvents, processedEventIds } from './inbox';
export {
  deleteInBatches,
  INBOX_PRUNE_BATCH_SIZE,
  pruneClosedAlerts,
  pruneInbox,
} from './prune-inbox';
export { moveCustomerRows } from './move-customer-rows';
export type { MoveCustomerRows } from './move-customer-rows';

// Health and NestJS wiring
export {
  checkDatabase,
  databaseDependencyCheck,
  DEFAULT_DATABASE_HEALTH_TIMEOUT_MS,
} from './database-health';
export { DATA_SOURCE } from './persistence.tokens';
export { PersistenceModule } from './persistence.module';
export type { PersistenceModuleOptions } from './persistence.module';

// Entities, per owning service
export { ProcessedEventEntity } from './processed-event.entity';
export { AcceptedEventEntity } from './ingestion/accepted-event.entity';
export { CustomerEntity } from './ingestion/customer.entity';
export { CustomerIdentifierEntity } from './ingestion/customer-identifier.entity';
export { CustomerMergeEntity } from './ingestion/customer-merge.entity';
export { CustomerProfileEntity } from './ingestion/customer-profile.entity';
export { CustomerProfileAuditEntity } from './ingestion/customer-profile-audit.entity';
export { OutboxMessageEntity } from './ingestion/outbox-message.entity';
export { SegmentCustomerStateEntity } from './segmentation/segment-customer-state.entity';
export { SegmentDefinitionEntity } from './segmentation/segment-definition.entity';
export type { SegmentDefinitionStatus } from './segmentation/segment-definition.entity';
export { SegmentMembershipEntity } from './segmentation/segment-membership.entity';
export { SegmentMembershipHistoryEntity } from './segmentation/segment-membership-history.entity';
export type { MembershipChange } from './segmentation/segment-membership-history.entity';
export { SegmentEntity } from './segmentation/segment.entity';
export { BackfillJobEntity } from './segmentation/backfill-job.entity';
export type { BackfillJobKind, BackfillJobStatus } from './segmentation/backfill-job.entity';
export { QuantileTableEntity } from './segmentation/quantile-table.entity';
export { SegmentSizeSampleEntity } from './segmentation/segment-size-sample.entity';
export { AlertEntity } from './lifecycle/alert.entity';
export type { AlertStatus } from './lifecycle/alert.entity';
export { TriggerDefinitionEntity } from './lifecycle/trigger-definition.entity';
export { AbsenceTimerEntity } from './lifecycle/absence-timer.entity';
export type { AbsenceTimerStatus } from './lifecycle/absence-timer.entity';
export { TriggerEventHitEntity } from './lifecycle/trigger-event-hit.entity';
export { CustomerValueProfileEntity } from './lifecycle/customer-value-profile.entity';
export { ProfileSegmentEntity } from './lifecycle/profile-segment.entity';
export { AlertTransitionEntity } from './lifecycle/alert-transition.entity';
export { CustomerLifecycleStageEntity } from './lifecycle/customer-lifecycle-stage.entity';
export { LifecycleStageTransitionEntity } from './lifecycle/lifecycle-stage-transition.entity';
export { ChurnModelEntity } from './lifecycle/churn-model.entity';
export { ChurnEventHistoryEntity } from './lifecycle/churn-event-history.entity';
export { ChurnScoreEntity } from './lifecycle/churn-score.entity';
export type { ChurnRiskBandName } from './lifecycle/churn-score.entity';
export { CustomerAgentAssignmentEntity } from './lifecycle/customer-agent-assignment.entity';
export { AgentDepartureEntity } from './lifecycle/agent-departure.entity';
export type { AgentDepartureStatusName } from './lifecycle/agent-departure.entity';
export { AgentDepartureCustomerEntity } from './lifecycle/agent-departure-customer.entity';
export type { AgentDepartureCustomerStatus } from './lifecycle/agent-departure-customer.entity';
export { OpenAlertEntity } from './nba/open-alert.entity';
export { ClosedAlertEntity } from './nba/closed-alert.entity';
export { ActionCatalogEntity } from './nba/action-catalog.entity';
export type { ActionKind } from './nba/action-catalog.entity';
