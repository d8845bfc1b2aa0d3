import { buildOpenApiDocument } from './openapi.document';

describe('buildOpenApiDocument', () => {
  it('describes POST /v1/events with the contract schema and problem responses', () => {
    const document = buildOpenApiDocument() as {
      openapi: string;
      paths: Record<string, { post?: { responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, Record<string, unknown>> };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths['/v1/events']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['202', '400', '409', '413', '415', '503']),
    );
    const contactEvent = document.components.schemas['ContactEventV1'];
    expect(JSON.stringify(contactEvent)).toContain('complaint.filed');
    expect(contactEvent).not.toHaveProperty('$schema');
    // Round-trips as JSON (no functions or undefined left over from zod).
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });
});
