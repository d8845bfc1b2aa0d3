import { customerProfileSchema, identifiersInputSchema, IDENTIFIER_KINDS } from '@cip/contracts';
import { z } from 'zod';

type Registry = ReturnType<typeof z.registry<{ id: string }>>;
type ProblemResponse = (description: string) => Record<string, unknown>;

/** The customer file's schemas, from the same zod schemas the service validates with. */
export function registerCustomerFileSchemas(registry: Registry): void {
  registry.add(customerProfileSchema, { id: 'CustomerProfile' });
  registry.add(
    z.object({
      customerId: z.string(),
      status: z.enum(['prospect', 'customer']),
      version: z.number().int().describe('Also the ETag, quoted'),
      profile: customerProfileSchema,
      updatedAt: z.iso.datetime().nullable(),
    }),
    { id: 'CustomerProfileView' },
  );
  registry.add(z.object({ identifiers: identifiersInputSchema }), { id: 'IdentifiersRequest' });
  const kind = z.enum(IDENTIFIER_KINDS);
  registry.add(
    z.object({
      customerId: z.string().nullable().describe('null when the identifiers point at several'),
      candidates: z.array(z.string()),
      matched: z.array(kind),
      unmatched: z.array(kind),
    }),
    { id: 'CustomerLookup' },
  );
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string) => ({ 'application/json': { schema: ref(id) } });
const customerIdParameter = {
  name: 'customerId',
  in: 'path',
  required: true,
  schema: { type: 'string' },
};
const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description: 'The ETag read; the change is refused with 412 if the file changed since',
  schema: { type: 'string' },
};
const actor = {
  name: 'x-actor',
  in: 'header',
  required: false,
  description: "Who at the calling system makes the change (audit trail), e.g. the agent's id",
  schema: { type: 'string' },
};

export function customerFilePaths(problemResponse: ProblemResponse): Record<string, unknown> {
  const profileAnswer = {
    description: 'The customer file; header ETag carries its version',
    headers: { ETag: { schema: { type: 'string' } } },
    content: json('CustomerProfileView'),
  };
  const merged = {
    description: 'The id was merged into another customer: Location names the survivor',
    headers: { Location: { schema: { type: 'string' } } },
  };
  const changeResponses = {
    '200': profileAnswer,
    '308': merged,
    '400': problemResponse('INVALID_PROFILE: `errors` names every failing field'),
    '404': problemResponse('CUSTOMER_NOT_FOUND'),
    '412': problemResponse('If-Match does not name the current version'),
    '415': problemResponse('UNSUPPORTED_MEDIA_TYPE'),
  };
  return {
    '/v1/customers/{customerId}': {
      parameters: [customerIdParameter],
      get: {
        operationId: 'getCustomerFile',
        responses: {
          '200': profileAnswer,
          '308': merged,
          '404': problemResponse('CUSTOMER_NOT_FOUND'),
        },
      },
      put: {
        operationId: 'replaceCustomerFile',
        summary: 'Replace the whole file (creates the customer if unknown); no-op when unchanged',
        parameters: [ifMatch, actor],
        requestBody: { required: true, content: json('CustomerProfile') },
        responses: changeResponses,
      },
      patch: {
        operationId: 'patchCustomerFile',
        summary: 'JSON Merge Patch (RFC 7396): present members change, null removes',
        parameters: [ifMatch, actor],
        requestBody: {
          required: true,
          content: { 'application/merge-patch+json': { schema: { type: 'object' } } },
        },
        responses: changeResponses,
      },
    },
    '/v1/identities:resolve': {
      post: {
        operationId: 'resolveIdentities',
        summary: 'Which customer these identifiers belong to (read only)',
        requestBody: { required: true, content: json('IdentifiersRequest') },
        responses: {
          '200': { description: 'The customer or the candidates', content: json('CustomerLookup') },
          '400': problemResponse('INVALID_IDENTIFIERS: `errors` names every failing identifier'),
          '404': problemResponse('No customer has any of these identifiers'),
        },
      },
    },
  };
}
