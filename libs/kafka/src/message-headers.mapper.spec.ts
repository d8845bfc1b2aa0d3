import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { fromKafkaHeaders, headerGetter, headerSetter } from './message-headers.mapper';

describe('fromKafkaHeaders', () => {
  it('decodes Buffers and strings as UTF-8 and keeps every name', () => {
    expect(
      fromKafkaHeaders({
        'cip-event-type': Buffer.from('contact.recorded'),
        plain: 'x',
        umlaut: Buffer.from('Größe'),
      }),
    ).toEqual({ 'cip-event-type': 'contact.recorded', plain: 'x', umlaut: 'Größe' });
  });

  it('takes the last value of a repeated header', () => {
    expect(fromKafkaHeaders({ h: [Buffer.from('first'), Buffer.from('last')] })).toEqual({
      h: 'last',
    });
  });

  it('drops undefined values and empty arrays, and accepts missing headers', () => {
    expect(fromKafkaHeaders({ gone: undefined, none: [] })).toEqual({});
    expect(fromKafkaHeaders(undefined)).toEqual({});
  });
});

describe('trace context header setter/getter', () => {
  const propagator = new W3CTraceContextPropagator();
  const spanContext = {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
  };

  it('writes a W3C traceparent into a string record and reads the same context back', () => {
    const carrier: Record<string, string> = { existing: 'kept' };
    propagator.inject(trace.setSpanContext(ROOT_CONTEXT, spanContext), carrier, headerSetter);
    expect(carrier).toEqual({
      existing: 'kept',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });

    const extracted = trace.getSpanContext(propagator.extract(ROOT_CONTEXT, carrier, headerGetter));
    expect(extracted).toMatchObject({ ...spanContext, isRemote: true });
  });

  it('lists the carrier keys and reads missing keys as undefined', () => {
    expect(headerGetter.keys({ a: '1', b: '2' })).toEqual(['a', 'b']);
    expect(headerGetter.get({ a: '1' }, 'traceparent')).toBeUndefined();
  });
});
