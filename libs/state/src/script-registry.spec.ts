import { defineLuaScript } from './script-registry';

const base = { name: 'cipTest', numberOfKeys: 1, lua: 'return 1', parseReply: Number };

describe('defineLuaScript', () => {
  it('accepts a well-formed spec as is', () => {
    expect(defineLuaScript(base)).toBe(base);
  });
  it.each([
    { ...base, name: 'Get' },
    { ...base, name: 'a-b' },
    { ...base, numberOfKeys: -1 },
    { ...base, numberOfKeys: 1.5 },
    { ...base, lua: '  ' },
  ])('refuses %j', (spec) => {
    expect(() => defineLuaScript(spec)).toThrow(
      expect.objectContaining({ code: 'INVALID_SCRIPT' }),
    );
  });
});
