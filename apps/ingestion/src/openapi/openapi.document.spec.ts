import { CONTACT_EVENT_TYPES, contactEventV1StrictSchema } from '@cip/contracts';
import { buildOpenApiDocument } from './openapi.document';

type JsonObject = Record<string, unknown>;

interface Document {
  openapi: string;
  paths: Record<
    string,
    {
      post?: {
        responses: JsonObject;
        requestBody: {
          content: { 'application/json': { examples: Record<string, { value: unknown }> } };
        };
      };
    }
  >;
  components: { schemas: Record<string, JsonObject> };
}

const document = buildOpenApiDocument() as unknown as Document;
const schemas = document.components.schemas;

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner),
  );
}

function componentOfType(type: string): [string, JsonObject] | undefined {
  return Object.entries(schemas).find(
    ([, schema]) =>
      (schema['properties'] as { type?: { const?: unknown } } | undefined)?.type?.const === type,
  );
}

describe('buildOpenApiDocument', () => {
  it('describes POST /v1/events with the contract schema and problem responses', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths['/v1/events']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['202', '400', '409', '413', '415', '503']),
    );
    for (const schema of Object.values(schemas)) {
      expect(schema).not.toHaveProperty('$schema');
      expect(schema).not.toHaveProperty('$id');
    }
    // Round-trips as JSON (no functions or undefined left over from zod).
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it.each(CONTACT_EVENT_TYPES)('documents %s as its own strict component', (type) => {
    const found = componentOfType(type);
    expect(found).toBeDefined();
    const [name, schema] = found ?? ['', {}];
    expect(schema).toMatchObject({ title: type, additionalProperties: false });
    expect(schema['description']).toEqual(expect.any(String));
    expect((schema['properties'] as { payload: JsonObject }).payload).toMatchObject({
      type: 'object',
      additionalProperties: false,
    });
    const union = schemas['ContactEventV1'] as {
      oneOf: JsonObject[];
      discriminator: { mapping: Record<string, string> };
    };
    expect(union.oneOf).toContainEqual({ $ref: `#/components/schemas/${name}` });
    expect(union.discriminator.mapping[type]).toBe(`#/components/schemas/${name}`);
  });

  it('gives an example per type that the contract itself accepts', () => {
    const examples =
      document.paths['/v1/events']?.post?.requestBody.content['application/json'].examples ?? {};
    expect(Object.keys(examples).sort()).toEqual([...CONTACT_EVENT_TYPES].sort());
    for (const { value } of Object.values(examples)) {
      expect(contactEventV1StrictSchema.safeParse(value).error).toBeUndefined();
    }
  });

  it('resolves every reference inside the document', () => {
    const refs = new Set(refsIn(document));
    expect(refs.size).toBeGreaterThan(CONTACT_EVENT_TYPES.length);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(schemas).toHaveProperty([ref.replace('#/components/schemas/', '')]);
    }
    expect(refs).toContain('#/components/schemas/CurrencyCode');
  });

  it('describes the customer file and identity lookup from the contract schemas, behind API keys', () => {
    const raw = buildOpenApiDocument() as unknown as {
      paths: Record<string, Record<string, unknown>>;
      security: unknown[];
    };
    expect(Object.keys(raw.paths['/v1/customers/{customerId}'] ?? {})).toEqual(
      expect.arrayContaining(['get', 'put', 'patch']),
    );
    expect(raw.paths['/v1/identities:resolve']?.['post']).toBeDefined();
    const profile = schemas['CustomerProfile'] as { properties?: Record<string, unknown> };
    expect(Object.keys(profile.properties ?? {})).toEqual(
      expect.arrayContaining(['kind', 'contact', 'preferences']),
    );
    expect(raw.security).toEqual([{ apiKey: [] }]);
  });
});
