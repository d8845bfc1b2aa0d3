import type { Provider } from '@nestjs/common';
import type { ServiceConfig } from '@cip/config';
import { MESSAGE_PUBLISHER, type MessagePublisher } from '@cip/kafka';
import { TrackLifecycleStageUseCase } from '@cip/lifecycle-domain';
import { DATA_SOURCE } from '@cip/persistence';
import { SERVICE_CONFIG } from '@cip/service-kit';
import type { DataSource } from 'typeorm';
import { KafkaStageChangePublisher } from './kafka-stage-change.publisher';
import { LIFECYCLE_STAGE_STORE, LIFECYCLE_STAGES_CONSUMER } from './lifecycle-stages.tokens';
import { PostgresLifecycleStageStore } from './postgres-lifecycle-stage.store';
import { SegmentMembershipStageConsumer } from './segment-membership-stage.consumer';

/** Lifecycle stages: segment membership in, lifecycle.stage.changed out, the stage API's store. */
export function lifecycleStageProviders(): Provider[] {
  return [
    {
      provide: LIFECYCLE_STAGE_STORE,
      useFactory: (dataSource: DataSource) =>
        new PostgresLifecycleStageStore(dataSource, LIFECYCLE_STAGES_CONSUMER),
      inject: [DATA_SOURCE],
    },
    {
      provide: TrackLifecycleStageUseCase,
      useFactory: (
        store: PostgresLifecycleStageStore,
        publisher: MessagePublisher,
        config: ServiceConfig,
      ) =>
        new TrackLifecycleStageUseCase({
          store,
          publisher: new KafkaStageChangePublisher(publisher, config.kafka.topicPrefix),
        }),
      inject: [LIFECYCLE_STAGE_STORE, MESSAGE_PUBLISHER, SERVICE_CONFIG],
    },
    SegmentMembershipStageConsumer,
  ];
}
