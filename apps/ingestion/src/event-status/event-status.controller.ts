import { Controller, Get, Inject, Param } from '@nestjs/common';
import {
  findEventStatus,
  type EventStatusView,
  type IdempotencyLedger,
} from '@cip/ingestion-domain';
import { IDEMPOTENCY_LEDGER } from '../ingestion.tokens';

@Controller('v1/events')
export class EventStatusController {
  constructor(@Inject(IDEMPOTENCY_LEDGER) private readonly ledger: IdempotencyLedger) {}

  /** The ledger outcome of one event id: accepted (with its time) or still pending; 404 otherwise. */
  @Get(':eventId')
  async status(@Param('eventId') eventId: string): Promise<EventStatusView> {
    return findEventStatus(this.ledger, eventId);
  }
}
