import { CREDIT_GRADE_DEFAULTS, creditGradePack } from './credit-grade.pack';
import { INSURANCE_GRADE_DEFAULTS, insuranceGradePack } from './insurance-grade.pack';
import { LIFECYCLE_STAGE_DEFAULTS, lifecycleStagePack } from './lifecycle-stage.pack';
import { LOYALTY_TYPE_DEFAULTS, loyaltyTypePack } from './loyalty-type.pack';
import type { PackDefinition } from './pack-definition';
import { PROSPECT_DEFAULTS, prospectPack } from './prospect.pack';
import {
  RELATIONSHIP_DISTANCE_DEFAULTS,
  relationshipDistancePack,
} from './relationship-distance.pack';
import { RFM_DEFAULTS, rfmPack } from './rfm.pack';
import { VALUE_SATISFACTION_DEFAULTS, valueSatisfactionPack } from './value-satisfaction.pack';
import { VALUE_TIER_DEFAULTS, valueTierPack } from './value-tier.pack';

export interface ModelPack {
  description: string;
  /** Builds the pack's definitions: its defaults, with the overrides given (as data). */
  build: () => PackDefinition[];
  /** The editable parameters and their default values (thresholds from domain.md). */
  defaults: object;
}

/** The built-in segmentation models (domain.md §3), by pack id (the ids' prefix). */
export const MODEL_PACKS = {
  'value-tier': {
    description: 'VIP / key / ordinary / small customers by value contribution.',
    build: valueTierPack,
    defaults: VALUE_TIER_DEFAULTS,
  },
  'relationship-distance': {
    description: 'Prospect → first-time buyer → repeat buyer → loyal.',
    build: relationshipDistancePack,
    defaults: RELATIONSHIP_DISTANCE_DEFAULTS,
  },
  'value-satisfaction': {
    description: 'Value × satisfaction quadrant with its four service strategies.',
    build: valueSatisfactionPack,
    defaults: VALUE_SATISFACTION_DEFAULTS,
  },
  'credit-grade': {
    description: 'Credit grades A–D with credit term and limit per grade.',
    build: creditGradePack,
    defaults: CREDIT_GRADE_DEFAULTS,
  },
  'loyalty-type': {
    description: 'Exclusive, affiliated, benefit-driven, trust, inertia and latent loyalty.',
    build: loyaltyTypePack,
    defaults: LOYALTY_TYPE_DEFAULTS,
  },
  'insurance-grade': {
    description: 'A/B/C/D grading on economy, awareness and influence, with its actions.',
    build: insuranceGradePack,
    defaults: INSURANCE_GRADE_DEFAULTS,
  },
  rfm: {
    description: 'Recency × frequency × monetary quintiles: 125 cells.',
    build: rfmPack,
    defaults: RFM_DEFAULTS,
  },
  'lifecycle-stage': {
    description: 'Prospect, new, developing, established, at risk, lapsed, won back.',
    build: lifecycleStagePack,
    defaults: LIFECYCLE_STAGE_DEFAULTS,
  },
  prospect: {
    description: 'Acquisition: prospects whose profile resembles the high-value tiers.',
    build: prospectPack,
    defaults: PROSPECT_DEFAULTS,
  },
} as const satisfies Record<string, ModelPack>;

export type ModelPackId = keyof typeof MODEL_PACKS;

/** Every built-in definition with default parameters, in registry order. */
export function builtInDefinitions(): PackDefinition[] {
  return Object.values(MODEL_PACKS).flatMap((pack) => pack.build());
}
