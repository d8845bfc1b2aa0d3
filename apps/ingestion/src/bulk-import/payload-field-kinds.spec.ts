import { payloadFieldKinds } from './payload-field-kinds';

describe('payloadFieldKinds', () => {
  it('reads field kinds of each event type from the contract schema', () => {
    const kindOf = payloadFieldKinds();
    expect(kindOf('purchase.completed', ['amount'])).toBe('number');
    expect(kindOf('purchase.completed', ['currency'])).toBe('string');
    expect(kindOf('call.completed', ['durationSeconds'])).toBe('integer');
    expect(kindOf('purchase.completed', ['nope'])).toBeUndefined();
    expect(kindOf('no.such-type', ['amount'])).toBeUndefined();
  });
});
