import type { LifecycleStage } from '@cip/contracts';

/**
 * The lifecycle-stage segments segmentation installs, one per stage, and what each means. The
 * segment rules (tenure, activity, risk) are segmentation's data; lifecycle only maps a segment id
 * to its stage. To add or rename a segment, change this table (and the contract's stage enum when
 * the stage itself is new).
 */
export const LIFECYCLE_STAGE_SEGMENT_PREFIX = 'lifecycle-stage.';

export interface LifecycleStageEntry {
  stage: LifecycleStage;
  segmentId: string;
  description: string;
}

const STAGES: ReadonlyArray<Omit<LifecycleStageEntry, 'segmentId'>> = [
  { stage: 'prospect', description: 'known to us, no product yet' },
  { stage: 'new', description: 'customer for less than 3 months' },
  { stage: 'developing', description: 'customer for 3 to 6 months' },
  { stage: 'established', description: 'customer for more than 6 months, active' },
  { stage: 'at-risk', description: 'shows attrition signals (value or quantity churn)' },
  { stage: 'lapsed', description: 'left, or inactive long enough to count as gone' },
  { stage: 'won-back', description: 'came back after lapsing' },
];

export const LIFECYCLE_STAGE_CATALOG: readonly LifecycleStageEntry[] = STAGES.map((entry) => ({
  ...entry,
  segmentId: `${LIFECYCLE_STAGE_SEGMENT_PREFIX}${entry.stage}`,
}));

const STAGE_BY_SEGMENT = new Map(LIFECYCLE_STAGE_CATALOG.map((e) => [e.segmentId, e.stage]));

/** The stage a segment stands for, or undefined for every other segment. */
export function stageOfSegment(segmentId: string): LifecycleStage | undefined {
  return STAGE_BY_SEGMENT.get(segmentId);
}
