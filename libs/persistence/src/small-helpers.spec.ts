import fc from 'fast-check';
import { bigintNumberTransformer } from './bigint-number.transformer';
import { describeError } from './describe-error';
import { redactUrl } from './redact-url';
import { assertSchemaName, quoteIdentifier } from './schema-identifier';

describe('assertSchemaName', () => {
  it('accepts every lower-case identifier up to 63 chars', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z_][a-z0-9_]{0,62}$/), (name) => {
        expect(assertSchemaName(name)).toBe(name);
      }),
    );
  });
});

describe('quoteIdentifier', () => {
  it('doubles embedded quotes', () => {
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
  });
});

describe('bigintNumberTransformer', () => {
  it('reads int8 strings as numbers and refuses unsafe ones', () => {
    expect(bigintNumberTransformer.from('42')).toBe(42);
    expect(bigintNumberTransformer.from(null)).toBeNull();
    expect(() => bigintNumberTransformer.from('9007199254740993')).toThrow(/safe integer/);
  });
});

describe('redactUrl', () => {
  it('hides the password', () => {
    expect(redactUrl('postgres://u:secret@h:5432/db')).toBe('postgres://u:***@h:5432/db');
    expect(redactUrl('not a url')).toBe('(unparseable url)');
  });
});

describe('describeError', () => {
  it('unwraps the AggregateError pg throws on ECONNREFUSED', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    expect(describeError(new AggregateError([inner]))).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(describeError(Object.assign(new Error(''), { code: 'ETIMEDOUT' }))).toBe('ETIMEDOUT');
  });
});
