import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { InvalidInputError } from '@cip/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { backfillJobView, type BackfillJobView } from '../backfill/backfill-job.view';
import type { BackfillPoller } from '../backfill/backfill.poller';
import { BACKFILL_POLLER } from '../backfill/backfill.tokens';
import { actorOf, splitAction } from './http-input';
import {
  InstallModelPacksUseCase,
  listModelPacks,
  type PackInstallation,
  type PackSummary,
} from './install-model-packs.use-case';

/** The built-in model packs, and their installation as ordinary editable definitions. */
@Controller('v1/segment-packs')
export class SegmentPacksController {
  constructor(
    private readonly installer: InstallModelPacksUseCase,
    @Inject(BACKFILL_POLLER) private readonly poller: Pick<BackfillPoller, 'nudge'>,
  ) {}

  @Get()
  list(): { packs: PackSummary[] } {
    return { packs: listModelPacks() };
  }

  /** `{pack}:install`, body `{"activate": true}` to activate them too (default: drafts). */
  @Post(':packAction')
  async install(
    @Param('packAction') packAction: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Omit<PackInstallation, 'job'> & { job: BackfillJobView | null }> {
    const { value: pack } = splitAction(packAction, ['install']);
    const installation = await this.installer.install([pack], {
      activate: activateFlag(body),
      actor: actorOf(request),
    });
    if (installation.job) {
      this.poller.nudge();
      void reply.code(202).header('location', `/v1/backfill-jobs/${installation.job.id}`);
    } else {
      void reply.code(200);
    }
    return { ...installation, job: installation.job ? backfillJobView(installation.job) : null };
  }
}

function activateFlag(body: unknown): boolean {
  if (body === undefined || body === null || body === '') return false;
  if (typeof body === 'object' && !Array.isArray(body)) {
    const { activate, ...rest } = body as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra === undefined && (activate === undefined || typeof activate === 'boolean'))
      return activate ?? false;
    if (extra !== undefined)
      throw new InvalidInputError('INVALID_BODY', `unknown field ${extra}`, {
        issues: [{ path: `/${extra}`, code: 'unrecognized_keys', message: 'unknown field' }],
      });
  }
  throw new InvalidInputError('INVALID_BODY', 'activate must be a boolean', {
    issues: [{ path: '/activate', code: 'invalid_type', message: 'expected boolean' }],
  });
}
