import type { StoredSegmentDefinition } from './segment-definition';

/** Where definitions live (Postgres in the app); the domain only needs to read them. */
export interface SegmentDefinitionSource {
  /** All versions currently `active` (at most one per segment id). */
  loadActive(): Promise<StoredSegmentDefinition[]>;
  /** Every version, newest first per id: for listing. */
  loadAll(): Promise<StoredSegmentDefinition[]>;
}
