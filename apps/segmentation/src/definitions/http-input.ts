import { InvalidInputError } from '@cip/contracts';
import { principalOf } from '@cip/service-kit';
import type { FastifyRequest } from 'fastify';

const ACTOR = /^[\p{L}\p{N} .@:/_-]{1,128}$/u;

/** Who made a change: the `x-actor` header, else the API key's system, else `anonymous`. */
export function actorOf(request: FastifyRequest): string {
  const header = request.headers['x-actor'];
  const actor = (Array.isArray(header) ? header[0] : header)?.trim();
  const principal = principalOf(request);
  if (actor === undefined || actor === '')
    return principal.keyId === null ? 'anonymous' : principal.sourceSystem;
  if (!ACTOR.test(actor))
    throw new InvalidInputError(
      'INVALID_ACTOR',
      'x-actor must be 1 to 128 letters, digits, spaces or . @ : / - _',
      {
        issues: [
          { path: '/headers/x-actor', code: 'invalid_format', message: 'not a valid actor' },
        ],
      },
    );
  return actor;
}

/** `<value>:<action>` path segments (AIP-136 custom methods), e.g. `3:activate`. */
export function splitAction(
  segment: string,
  actions: readonly string[],
): { value: string; action: string } {
  const at = segment.lastIndexOf(':');
  const action = at < 0 ? '' : segment.slice(at + 1);
  if (at <= 0 || !actions.includes(action))
    throw new InvalidInputError(
      'UNKNOWN_ACTION',
      `expected ${actions.map((a) => `:${a}`).join(' or ')}`,
      {
        issues: [
          {
            path: '/path',
            code: 'unknown_action',
            message: `unknown action ${JSON.stringify(action)}`,
          },
        ],
      },
    );
  return { value: segment.slice(0, at), action };
}

/** A positive integer query or path parameter within bounds; absent → `fallback`. */
export function intParam(
  raw: string | undefined,
  path: string,
  bounds: { min: number; max: number },
  fallback?: number,
): number {
  if ((raw === undefined || raw === '') && fallback !== undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < bounds.min || value > bounds.max)
    throw new InvalidInputError(
      'INVALID_PARAMETER',
      `${path} must be an integer from ${bounds.min} to ${bounds.max}`,
      {
        issues: [
          { path, code: 'out_of_range', message: `integer from ${bounds.min} to ${bounds.max}` },
        ],
      },
    );
  return value;
}
