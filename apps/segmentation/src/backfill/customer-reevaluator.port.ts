import type { SegmentCatalog, SegmentTrigger } from '@cip/segmentation-domain';

/**
 * Re-evaluates customers against a catalog with no new fact (the pipeline's runner: load,
 * re-evaluate, compare-and-set writes with retries, publish and journal the changes). Backfills
 * drive it page by page; safe to call twice for a customer with the same trigger.
 */
export interface CustomerReevaluator {
  reevaluate(
    customerIds: readonly string[],
    trigger: (customerId: string) => SegmentTrigger,
    catalog: SegmentCatalog,
  ): Promise<{ changes: number }>;
}
