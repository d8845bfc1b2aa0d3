import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { InvalidInputError, PlatformError } from '@cip/contracts';
import {
  IDENTITY_ERROR_CODES,
  lookupCustomer,
  type CustomerLookup,
  type IdentifierNormaliser,
  type IdentityCache,
  type IdentityGraph,
} from '@cip/ingestion-domain';
import { requireJsonBody } from '../json-body';
import { IDENTIFIER_NORMALISER, IDENTITY_CACHE, IDENTITY_GRAPH } from './identity.tokens';

@Controller('v1')
export class IdentitiesController {
  constructor(
    @Inject(IDENTIFIER_NORMALISER) private readonly normaliser: IdentifierNormaliser,
    @Inject(IDENTITY_GRAPH) private readonly graph: IdentityGraph,
    @Inject(IDENTITY_CACHE) private readonly cache: IdentityCache,
  ) {}

  /**
   * Who `{ "identifiers": { "phone": ..., "email": ... } }` belong to, for call-center lookups:
   * the canonical customer id, or every candidate when they point at several customers. Read
   * only (a `customers:read` key may call it): it creates no prospect and merges nothing; events
   * do that. 404 when no identifier is known.
   */
  @Post('identities::resolve')
  @HttpCode(200)
  async resolve(
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<CustomerLookup> {
    requireJsonBody(contentType);
    const identifiers =
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? (body as Record<string, unknown>)['identifiers']
        : undefined;
    const normalised = this.normaliser.normalise(identifiers);
    if (!normalised.ok) {
      throw new InvalidInputError(
        IDENTITY_ERROR_CODES.invalidIdentifiers,
        'The identifiers are invalid',
        { issues: normalised.issues },
      );
    }
    const found = await lookupCustomer(this.graph, this.cache, normalised.identifiers);
    if (!found) {
      throw new PlatformError(
        IDENTITY_ERROR_CODES.customerNotFound,
        'No customer has any of these identifiers',
      );
    }
    return found;
  }
}
