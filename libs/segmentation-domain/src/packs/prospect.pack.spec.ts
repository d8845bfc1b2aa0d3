import { PlatformError } from '@cip/contracts';
import { BUILT_IN_TRIGGERS, toTriggerDefinition } from '@cip/lifecycle-domain';
import { builtInDefinitions, MODEL_PACKS } from './model-packs';
import { PROSPECT_DEFAULTS, prospectPack } from './prospect.pack';
import { event, membership, profileFacts, purchase } from './testing.fixtures';

const LOOKALIKE = 'prospect.high-value-lookalike';

const person = (occupation: string, householdSize: number) =>
  profileFacts({
    'demographics/occupation': occupation,
    'demographics/householdSize': householdSize,
  });
const organisation = (industry: string, employeeCount: number, annualRevenue: number) =>
  profileFacts({
    'firmographics/industry': industry,
    'firmographics/employeeCount': employeeCount,
    'firmographics/annualRevenue/amount': annualRevenue,
  });

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof PlatformError) return error.code;
    throw error;
  }
}

describe('prospect pack', () => {
  const pack = prospectPack();

  it('defines the segment the acquisition trigger waits for', () => {
    const waitedFor = BUILT_IN_TRIGGERS.map(toTriggerDefinition).flatMap((t) =>
      t.condition.kind === 'segment-entered' && t.condition.segmentId.startsWith('prospect.')
        ? [t.condition.segmentId]
        : [],
    );
    expect(waitedFor).toEqual([LOOKALIKE]);
    expect(builtInDefinitions().map((d) => d.id)).toContain(LOOKALIKE);
    expect(pack.map((d) => [d.id, d.owner])).toEqual([[LOOKALIKE, 'model-pack:prospect']]);
  });

  it.each([
    ['a person with both high-value traits', [person('physician', 4)], true],
    ['a person with one trait only', [person('physician', 1)], false],
    ['a person with the other trait only', [person('student', 5)], false],
    ['an organisation with two of three traits', [organisation('retail', 80, 2_000_000)], true],
    ['an organisation with one trait', [organisation('health', 10, 50_000)], false],
    ['an empty customer file', [], false],
  ])('%s: lookalike = %s', (_name, facts, expected) => {
    expect(membership(pack, facts)).toEqual(expected ? [LOOKALIKE] : []);
  });

  it('leaves out anyone who bought or signed a contract: they are customers, not prospects', () => {
    expect(membership(pack, [person('lawyer', 3), purchase(400)])).toEqual([]);
    expect(
      membership(pack, [
        person('lawyer', 3),
        event('contract.started', 30, { contractId: 'k', productId: 'p' }),
      ]),
    ).toEqual([]);
  });

  it('takes its traits and thresholds as data', () => {
    const looser = prospectPack({ minTraits: 1 });
    expect(membership(looser, [person('physician', 1)])).toEqual([LOOKALIKE]);
    const otherJobs = prospectPack({ highValueOccupations: ['pilot'] });
    expect(membership(otherJobs, [person('pilot', 3)])).toEqual([LOOKALIKE]);
    expect(membership(otherJobs, [person('physician', 3)])).toEqual([]);
    // A trait switched off (0 or empty) no longer counts; the others must then all match.
    const noRevenue = prospectPack({ minAnnualRevenue: 0, minTraits: 2 });
    expect(membership(noRevenue, [organisation('retail', 80, 2_000_000)])).toEqual([]);
    const renamed = prospectPack({
      attributes: { ...PROSPECT_DEFAULTS.attributes, occupation: 'enrichment/job' },
    });
    expect(
      membership(renamed, [
        profileFacts({ 'enrichment/job': 'manager', 'demographics/householdSize': 3 }),
      ]),
    ).toEqual([LOOKALIKE]);
    expect(MODEL_PACKS.prospect.defaults).toBe(PROSPECT_DEFAULTS);
  });

  it.each([
    ['minTraits 0', { minTraits: 0 }],
    ['minTraits above the traits in use', { minTraits: 6 }],
    ['a fractional minTraits', { minTraits: 1.5 }],
    ['a negative threshold', { minEmployeeCount: -1 }],
    ['a NaN threshold', { minAnnualRevenue: Number.NaN }],
    [
      'every trait switched off',
      {
        highValueOccupations: [],
        minHouseholdSize: 0,
        highValueIndustries: [],
        minEmployeeCount: 0,
        minAnnualRevenue: 0,
        minTraits: 1,
      },
    ],
  ])('refuses %s', (_name, params) => {
    expect(codeOf(() => prospectPack(params))).toBe('INVALID_PACK_PARAMETERS');
  });

  it('refuses an attribute name the segment language cannot read', () => {
    expect(
      codeOf(() =>
        prospectPack({ attributes: { ...PROSPECT_DEFAULTS.attributes, industry: '/bad name' } }),
      ),
    ).toBe('INVALID_CONDITION');
  });
});
