import { Controller, Get, Inject, Param } from '@nestjs/common';
import { DEFINITION_ERROR_CODES, SegmentationError } from '@cip/segmentation-domain';
import { backfillJobView, type BackfillJobView } from './backfill-job.view';
import { BACKFILL_JOBS } from './backfill.tokens';
import type { PostgresBackfillJobs } from './postgres-backfill-jobs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Progress of a background re-evaluation (activation, edit, retirement, quantile change). */
@Controller('v1/backfill-jobs')
export class BackfillJobsController {
  constructor(@Inject(BACKFILL_JOBS) private readonly jobs: PostgresBackfillJobs) {}

  @Get(':id')
  async get(@Param('id') id: string): Promise<BackfillJobView> {
    const job = UUID.test(id) ? await this.jobs.find(id) : undefined;
    if (!job)
      throw new SegmentationError(DEFINITION_ERROR_CODES.jobNotFound, `no backfill job ${id}`);
    return backfillJobView(job);
  }
}
