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
import { LifecycleTriggerState1732550003010 } from './lifecycle/1732550003010-lifecycle-trigger-state.migration';
import { LifecycleSeedBuiltInTriggers1732550003020 } from './lifecycle/1732550003020-lifecycle-seed-built-in-triggers.migration';
import { LifecycleProfileSegmentsFromPacks1732550003030 } from './lifecycle/1732550003030-lifecycle-profile-segments-from-packs.migration';
import { AbsenceTimerEntity } from './lifecycle/absence-timer.entity';
import { CustomerValueProfileEntity } from './lifecycle/customer-value-profile.entity';
import { ProfileSegmentEntity } from './lifecycle/profile-segment.entity';
import { TriggerEventHitEntity } from './lifecycle/trigger-event-hit.entity';
import { LifecycleAlertWorkflow1732550004000 } from './lifecycle/1732550004000-lifecycle-alert-workflow.migration';
import { LifecycleCustomerStage1732550004100 } from './lifecycle/1732550004100-lifecycle-customer-stage.migration';
import { LifecycleChurnRisk1732550005000 } from './lifecycle/1732550005000-lifecycle-churn-risk.migration';
import { LifecycleOutbox1732550005500 } from './lifecycle/1732550005500-lifecycle-outbox.migration';
import { LifecycleAgentDepartures1732550006000 } from './lifecycle/1732550006000-lifecycle-agent-departures.migration';
import { LifecycleSeedAgentLeftTrigger1732550006010 } from './lifecycle/1732550006010-lifecycle-seed-agent-left-trigger.migration';
import { AgentDepartureEntity } from './lifecycle/agent-departure.entity';
import { AgentDepartureCustomerEntity } from './lifecycle/agent-departure-customer.entity';
import { CustomerAgentAssignmentEntity } from './lifecycle/customer-agent-assignment.entity';
import { ChurnEventHistoryEntity } from './lifecycle/churn-event-history.entity';
import { ChurnModelEntity } from './lifecycle/churn-model.entity';
import { ChurnScoreEntity } from './lifecycle/churn-score.entity';
import { AlertTransitionEntity } from './lifecycle/alert-transition.entity';
import { CustomerLifecycleStageEntity } from './lifecycle/customer-lifecycle-stage.entity';
import { LifecycleStageTransitionEntity } from './lifecycle/lifecycle-stage-transition.entity';
import { ActionCatalogEntity } from './nba/action-catalog.entity';
import { OpenAlertEntity } from './nba/open-alert.entity';
import { ClosedAlertEntity } from './nba/closed-alert.entity';
import { NbaInitial1732550003000 } from './nba/1732550003000-nba-initial.migration';
import { NbaSeedActionCatalog1732550003100 } from './nba/1732550003100-nba-seed-action-catalog.migration';
import { NbaClosedAlert1732550003200 } from './nba/1732550003200-nba-closed-alert.migration';
import { ProcessedEventEntity } from './processed-event.entity';
import { SegmentCustomerStateEntity } from './segmentation/segment-customer-state.entity';
import { SegmentDefinitionEntity } from './segmentation/segment-definition.entity';
import { SegmentMembershipHistoryEntity } from './segmentation/segment-membership-history.entity';
import { SegmentMembershipEntity } from './segmentation/segment-membership.entity';
import { SegmentationInitial1732550001000 } from './segmentation/1732550001000-segmentation-initial.migration';
import { SegmentationSeedRepeatedComplainers1732550001100 } from './segmentation/1732550001100-segmentation-seed-repeated-complainers.migration';
import { SegmentationFeaturesState1732550001200 } from './segmentation/1732550001200-segmentation-features-state.migration';
import { SegmentationDefinitionsVersionTwo1732550001300 } from './segmentation/1732550001300-segmentation-definitions-v2.migration';
import { LifecycleInboxKeyEventFirst1732550006100 } from './lifecycle/1732550006100-lifecycle-inbox-key.migration';
import { NbaClosedAlertRetention1732550003400 } from './nba/1732550003400-nba-closed-alert-retention.migration';
import { NbaInboxKeyEventFirst1732550003300 } from './nba/1732550003300-nba-inbox-key.migration';
import { SegmentationInboxKeyEventFirst1732550001500 } from './segmentation/1732550001500-segmentation-inbox-key.migration';
import { SegmentationSnapshotHotUpdates1732550001600 } from './segmentation/1732550001600-segmentation-snapshot-hot-updates.migration';
import { SegmentationSizeSampleRetention1732550001400 } from './segmentation/1732550001400-segmentation-size-sample-retention.migration';
import { BackfillJobEntity } from './segmentation/backfill-job.entity';
import { QuantileTableEntity } from './segmentation/quantile-table.entity';
import { SegmentEntity } from './segmentation/segment.entity';
import { SegmentSizeSampleEntity } from './segmentation/segment-size-sample.entity';

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
      SegmentCustomerStateEntity,
      SegmentDefinitionEntity,
      SegmentMembershipEntity,
      SegmentMembershipHistoryEntity,
      SegmentEntity,
      BackfillJobEntity,
      QuantileTableEntity,
      SegmentSizeSampleEntity,
    ],
    migrations: [
      SegmentationInitial1732550001000,
      SegmentationSeedRepeatedComplainers1732550001100,
      SegmentationFeaturesState1732550001200,
      SegmentationDefinitionsVersionTwo1732550001300,
      SegmentationSizeSampleRetention1732550001400,
      SegmentationInboxKeyEventFirst1732550001500,
      SegmentationSnapshotHotUpdates1732550001600,
    ],
  },
  lifecycle: {
    entities: [
      ProcessedEventEntity,
      AlertEntity,
      TriggerDefinitionEntity,
      AlertTransitionEntity,
      CustomerLifecycleStageEntity,
      LifecycleStageTransitionEntity,
      AbsenceTimerEntity,
      TriggerEventHitEntity,
      CustomerValueProfileEntity,
      ProfileSegmentEntity,
      ChurnModelEntity,
      ChurnEventHistoryEntity,
      ChurnScoreEntity,
      // alert.status.changed, relayed after commit (alert-workflow/alert-status-outbox.relay.ts).
      OutboxMessageEntity,
      CustomerAgentAssignmentEntity,
      AgentDepartureEntity,
      AgentDepartureCustomerEntity,
    ],
    migrations: [
      LifecycleInitial1732550002000,
      LifecycleSeedTriggers1732550002100,
      LifecycleTriggerState1732550003010,
      LifecycleSeedBuiltInTriggers1732550003020,
      LifecycleProfileSegmentsFromPacks1732550003030,
      LifecycleAlertWorkflow1732550004000,
      LifecycleCustomerStage1732550004100,
      LifecycleChurnRisk1732550005000,
      LifecycleOutbox1732550005500,
      LifecycleAgentDepartures1732550006000,
      LifecycleSeedAgentLeftTrigger1732550006010,
      LifecycleInboxKeyEventFirst1732550006100,
    ],
  },
  nba: {
    entities: [ProcessedEventEntity, OpenAlertEntity, ClosedAlertEntity, ActionCatalogEntity],
    migrations: [
      NbaInitial1732550003000,
      NbaSeedActionCatalog1732550003100,
      NbaClosedAlert1732550003200,
      NbaInboxKeyEventFirst1732550003300,
      NbaClosedAlertRetention1732550003400,
    ],
  },
};

export const PERSISTENT_SERVICES = Object.keys(SERVICE_PERSISTENCE) as ServiceName[];

export function isPersistentService(name: string): name is ServiceName {
  return Object.hasOwn(SERVICE_PERSISTENCE, name);
}
