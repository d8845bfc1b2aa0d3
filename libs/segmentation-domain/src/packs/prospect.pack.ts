import { SegmentationError } from '../definitions/segment-definition';
import type { Condition, Scalar } from '../language/segment-condition.schema';
import { all, any, cmp, oneOf, profile } from './condition-builders';
import { packDefinitions, type PackDefinition } from './pack-definition';
import { PURCHASES_EVER } from './pack-operands';

/** Pack id; its segment ids (`prospect.<key>`) are what acquisition triggers wait for. */
export const PROSPECT_PACK = 'prospect';

/** Profile attributes (customer-file JSON pointers without the leading `/`) the traits read. */
export interface ProspectAttributes {
  occupation: string;
  householdSize: string;
  industry: string;
  employeeCount: string;
  annualRevenue: string;
}

export interface ProspectParams {
  attributes: ProspectAttributes;
  /** Occupations common in the high-value tiers (people). Empty: the trait is not used. */
  highValueOccupations: string[];
  /** Household size from which a person resembles the high-value tiers; 0: not used. */
  minHouseholdSize: number;
  /** Industries common in the high-value tiers (organisations). Empty: not used. */
  highValueIndustries: string[];
  /** Head count from which an organisation resembles the high-value tiers; 0: not used. */
  minEmployeeCount: number;
  /** Annual revenue (the profile's amount, any currency) from which it does; 0: not used. */
  minAnnualRevenue: number;
  /** How many of the traits in use a prospect must have to count as a lookalike. */
  minTraits: number;
}

/**
 * Defaults are ours (domain.md §2 only says "profile-match a prospect to the closest segment"):
 * set them from the profile of the value-tier pack's VIP and key customers. With 2 traits, a
 * person needs both of theirs and an organisation two of its three.
 */
export const PROSPECT_DEFAULTS: Readonly<ProspectParams> = Object.freeze({
  attributes: Object.freeze({
    occupation: 'demographics/occupation',
    householdSize: 'demographics/householdSize',
    industry: 'firmographics/industry',
    employeeCount: 'firmographics/employeeCount',
    annualRevenue: 'firmographics/annualRevenue/amount',
  }),
  highValueOccupations: ['executive', 'manager', 'physician', 'lawyer', 'business-owner'],
  minHouseholdSize: 3,
  highValueIndustries: ['health', 'construction', 'services'],
  minEmployeeCount: 50,
  minAnnualRevenue: 1_000_000,
  minTraits: 2,
});

/**
 * Acquisition (domain.md §2): prospects (never bought, no contract) whose customer-file profile
 * resembles the high-value tiers. Resemblance is a trait count: at least `minTraits` of the
 * traits in use, written out as "any of the combinations of that size" since the segment
 * language has no counting over conditions. A missing attribute is simply a trait not had.
 */
export function prospectPack(params: Partial<ProspectParams> = {}): PackDefinition[] {
  const p = { ...PROSPECT_DEFAULTS, ...params };
  const a = { ...PROSPECT_DEFAULTS.attributes, ...params.attributes };
  const traits: Condition[] = [
    ...listTrait(a.occupation, p.highValueOccupations),
    ...minimumTrait(a.householdSize, p.minHouseholdSize, 'minHouseholdSize'),
    ...listTrait(a.industry, p.highValueIndustries),
    ...minimumTrait(a.employeeCount, p.minEmployeeCount, 'minEmployeeCount'),
    ...minimumTrait(a.annualRevenue, p.minAnnualRevenue, 'minAnnualRevenue'),
  ];
  if (!Number.isInteger(p.minTraits) || p.minTraits < 1 || p.minTraits > traits.length) {
    throw invalid(
      `minTraits must be a whole number from 1 to the ${traits.length} traits in use`,
      p,
    );
  }
  const neverClosed = all(
    cmp(PURCHASES_EVER, '=', 0),
    cmp({ kind: 'aggregate', fn: 'count', event: 'contract.started' }, '=', 0),
  );
  return packDefinitions(PROSPECT_PACK, [
    {
      key: 'high-value-lookalike',
      name: 'High-value lookalike prospects',
      description:
        `Never bought and no contract; at least ${p.minTraits} of the high-value traits: ` +
        describeTraits(p) +
        '.',
      strategy:
        'Acquisition: pick who to acquire first; offer what the closest high-value segment buys, ' +
        "on the prospect's preferred channel.",
      condition: all(neverClosed, any(...combinations(traits, p.minTraits).map((c) => all(...c)))),
    },
  ]);
}

function listTrait(attribute: string, values: readonly Scalar[]): Condition[] {
  return values.length === 0 ? [] : [oneOf(profile(attribute), [...values])];
}

function minimumTrait(attribute: string, min: number, name: string): Condition[] {
  if (!Number.isFinite(min) || min < 0)
    throw invalid(`${name} must be a number ≥ 0`, { [name]: min });
  return min === 0 ? [] : [cmp(profile(attribute), '>=', min)];
}

/** Every k-element subset of `items`, in order (k ≤ 5 traits: at most 10 subsets). */
function combinations<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  return items.flatMap((item, i) =>
    combinations(items.slice(i + 1), k - 1).map((rest) => [item, ...rest]),
  );
}

function describeTraits(p: ProspectParams): string {
  const parts = [
    p.highValueOccupations.length > 0 && `occupation in ${p.highValueOccupations.join('/')}`,
    p.minHouseholdSize > 0 && `household of ${p.minHouseholdSize}+`,
    p.highValueIndustries.length > 0 && `industry in ${p.highValueIndustries.join('/')}`,
    p.minEmployeeCount > 0 && `${p.minEmployeeCount}+ employees`,
    p.minAnnualRevenue > 0 && `annual revenue ${p.minAnnualRevenue}+`,
  ];
  return parts.filter((part): part is string => typeof part === 'string').join(', ');
}

function invalid(message: string, details: object): SegmentationError {
  return new SegmentationError('INVALID_PACK_PARAMETERS', `${PROSPECT_PACK}: ${message}`, {
    pack: PROSPECT_PACK,
    ...details,
  });
}
