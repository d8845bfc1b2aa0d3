import { HEADERS, InvalidInputError, PlatformError } from '@cip/contracts';
import { buildDeadLetterHeaders, buildDeadLetterRecord } from './dead-letter-headers.builder';
import { errorCodeOf, errorReasonOf, MAX_DEAD_LETTER_REASON_CHARS } from './error-summary';
import type { IncomingMessage } from './message-bus';

const original: IncomingMessage = {
  topic: 'contact-events',
  partition: 7,
  offset: '42',
  key: 'cust-1',
  value: Buffer.from('{"bad":true}'),
  headers: {
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    'cip-event-type': 'contact.recorded',
  },
  timestamp: 1_700_000_000_000,
};

const failedAt = new Date('2026-01-02T03:04:05.678Z');

describe('buildDeadLetterHeaders', () => {
  it('keeps the original headers and adds where, why and when', () => {
    const headers = buildDeadLetterHeaders(original, {
      error: new InvalidInputError('INVALID_EVENT', 'payload.amount: expected number'),
      attempts: 1,
      groupId: 'cip.segmentation.apply',
      failedAt,
    });
    expect(headers).toEqual({
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      'cip-event-type': 'contact.recorded',
      [HEADERS.deadLetterReason]: 'payload.amount: expected number',
      [HEADERS.deadLetterErrorCode]: 'INVALID_EVENT',
      [HEADERS.deadLetterOriginalTopic]: 'contact-events',
      [HEADERS.deadLetterOriginalPartition]: '7',
      [HEADERS.deadLetterOriginalOffset]: '42',
      [HEADERS.deadLetterAttempts]: '1',
      [HEADERS.deadLetterFailedAt]: '2026-01-02T03:04:05.678Z',
      [HEADERS.deadLetterConsumerGroup]: 'cip.segmentation.apply',
    });
  });

  it('overwrites the dead-letter headers of an earlier failure', () => {
    const replayed = {
      ...original,
      headers: {
        ...original.headers,
        [HEADERS.deadLetterAttempts]: '5',
        [HEADERS.deadLetterErrorCode]: 'OLD',
      },
    };
    const headers = buildDeadLetterHeaders(replayed, {
      error: new Error('boom'),
      attempts: 3,
      groupId: 'g',
      failedAt,
    });
    expect(headers[HEADERS.deadLetterAttempts]).toBe('3');
    expect(headers[HEADERS.deadLetterErrorCode]).toBe('Error');
  });
});

describe('buildDeadLetterRecord', () => {
  it('targets <topic>.dlt with the original key and bytes', () => {
    const record = buildDeadLetterRecord(original, {
      error: new Error('x'),
      attempts: 2,
      groupId: 'g',
      failedAt,
    });
    expect(record.topic).toBe('contact-events.dlt');
    expect(record.messages).toHaveLength(1);
    expect(record.messages[0]?.key).toBe('cust-1');
    expect(record.messages[0]?.value).toBe(original.value);
  });

  it('keeps a missing key and value missing', () => {
    const record = buildDeadLetterRecord(
      { ...original, key: null, value: null },
      { error: 'x', attempts: 1, groupId: 'g', failedAt },
    );
    expect(record.messages[0]).toMatchObject({ key: null, value: null });
  });
});

describe('errorCodeOf / errorReasonOf', () => {
  it('uses the platform code, else the error name, else UNKNOWN', () => {
    expect(errorCodeOf(new PlatformError('SEGMENT_NOT_FOUND', 'x'))).toBe('SEGMENT_NOT_FOUND');
    expect(errorCodeOf(new TypeError('x'))).toBe('TypeError');
    expect(errorCodeOf('a string')).toBe('UNKNOWN');
  });

  it('makes one line and truncates long reasons', () => {
    expect(errorReasonOf(new Error('line one\n  line two'))).toBe('line one line two');
    expect(errorReasonOf(new Error(''))).toBe('no message');
    const reason = errorReasonOf(new Error('x'.repeat(5_000)));
    expect(reason).toHaveLength(MAX_DEAD_LETTER_REASON_CHARS);
    expect(reason.endsWith('…')).toBe(true);
  });
});
