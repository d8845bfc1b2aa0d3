import { Body, Controller, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { PlatformError } from '@cip/contracts';
import type { AcceptanceReceipt, RecordContactEvent } from '@cip/ingestion-domain';
import type { FastifyReply } from 'fastify';
import { UNSUPPORTED_MEDIA_TYPE } from '../ingestion-http.settings';
import { RECORD_CONTACT_EVENT } from './record-event.tokens';

/** Stripe's header name: tells the client this answer is the saved outcome of an earlier request. */
export const REPLAYED_HEADER = 'idempotent-replayed';

@Controller('v1/events')
export class RecordEventController {
  constructor(
    @Inject(RECORD_CONTACT_EVENT) private readonly recordContactEvent: RecordContactEvent,
  ) {}

  /** 202 only once Kafka acknowledged the event (acks=all); a replay gets the original receipt. */
  @Post()
  @HttpCode(202)
  async record(
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AcceptanceReceipt> {
    if (!isJson(contentType)) {
      throw new PlatformError(UNSUPPORTED_MEDIA_TYPE, 'The body must be application/json');
    }
    const { receipt, replayed } = await this.recordContactEvent.record(body);
    if (replayed) void reply.header(REPLAYED_HEADER, 'true');
    return receipt;
  }
}

function isJson(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}
