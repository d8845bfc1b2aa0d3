import { lifecycleStageChangedV1Schema } from '@cip/contracts';
import { membershipChanged } from '../testing.fixtures';
import type { CustomerStage } from './customer-stage';
import { decideStageChange, isStageEntry } from './decide-stage-change';
import { LIFECYCLE_STAGE_CATALOG, stageOfSegment } from './lifecycle-stage.catalog';

const current = (overrides: Partial<CustomerStage> = {}): CustomerStage => ({
  customerId: 'cust-1',
  stage: 'new',
  version: 1,
  since: new Date('2025-02-01T00:00:00.000Z'),
  membershipEventId: 'mship-0',
  ...overrides,
});

describe('lifecycle stage catalog', () => {
  it('maps lifecycle-stage.<stage> segments to the seven stages, and nothing else', () => {
    expect(LIFECYCLE_STAGE_CATALOG.map((e) => e.segmentId)).toEqual([
      'lifecycle-stage.prospect',
      'lifecycle-stage.new',
      'lifecycle-stage.developing',
      'lifecycle-stage.established',
      'lifecycle-stage.at-risk',
      'lifecycle-stage.lapsed',
      'lifecycle-stage.won-back',
    ]);
    expect(stageOfSegment('lifecycle-stage.at-risk')).toBe('at-risk');
    expect(stageOfSegment('lifecycle-stage.unknown')).toBeUndefined();
    expect(stageOfSegment('repeated-complainers')).toBeUndefined();
  });
});

describe('decideStageChange', () => {
  it('the first stage entered moves the customer from nothing (version 1)', () => {
    const membership = membershipChanged({ segmentId: 'lifecycle-stage.new' });
    const decision = decideStageChange(null, membership);
    expect(decision.kind).toBe('change');
    if (decision.kind !== 'change') return;
    expect(decision.change).toMatchObject({ from: null, to: 'new', version: 1 });
    expect(lifecycleStageChangedV1Schema.parse(decision.change.event)).toEqual(
      decision.change.event,
    );
    expect(decision.change.event).toMatchObject({
      type: 'lifecycle.stage.changed',
      customerId: 'cust-1',
      causationId: 'mship-1',
      correlationId: 'corr-1',
      occurredAt: '2025-03-01T10:00:00.000Z',
      payload: {
        from: null,
        to: 'new',
        at: '2025-03-01T10:00:00.000Z',
        stageVersion: 1,
        membershipEventId: 'mship-1',
        segmentId: 'lifecycle-stage.new',
        reason: { summary: '2 complaints in 30 days', values: { complaintCount30d: 2 } },
      },
    });
  });

  it('entering another stage moves the customer on, one version up, with a deterministic id', () => {
    const membership = membershipChanged({ segmentId: 'lifecycle-stage.at-risk' });
    const first = decideStageChange(current({ stage: 'established', version: 3 }), membership);
    const again = decideStageChange(current({ stage: 'established', version: 3 }), membership);
    expect(first).toMatchObject({
      kind: 'change',
      change: { from: 'established', to: 'at-risk', version: 4 },
    });
    expect(first).toEqual(again);
  });

  it('entering the current stage again changes nothing', () => {
    expect(
      decideStageChange(current(), membershipChanged({ segmentId: 'lifecycle-stage.new' })),
    ).toEqual({ kind: 'unchanged', stage: 'new' });
  });

  it('an entry older than the current stage is stale (a late replay cannot move back)', () => {
    expect(
      decideStageChange(
        current({ since: new Date('2025-03-02T00:00:00.000Z') }),
        membershipChanged({ segmentId: 'lifecycle-stage.prospect' }),
      ),
    ).toEqual({ kind: 'stale' });
  });

  it('exits and other segments do not move anyone', () => {
    expect(
      decideStageChange(
        current(),
        membershipChanged({ segmentId: 'lifecycle-stage.new', change: 'exited' }),
      ),
    ).toEqual({ kind: 'exit' });
    expect(decideStageChange(current(), membershipChanged())).toEqual({ kind: 'not-a-stage' });
    expect(isStageEntry(membershipChanged())).toBe(false);
    expect(
      isStageEntry(membershipChanged({ segmentId: 'lifecycle-stage.new', change: 'exited' })),
    ).toBe(false);
    expect(isStageEntry(membershipChanged({ segmentId: 'lifecycle-stage.new' }))).toBe(true);
  });
});
