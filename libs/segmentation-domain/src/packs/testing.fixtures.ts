// Test fixtures shared by the packs' specs (not exported from index.ts).
import { applyEventToFeatures, applyProfileChangeToFeatures } from '../features/apply-to-features';
import { emptyCustomerFeatures, type CustomerFeatures } from '../features/customer-features';
import { FeatureSpecBuilder } from '../features/feature-spec';
import { featuresReader } from '../features/features-reader';
import { STANDARD_FEATURE_SPEC } from '../features/standard-features';
import { featureSpecFor } from '../language/condition-requirements';
import { evaluateSegments } from '../language/segment-set';
import type { PackDefinition } from './pack-definition';

export const DAY = 86_400_000;
/** Mid-month, so "12 complete months" and day windows are easy to reason about. */
export const NOW = Date.parse('2026-07-15T12:00:00.000Z');

export type Fact =
  { type: string; daysAgo: number; payload: object } | { profile: Record<string, unknown> };

export const purchase = (daysAgo: number, amount = 100): Fact => ({
  type: 'purchase.completed',
  daysAgo,
  payload: { amount, currency: 'EUR', productId: 'p' },
});
export const nps = (daysAgo: number, score: number): Fact => ({
  type: 'survey.answered',
  daysAgo,
  payload: { score, scale: 'nps-0-10' },
});
export const complaint = (daysAgo: number): Fact => ({
  type: 'complaint.filed',
  daysAgo,
  payload: { complaintId: `c${daysAgo}`, category: 'billing', severity: 'medium' },
});
export const event = (type: string, daysAgo: number, payload: object): Fact => ({
  type,
  daysAgo,
  payload,
});
export const profileFacts = (profile: Record<string, unknown>): Fact => ({ profile });

/** Builds a customer's features from facts, as the service would, keeping what `defs` need. */
export function customer(defs: readonly PackDefinition[], facts: readonly Fact[]) {
  const spec = featureSpecFor(
    defs.map((d) => d.condition),
    new FeatureSpecBuilder().merge(STANDARD_FEATURE_SPEC),
  );
  let features: CustomerFeatures | undefined;
  facts.forEach((fact, i) => {
    const eventId = `e${i}`;
    if ('profile' in fact) {
      const changes = Object.entries(fact.profile).map(([attribute, value]) => ({
        field: `/${attribute}`,
        value,
      }));
      const change = {
        eventId,
        customerId: 'c',
        occurredAt: new Date(NOW - DAY).toISOString(),
        changes,
      };
      features = applyProfileChangeToFeatures(features, change, spec, NOW).features;
    } else {
      const occurredAt = new Date(NOW - fact.daysAgo * DAY).toISOString();
      features = applyEventToFeatures(
        features,
        { eventId, customerId: 'c', type: fact.type, occurredAt, payload: fact.payload },
        spec,
        NOW,
      ).features;
    }
  });
  return features ?? emptyCustomerFeatures('c');
}

/** Ids of the pack's segments the customer is in. */
export function membership(
  defs: readonly PackDefinition[],
  facts: readonly Fact[],
  quantiles?: Record<string, readonly number[]>,
): string[] {
  const outcomes = evaluateSegments(defs, {
    nowMs: NOW,
    reader: featuresReader(customer(defs, facts)),
    ...(quantiles ? { quantiles } : {}),
  });
  return [...outcomes]
    .filter(([, o]) => o.matched)
    .map(([id]) => id)
    .sort();
}
