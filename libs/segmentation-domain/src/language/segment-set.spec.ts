import { historyReader } from '../features/history-reader';
import { evaluateSegments, evaluationOrder, findSegmentCycles } from './segment-set';
import { parseCondition } from './validate-condition';

const ref = (segmentId: string) => ({ kind: 'inSegment', segmentId });
const segment = (id: string, json: unknown) => ({ id, condition: parseCondition(json) });
const always = { kind: 'compare', op: '=', left: 1, right: 1 };

describe('segment references', () => {
  it('finds a self reference and points at it', () => {
    expect(
      findSegmentCycles([
        segment('a', { kind: 'or', rules: [always, { kind: 'not', rule: ref('a') }] }),
      ]),
    ).toEqual([
      {
        path: '/a/rules/1/rule',
        code: 'segment_cycle',
        message: 'segment references form a cycle: a → a',
      },
    ]);
  });

  it('names a longer cycle and ignores references outside the set', () => {
    const issues = findSegmentCycles([
      segment('a', { kind: 'and', rules: [ref('b'), ref('elsewhere')] }),
      segment('b', ref('c')),
      segment('c', ref('a')),
    ]);
    expect(issues).toEqual([
      {
        path: '/c',
        code: 'segment_cycle',
        message: 'segment references form a cycle: a → b → c → a',
      },
    ]);
  });

  it('accepts a diamond and orders dependencies first', () => {
    const set = [
      segment('top', { kind: 'and', rules: [ref('left'), ref('right')] }),
      segment('right', ref('base')),
      segment('left', ref('base')),
      segment('base', always),
    ];
    expect(findSegmentCycles(set)).toEqual([]);
    expect(evaluationOrder(set).map((s) => s.id)).toEqual(['base', 'left', 'right', 'top']);
  });

  it('refuses to order a cyclic set', () => {
    expect(() => evaluationOrder([segment('a', ref('b')), segment('b', ref('a'))])).toThrow(
      expect.objectContaining({ code: 'SEGMENT_CYCLE' }) as Error,
    );
  });

  it('evaluates references against this evaluation, others against the context', () => {
    const outcomes = evaluateSegments(
      [
        segment('derived', { kind: 'and', rules: [ref('base'), ref('external')] }),
        segment('base', always),
        segment('not-base', { kind: 'not', rule: ref('base') }),
      ],
      { reader: historyReader([]), nowMs: 0, isMember: (id) => id === 'external' },
    );
    expect(Object.fromEntries([...outcomes].map(([id, o]) => [id, o.matched]))).toEqual({
      base: true,
      derived: true,
      'not-base': false,
    });
    expect(outcomes.get('derived')?.values).toEqual({
      'segment(base)': true,
      'segment(external)': true,
    });
  });
});
