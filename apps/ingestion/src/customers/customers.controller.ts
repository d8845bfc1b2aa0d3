import {
  Body,
  Controller,
  Get,
  Headers,
  Inject,
  Param,
  Patch,
  Put,
  Req,
  Res,
} from '@nestjs/common';
import { PlatformError, type CustomerProfileView } from '@cip/contracts';
import type { CustomerFile, ProfileChangeRequest, ProfileResult } from '@cip/ingestion-domain';
import { principalOf, type Principal } from '@cip/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UNSUPPORTED_MEDIA_TYPE } from '../ingestion-http.settings';
import { CUSTOMER_FILE } from '../identity/identity.tokens';
import { actorOf, etagOf, expectedVersionOf } from './http-preconditions';

export const MERGE_PATCH_MEDIA_TYPE = 'application/merge-patch+json';

/**
 * The customer file. A merged customer's id answers 308 Permanent Redirect to the survivor's URL
 * (for every method: 308 keeps method and body, so a client following it repeats its change on
 * the survivor, where its If-Match is checked against the survivor's version). Redirecting
 * rather than silently serving the survivor tells the caller to update the id it holds.
 */
@Controller('v1/customers')
export class CustomersController {
  constructor(@Inject(CUSTOMER_FILE) private readonly customerFile: CustomerFile) {}

  @Get(':customerId')
  async get(@Param('customerId') customerId: string, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.customerFile.get(customerId), customerId);
  }

  /** Replaces the whole file (fields left out are removed). */
  @Put(':customerId')
  async replace(
    @Param('customerId') customerId: string,
    @Headers() headers: Record<string, string | undefined>,
    @Req() request: FastifyRequest,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    requireMediaType(headers['content-type'], ['application/json']);
    await send(
      reply,
      await this.customerFile.change(
        changeOf(customerId, 'replace', headers, principalOf(request), body),
      ),
      customerId,
    );
  }

  /** JSON Merge Patch (RFC 7396): members present change, `null` removes, the rest stays. */
  @Patch(':customerId')
  async patch(
    @Param('customerId') customerId: string,
    @Headers() headers: Record<string, string | undefined>,
    @Req() request: FastifyRequest,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    requireMediaType(headers['content-type'], [MERGE_PATCH_MEDIA_TYPE, 'application/json']);
    await send(
      reply,
      await this.customerFile.change(
        changeOf(customerId, 'merge-patch', headers, principalOf(request), body),
      ),
      customerId,
    );
  }
}

function changeOf(
  customerId: string,
  mode: ProfileChangeRequest['mode'],
  headers: Record<string, string | undefined>,
  principal: Principal,
  body: unknown,
): ProfileChangeRequest {
  return {
    customerId,
    mode,
    body,
    expectedVersion: expectedVersionOf(headers['if-match']),
    actor: actorOf(principal, headers['x-actor']),
  };
}

async function send(
  reply: FastifyReply,
  result: ProfileResult,
  requestedId: string,
): Promise<void> {
  if (result.kind === 'merged') {
    await reply
      .code(308)
      .header('location', `/v1/customers/${encodeURIComponent(result.survivorId)}`)
      .send({ customerId: requestedId, mergedInto: result.survivorId });
    return;
  }
  const { stored } = result;
  const view: CustomerProfileView = {
    customerId: stored.customerId,
    status: stored.status,
    version: stored.version,
    profile: stored.profile,
    updatedAt: stored.updatedAt?.toISOString() ?? null,
  };
  await reply.code(200).header('etag', etagOf(stored.version)).send(view);
}

function requireMediaType(contentType: string | undefined, accepted: readonly string[]): void {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!accepted.includes(mediaType)) {
    throw new PlatformError(UNSUPPORTED_MEDIA_TYPE, `The body must be ${accepted.join(' or ')}`);
  }
}
