import { BatchCoalescer } from './batch-coalescer';
import type { BatchHandler, ConsumerSpec } from './message-bus';
import { lingerOnSmallBatches } from './small-batch-linger';

/**
 * The spec's batch handler as the bus calls it: partition batches coalesced into one call if
 * asked, and the next fetch held back after that call (not each partition's part) if small.
 */
export function composeBatchHandler(spec: ConsumerSpec): BatchHandler | undefined {
  if (!spec.batchHandler) return undefined;
  const handler = spec.lingerOnSmallBatches
    ? lingerOnSmallBatches(spec.batchHandler, spec.lingerOnSmallBatches)
    : spec.batchHandler;
  return spec.coalescePartitionBatches ? new BatchCoalescer(handler).handle : handler;
}
