import { READ_SEGMENT_STATE, stateReplyHash } from './segment-state.scripts';

const reply = (raw: unknown) => READ_SEGMENT_STATE.parseReply(raw);

describe('READ_SEGMENT_STATE replies', () => {
  it('pairs the joined elements into the hash, with the pending changes apart', () => {
    const parsed = reply(['4\u0001w\u00017\u0001a\u0001x;y', '[{"eventId":"e"}]']);
    expect(stateReplyHash(parsed)).toEqual({ w: '7', a: 'x;y' });
    expect(parsed.pending).toBe('[{"eventId":"e"}]');
    expect(reply(['2\u0001w\u00011']).pending).toBeUndefined();
  });

  it('reads a missing key as an empty hash', () => {
    expect(stateReplyHash(reply(['0\u0001']))).toEqual({});
  });

  it.each([
    ['a value holding the separator', ['2\u0001w\u00011\u00012']],
    ['a count that is not one', ['x\u0001w\u00011']],
    ['an odd count', ['1\u0001w']],
  ])('refuses %s', (_, raw) => {
    expect(() => stateReplyHash(reply(raw))).toThrow(/segmentationReadState/);
  });

  it('refuses a reply of another shape', () => {
    expect(() => reply('4\u0001w')).toThrow(/array/);
    expect(() => reply(['0\u0001', 3])).toThrow(/pending/);
  });
});
