import type { Condition } from '../language/segment-condition.schema';
import { draftCycleIssues } from './draft-cycles';

const inSegment = (segmentId: string): Condition => ({ kind: 'inSegment', segmentId });
const always: Condition = { kind: 'compare', op: '=', left: 1, right: 1 };

describe('draftCycleIssues', () => {
  it('accepts references into an acyclic active set', () => {
    expect(
      draftCycleIssues({ id: 'c', condition: inSegment('b') }, [
        { id: 'b', condition: inSegment('a') },
        { id: 'a', condition: always },
      ]),
    ).toEqual([]);
  });

  it('points at the reference in the draft that closes a cycle', () => {
    const issues = draftCycleIssues(
      { id: 'a', condition: { kind: 'and', rules: [always, inSegment('c')] } },
      [
        { id: 'c', condition: inSegment('b') },
        { id: 'b', condition: inSegment('a') },
      ],
    );
    expect(issues).toEqual([
      {
        path: '/condition/rules/1',
        code: 'segment_cycle',
        message: 'segment references form a cycle: a → c → b → a',
      },
    ]);
  });

  it('rejects a self reference and ignores the replaced active version of the same id', () => {
    expect(draftCycleIssues({ id: 'a', condition: inSegment('a') }, [])).toHaveLength(1);
    // The active `a` referenced `b`; the draft of `a` no longer does, so `b → a` is fine.
    expect(
      draftCycleIssues({ id: 'a', condition: always }, [{ id: 'b', condition: inSegment('a') }]),
    ).toEqual([]);
  });
});
