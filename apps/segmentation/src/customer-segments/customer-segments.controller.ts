import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { customerIdSchema, InvalidInputError, PlatformError, toFieldIssues } from '@cip/contracts';
import { DATA_SOURCE, SegmentCustomerStateEntity, SegmentMembershipEntity } from '@cip/persistence';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';

export interface CustomerSegmentsView {
  customerId: string;
  segments: Array<{
    segmentId: string;
    definitionVersion: number;
    enteredAt: string;
    reason: Record<string, unknown>;
  }>;
}

/**
 * Current memberships with the reasons that decided them, from the durable rows. A customer
 * merged into another answers 308 to the survivor's segments, like ingestion's customer file.
 */
@Controller('v1/customers')
export class CustomerSegmentsController {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  @Get(':customerId/segments')
  async get(
    @Param('customerId') rawCustomerId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerSegmentsView | { customerId: string; mergedInto: string }> {
    const parsed = customerIdSchema.safeParse(rawCustomerId);
    if (!parsed.success) {
      throw new InvalidInputError('INVALID_CUSTOMER_ID', 'customerId is not a valid customer id', {
        issues: toFieldIssues(parsed.error).map((issue) => ({ ...issue, path: '/customerId' })),
      });
    }
    const customerId = parsed.data;
    const [snapshot, rows] = await Promise.all([
      this.dataSource
        .getRepository(SegmentCustomerStateEntity)
        .findOne({ where: { customerId }, select: { customerId: true, mergedInto: true } }),
      this.dataSource
        .getRepository(SegmentMembershipEntity)
        .find({ where: { customerId }, order: { segmentId: 'ASC' } }),
    ]);
    const mergedInto = snapshot?.mergedInto;
    if (typeof mergedInto === 'string') {
      void reply
        .code(308)
        .header('location', `/v1/customers/${encodeURIComponent(mergedInto)}/segments`);
      return { customerId, mergedInto };
    }
    if (!snapshot && rows.length === 0) {
      throw new PlatformError('NOT_FOUND', 'no segmentation state for this customer');
    }
    return {
      customerId,
      segments: rows.map((row) => ({
        segmentId: row.segmentId,
        definitionVersion: row.definitionVersion,
        enteredAt: row.enteredAt.toISOString(),
        reason: row.reason,
      })),
    };
  }
}
