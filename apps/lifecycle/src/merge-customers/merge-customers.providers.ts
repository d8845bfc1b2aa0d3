import type { Provider } from '@nestjs/common';
import { DATA_SOURCE } from '@cip/persistence';
import type { DataSource } from 'typeorm';
import {
  CUSTOMER_KEYED_STATE_MERGE_CONSUMER,
  CUSTOMER_KEYED_STATE_MERGER,
  CustomerKeyedStateMergeConsumer,
} from './customer-keyed-state-merge.consumer';
import { PostgresCustomerKeyedStateMerger } from './postgres-customer-keyed-state.merger';

/** Merges of the rows keyed by customer id (churn score, stage, value profile). */
export function mergeCustomerKeyedStateProviders(): Provider[] {
  return [
    {
      provide: CUSTOMER_KEYED_STATE_MERGER,
      useFactory: (dataSource: DataSource) =>
        new PostgresCustomerKeyedStateMerger(dataSource, CUSTOMER_KEYED_STATE_MERGE_CONSUMER),
      inject: [DATA_SOURCE],
    },
    CustomerKeyedStateMergeConsumer,
  ];
}
