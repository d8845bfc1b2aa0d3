import {
  CONTACT_EVENT_TYPES,
  CONTACT_PAYLOAD_EXAMPLES,
  contactEventV1StrictVariants,
  contactPayloadSchemas,
  currencySchema,
  customerIdSchema,
  identifiersInputSchema,
  type ContactEventType,
} from '@cip/contracts';
import { z } from 'zod';

/** `complaint.filed` → `ComplaintFiledV1`, `contract.renewal-opened` → `ContractRenewalOpenedV1`. */
export function componentNameOf(type: ContactEventType): string {
  const words = type.split(/[.-]/).map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  return `${words.join('')}V1`;
}

/** A complete, valid request body of the type, for the document's examples. */
export function exampleEventOf(type: ContactEventType): Record<string, unknown> {
  return {
    eventId: `evt-${type.replace(/\./g, '-')}-0001`,
    type,
    version: 1,
    occurredAt: '2025-06-01T09:30:00Z',
    customerId: 'cust-1001',
    source: 'call-center',
    payload: CONTACT_PAYLOAD_EXAMPLES[type],
  };
}

/**
 * The request schema of a type: the strict contract, where the customer may be named by
 * `customerId`, by `identifiers` (resolved to the canonical customerId before validation) or both.
 */
function requestVariantOf(variant: z.ZodObject): z.ZodObject {
  return variant.extend({
    customerId: customerIdSchema
      .optional()
      .describe('Canonical customer id; required unless `identifiers` is given'),
    identifiers: identifiersInputSchema
      .optional()
      .describe('Identifiers to resolve the customer by (phone in E.164, e-mail, account...)'),
  });
}

/**
 * The contact-event part of the document's components: one schema per type, the union the
 * endpoints accept (returned, to be referenced), and the shared currency enum. Converted from the contract's zod schemas, so
 * the document cannot drift from what is validated.
 */
export function registerContactEventSchemas(
  registry: z.core.$ZodRegistry<{ id: string }>,
): z.ZodType {
  registry.add(currencySchema, { id: 'CurrencyCode' });
  const variants = [...contactEventV1StrictVariants].map(([type, strictVariant]) => {
    const variant = requestVariantOf(strictVariant);
    registry.add(variant, { id: componentNameOf(type) });
    return variant;
  });
  // The catalog is never empty; discriminatedUnion (rendered as oneOf) wants that spelt out.
  const union = z.discriminatedUnion('type', variants as [z.ZodObject, ...z.ZodObject[]]);
  registry.add(union, { id: 'ContactEventV1' });
  return union;
}

/**
 * What zod does not carry into a registry's JSON Schema: each type's meaning and an example,
 * keyed by component name.
 */
export function contactEventAnnotations(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    CONTACT_EVENT_TYPES.map((type) => [
      componentNameOf(type),
      {
        title: type,
        description: contactPayloadSchemas[type].description ?? type,
        examples: [exampleEventOf(type)],
      },
    ]),
  );
}

/** OpenAPI's discriminator for the union: which component each `type` value selects. */
export function contactEventDiscriminator(): Record<string, unknown> {
  return {
    propertyName: 'type',
    mapping: Object.fromEntries(
      CONTACT_EVENT_TYPES.map((type) => [type, `#/components/schemas/${componentNameOf(type)}`]),
    ),
  };
}
