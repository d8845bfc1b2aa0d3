import { contactPayloadSchemas } from '@cip/contracts';
import type { z } from 'zod';

export type FieldKind = 'number' | 'string' | 'boolean' | 'other';

/**
 * Payload fields per event type, read from the contract schemas, so conditions can name only
 * fields that exist (`where`) and aggregate only numeric ones (`field`). Derived, never listed
 * by hand: a field added to a contract becomes usable here with no change.
 */
export function payloadFields(eventType: string): ReadonlyMap<string, FieldKind> | undefined {
  return FIELDS.get(eventType);
}

const FIELDS: ReadonlyMap<string, ReadonlyMap<string, FieldKind>> = new Map(
  Object.entries(contactPayloadSchemas).map(([type, schema]) => {
    const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
    return [
      type,
      new Map(Object.entries(shape).map(([field, fieldSchema]) => [field, kindOf(fieldSchema)])),
    ];
  }),
);

function kindOf(schema: z.ZodType): FieldKind {
  const def = schema.def as { type: string; innerType?: z.ZodType };
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'nullable':
      return def.innerType ? kindOf(def.innerType) : 'other';
    case 'number':
      return 'number';
    case 'string':
    case 'enum':
      return 'string';
    case 'boolean':
      return 'boolean';
    default:
      return 'other';
  }
}
