import { contactEventV1Schema, customerProfileSchema } from '@cip/contracts';
import type { FieldKind, FieldKindOf } from '@cip/ingestion-domain';
import { z } from 'zod';

interface JsonSchemaNode {
  type?: string;
  const?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
}

/**
 * What each payload field of each contact event type is, read from the contract's JSON Schema,
 * so CSV cells are typed by the same schema that validates them.
 */
export function payloadFieldKinds(): FieldKindOf {
  const root = z.toJSONSchema(contactEventV1Schema, { io: 'input' }) as JsonSchemaNode;
  const payloadByType = new Map<string, JsonSchemaNode>();
  for (const variant of [...(root.oneOf ?? []), ...(root.anyOf ?? [])]) {
    const type = variant.properties?.['type']?.const;
    const payload = variant.properties?.['payload'];
    if (typeof type === 'string' && payload) payloadByType.set(type, payload);
  }
  return (eventType, path) => kindAt(payloadByType.get(eventType), path);
}

/** The same for the fields of a customer file (CSV columns like `demographics.householdSize`). */
export function customerProfileFieldKinds(): (path: readonly string[]) => FieldKind | undefined {
  const root = z.toJSONSchema(customerProfileSchema, { io: 'input' }) as JsonSchemaNode;
  return (path) => kindAt(root, path);
}

function kindAt(root: JsonSchemaNode | undefined, path: readonly string[]): FieldKind | undefined {
  let node = root;
  for (const segment of path) node = node?.properties?.[segment];
  return kindOfNode(node);
}

function kindOfNode(node: JsonSchemaNode | undefined): FieldKind | undefined {
  const types = [node?.type, ...(node?.anyOf ?? []).map((option) => option.type)];
  if (types.includes('integer')) return 'integer';
  if (types.includes('number')) return 'number';
  if (types.includes('boolean')) return 'boolean';
  return types.includes('string') ? 'string' : undefined;
}
