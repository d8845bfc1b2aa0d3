import {
  CONTACT_EVENT_TYPES,
  contactPayloadSchemas,
  type ContactEvent,
  type ContactEventType,
} from '@cip/contracts';
import { z } from 'zod';

export type PayloadScalar = string | number | boolean;

/**
 * One test on a top-level payload field of a contact event. Closed set of operators:
 * - `eq` / `in`: the field equals the value / one of the values;
 * - `contains`: the field is an array holding the value (e.g. a call's `signals`);
 * - `gte` / `lte`: the field is a number at least / at most the value (survey score, outage minutes).
 */
export type PayloadFilter =
  | { field: string; op: 'eq'; value: PayloadScalar }
  | { field: string; op: 'in'; values: PayloadScalar[] }
  | { field: string; op: 'contains'; value: string }
  | { field: string; op: 'gte' | 'lte'; value: number };

/** Which contact events a condition reacts to: one of `types`, passing every filter of `where`. */
export interface EventMatcher {
  types: ContactEventType[];
  where?: PayloadFilter[];
}

const MAX_TYPES = 10;
const MAX_FILTERS = 8;
const MAX_VALUES = 20;

const fieldSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9]*$/, 'a top-level payload field name');
const scalarSchema = z.union([z.string().max(100), z.number().finite(), z.boolean()]);

const filterSchema: z.ZodType<PayloadFilter> = z.discriminatedUnion('op', [
  z.strictObject({ field: fieldSchema, op: z.literal('eq'), value: scalarSchema }),
  z.strictObject({
    field: fieldSchema,
    op: z.literal('in'),
    values: z.array(scalarSchema).min(1).max(MAX_VALUES),
  }),
  z.strictObject({ field: fieldSchema, op: z.literal('contains'), value: z.string().max(100) }),
  z.strictObject({ field: fieldSchema, op: z.enum(['gte', 'lte']), value: z.number().finite() }),
]);

const eventTypeSchema = z.enum(CONTACT_EVENT_TYPES as [ContactEventType, ...ContactEventType[]]);

/**
 * Strict, and every filter field must exist in the payload of every listed type: a misspelt field
 * would otherwise make the trigger silently never fire (fields are an allowlist, not free paths).
 */
export const eventMatcherSchema: z.ZodType<EventMatcher> = z
  .strictObject({
    types: z.array(eventTypeSchema).min(1).max(MAX_TYPES),
    where: z.array(filterSchema).max(MAX_FILTERS).optional(),
  })
  .superRefine((matcher, ctx) => {
    for (const [index, filter] of (matcher.where ?? []).entries()) {
      const missingIn = typesLacking(matcher.types, filter.field);
      if (missingIn.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['where', index, 'field'],
          message: `${filter.field} is not a payload field of ${missingIn.join(', ')}`,
        });
      }
    }
  });

/** The listed types whose payload has no top-level `field`. */
export function typesLacking(
  types: readonly ContactEventType[],
  field: string,
): ContactEventType[] {
  return types.filter((type) => !Object.hasOwn(contactPayloadSchemas[type].shape, field));
}

/** True when `event` is one of the matcher's types and passes all of its filters. */
export function matchesEvent(matcher: EventMatcher, event: ContactEvent): boolean {
  if (!matcher.types.includes(event.type)) return false;
  const payload = event.payload as Record<string, unknown>;
  return (matcher.where ?? []).every((filter) => passes(filter, payload[filter.field]));
}

function passes(filter: PayloadFilter, value: unknown): boolean {
  switch (filter.op) {
    case 'eq':
      return value === filter.value;
    case 'in':
      return filter.values.some((candidate) => candidate === value);
    case 'contains':
      return Array.isArray(value) && value.includes(filter.value);
    case 'gte':
      return typeof value === 'number' && value >= filter.value;
    case 'lte':
      return typeof value === 'number' && value <= filter.value;
  }
}

/** A payload field as a correlation key (string or number), or undefined when absent. */
export function payloadKey(event: ContactEvent, field: string): string | undefined {
  const value = (event.payload as Record<string, unknown>)[field];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** The scalar values of the fields a matcher filters on: evidence that names why it matched. */
export function matchedFields(
  matcher: EventMatcher,
  event: ContactEvent,
): Record<string, PayloadScalar> {
  const payload = event.payload as Record<string, unknown>;
  const fields: Record<string, PayloadScalar> = {};
  for (const { field } of matcher.where ?? []) {
    const value = payload[field];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      fields[field] = value;
    else if (Array.isArray(value)) fields[field] = value.map(String).join(',');
  }
  return fields;
}
