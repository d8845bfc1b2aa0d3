import * as contracts from '@cip/contracts';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { jsonSchemasOf, PUBLIC_EVENTS, schemasDir } from './export-json-schemas';

const asyncapiPath = join(schemasDir, '..', 'lifecycle.asyncapi.yaml');
const committed = (file: string): unknown =>
  JSON.parse(readFileSync(join(schemasDir, file), 'utf8'));

interface AsyncApiMessage {
  name: string;
  payload: { $ref: string };
  examples: Array<{ name: string; payload: unknown }>;
}
interface AsyncApiDoc {
  asyncapi: string;
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  components: { messages: Record<string, AsyncApiMessage> };
}

function validator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

describe('public event schemas (docs/asyncapi/schemas)', () => {
  const generated = jsonSchemasOf(contracts);

  it('are exactly what the generator produces from the zod contracts now (run `npm run contracts:schemas`)', () => {
    expect(readdirSync(schemasDir).sort()).toEqual(PUBLIC_EVENTS.map((e) => e.file).sort());
    for (const [file, schema] of Object.entries(generated)) {
      expect({ file, schema: committed(file) }).toEqual({ file, schema });
    }
  });

  it('an example alert built with the contract validates; a wrong severity or a missing field does not', () => {
    const alert: contracts.AttritionAlertRaisedV1 = {
      eventId: 'attrition-alert-raised-1',
      type: contracts.ATTRITION_ALERT_RAISED,
      version: 1,
      occurredAt: '2025-03-01T10:00:00.000Z',
      customerId: 'cust-1',
      source: 'lifecycle',
      causationId: 'mship-1',
      payload: {
        alertId: 'alert-1',
        triggerId: 'repeated-complaints',
        reason: '2 complaints in 30 days',
        severity: 'high',
        valueTier: 'unknown',
        suggestedStrategy: 'call within 48 hours',
        deadline: '2025-03-03T10:00:00.000Z',
        evidence: { complaintCount30d: 2 },
      },
    };
    expect(contracts.attritionAlertRaisedV1Schema.parse(alert)).toEqual(alert);
    const validate = validator().compile(committed('attrition-alert-raised.v1.json') as object);
    expect(validate(alert)).toBe(true);
    // Open content model: a field added later does not break a validating consumer.
    expect(validate({ ...alert, payload: { ...alert.payload, channel: 'phone' } })).toBe(true);
    expect(validate({ ...alert, payload: { ...alert.payload, severity: 'urgent' } })).toBe(false);
    const { reason: _reason, ...withoutReason } = alert.payload;
    expect(validate({ ...alert, payload: withoutReason })).toBe(false);
    expect(validate({ ...alert, occurredAt: 'yesterday' })).toBe(false);
  });
});

describe('docs/asyncapi/lifecycle.asyncapi.yaml', () => {
  const doc = parse(readFileSync(asyncapiPath, 'utf8')) as AsyncApiDoc;

  it('is AsyncAPI 3 and describes the triggers, attrition-alerts, alert-status and lifecycle-stages topics', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(Object.values(doc.channels).map((c) => c.address)).toEqual([
      contracts.TOPICS.triggers,
      contracts.TOPICS.attritionAlerts,
      contracts.TOPICS.alertStatus,
      contracts.TOPICS.lifecycleStages,
    ]);
  });

  it('points every message at a committed schema, and its examples validate against it and the contract', () => {
    const zodByName: Record<string, { parse(input: unknown): unknown }> = {
      [contracts.TRIGGER_FIRED]: contracts.triggerFiredV1Schema,
      [contracts.ATTRITION_ALERT_RAISED]: contracts.attritionAlertRaisedV1Schema,
      [contracts.ALERT_STATUS_CHANGED]: contracts.alertStatusChangedV1Schema,
      [contracts.LIFECYCLE_STAGE_CHANGED]: contracts.lifecycleStageChangedV1Schema,
    };
    const messages = Object.values(doc.components.messages);
    expect(messages.map((m) => m.name).sort()).toEqual(Object.keys(zodByName).sort());
    for (const message of messages) {
      const file = message.payload.$ref.replace('./schemas/', '');
      const validate = validator().compile(committed(file) as object);
      expect(message.examples.length).toBeGreaterThan(0);
      for (const example of message.examples) {
        expect({
          example: example.name,
          valid: validate(example.payload),
          errors: validate.errors,
        }).toEqual({ example: example.name, valid: true, errors: null });
        expect(() => zodByName[message.name]?.parse(example.payload)).not.toThrow();
      }
    }
  });
});
