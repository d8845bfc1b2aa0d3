import { customerIdSchema, InvalidInputError, type FieldIssue } from '@cip/contracts';
import type { IdentifierNormaliser } from './identifier.normaliser';
import type { ResolveCustomer } from './resolve-customer.use-case';

/**
 * Port of RecordContactEvent: gives a request body its canonical `customerId` before the event
 * is decoded and its id claimed.
 */
export interface CustomerResolver {
  resolveBody(body: unknown): Promise<unknown>;
}

/** Source of merge events caused by contact events. */
const RESOLUTION_SOURCE = 'ingestion.identity';

/**
 * A contact event may name its customer by `customerId`, by `identifiers`
 * (`{ "phone": "+33...", "email": "..." }`) or both. All of them are resolved together, so a
 * known customer id is registered in the graph too, and the body continues with the canonical
 * `customerId` and without `identifiers`: the published contact event is unchanged for
 * downstream services. Bodies the decoder will refuse anyway (no object, neither field, an
 * invalid `customerId`: then without `identifiers`) pass on unresolved, so the decoder names
 * their fields.
 */
export class ContactEventCustomerResolver implements CustomerResolver {
  constructor(
    private readonly normaliser: IdentifierNormaliser,
    private readonly resolveCustomer: ResolveCustomer,
    private readonly invalidCode: string,
  ) {}

  async resolveBody(body: unknown): Promise<unknown> {
    if (!isRecord(body)) return body;
    const { identifiers, ...rest } = body;
    const { customerId } = rest;
    if (customerId === undefined && identifiers === undefined) return body;
    // The decoder names the invalid id; identifiers cannot be resolved along with it.
    if (customerId !== undefined && !customerIdSchema.safeParse(customerId).success) return rest;

    const input = identifiers === undefined ? {} : identifiers;
    const nestedId = isRecord(input) ? input['customerId'] : undefined;
    if (customerId !== undefined && nestedId !== undefined && nestedId !== customerId) {
      throw this.invalid([
        { path: '/identifiers/customerId', code: 'conflict', message: 'differs from /customerId' },
      ]);
    }
    const normalised = this.normaliser.normalise(
      isRecord(input) && customerId !== undefined ? { ...input, customerId } : input,
    );
    if (!normalised.ok) throw this.invalid(normalised.issues);
    const { eventId } = rest;
    const resolution = await this.resolveCustomer.resolve(normalised.identifiers, {
      source: RESOLUTION_SOURCE,
      ...(typeof eventId === 'string' ? { causationId: eventId.slice(0, 128) } : {}),
    });
    return { ...rest, customerId: resolution.customerId };
  }

  private invalid(issues: FieldIssue[]): InvalidInputError {
    return new InvalidInputError(this.invalidCode, 'The customer identifiers are invalid', {
      issues,
    });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
