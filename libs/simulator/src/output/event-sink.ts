import type { ContactEvent } from '@cip/contracts';

/** What the receiving side made of one batch. */
export interface SinkOutcome {
  accepted: number;
  replayed: number;
  rejected: number;
  /** A few rejection reasons, for the report. */
  problems: string[];
}

/** Where streamed events go: the ingestion API here, a Kafka topic or a fake in tests. */
export interface EventSink {
  send(events: readonly ContactEvent[]): Promise<SinkOutcome>;
}

export class SinkAborted extends Error {
  readonly code = 'SINK_ABORTED';
}
