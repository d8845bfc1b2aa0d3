import { Body, Controller, Get, Inject, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { InvalidInputError } from '@cip/contracts';
import {
  DEFINITION_ERROR_CODES,
  QUANTILE_TABLES,
  SegmentationError,
  validateDefinitionDraft,
  type DefinitionDraft,
  type DefinitionVersionStatus,
} from '@cip/segmentation-domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { backfillJobView, type BackfillJobView } from '../backfill/backfill-job.view';
import type { BackfillPoller } from '../backfill/backfill.poller';
import { BACKFILL_POLLER } from '../backfill/backfill.tokens';
import { DEFINITIONS_SETTINGS, type DefinitionsSettings } from './definitions.tokens';
import { actorOf, intParam, splitAction } from './http-input';
import {
  PostgresSegmentDefinitionsStore,
  type StatusChange,
} from './postgres-segment-definitions.store';
import { PreviewDefinitionUseCase, type PreviewResult } from './preview-definition.use-case';
import type { DefinitionVersionView, DefinitionView } from './segment-definition.view';

const STATUSES: readonly DefinitionVersionStatus[] = ['draft', 'active', 'superseded', 'retired'];
const MAX_VERSION = 1_000_000;
const DEFAULT_PREVIEW_LIMIT = 10_000;

export interface StatusChangeView {
  definition: DefinitionView;
  job: BackfillJobView | null;
}

/**
 * Segment definitions managed at runtime: drafts are created and edited freely, a version is
 * previewed against the current population, activated (everyone re-evaluated in the background)
 * and retired (memberships closed). Custom methods use the `<resource>:<verb>` form.
 */
@Controller('v1/segment-definitions')
export class SegmentDefinitionsController {
  constructor(
    private readonly definitions: PostgresSegmentDefinitionsStore,
    private readonly previews: PreviewDefinitionUseCase,
    @Inject(BACKFILL_POLLER) private readonly poller: Pick<BackfillPoller, 'nudge'>,
    @Inject(DEFINITIONS_SETTINGS) private readonly settings: DefinitionsSettings,
  ) {}

  @Post()
  async create(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DefinitionView> {
    const { id, draft } = parseDraft(body);
    const created = await this.definitions.create(id, draft, actorOf(request));
    void reply.code(201).header('location', `/v1/segment-definitions/${encodeURIComponent(id)}`);
    return created;
  }

  @Get()
  async list(
    @Query('status') status: string | undefined,
    @Query('pack') pack: string | undefined,
    @Query('owner') owner: string | undefined,
  ): Promise<{ definitions: DefinitionView[] }> {
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status))
      throw new InvalidInputError(
        'INVALID_PARAMETER',
        `status must be one of ${STATUSES.join(', ')}`,
        {
          issues: [
            { path: '/query/status', code: 'invalid_enum_value', message: 'unknown status' },
          ],
        },
      );
    return {
      definitions: await this.definitions.list({
        status: status as DefinitionVersionStatus | undefined,
        pack,
        owner,
      }),
    };
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<DefinitionView> {
    const definition = await this.definitions.get(id);
    if (!definition) throw notFound(id);
    return definition;
  }

  /** A new version: the latest draft is edited in place, an active one is never changed. */
  @Put(':id')
  async replace(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DefinitionVersionView> {
    return this.edit(id, body, request, reply);
  }

  @Post(':id/versions')
  async addVersion(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DefinitionVersionView> {
    return this.edit(id, body, request, reply);
  }

  @Get(':id/versions/:version')
  async version(
    @Param('id') id: string,
    @Param('version') rawVersion: string,
  ): Promise<DefinitionVersionView> {
    const version = intParam(rawVersion, '/path/version', { min: 1, max: MAX_VERSION });
    const found = await this.definitions.version(id, version);
    if (!found)
      throw new SegmentationError(
        DEFINITION_ERROR_CODES.versionNotFound,
        `no version ${version} of segment definition ${id}`,
      );
    return found;
  }

  /** `:preview` (size and sample, nothing changes) or `:activate` (202 with the backfill job). */
  @Post(':id/versions/:versionAction')
  async versionAction(
    @Param('id') id: string,
    @Param('versionAction') versionAction: string,
    @Query('limit') rawLimit: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PreviewResult | StatusChangeView> {
    const { value, action } = splitAction(versionAction, ['preview', 'activate']);
    const version = intParam(value, '/path/version', { min: 1, max: MAX_VERSION });
    if (action === 'preview') {
      const limit = intParam(
        rawLimit,
        '/query/limit',
        { min: 1, max: this.settings.previewMaxScan },
        Math.min(DEFAULT_PREVIEW_LIMIT, this.settings.previewMaxScan),
      );
      void reply.code(200);
      return this.previews.preview(id, version, limit);
    }
    return this.answer(await this.definitions.activate(id, version, actorOf(request)), reply);
  }

  /** `:retire`: the active version retires and every membership is closed in the background. */
  @Post(':idAction')
  async definitionAction(
    @Param('idAction') idAction: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StatusChangeView> {
    const { value: id } = splitAction(idAction, ['retire']);
    return this.answer(await this.definitions.retire(id, actorOf(request)), reply);
  }

  private async edit(
    id: string,
    body: unknown,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<DefinitionVersionView> {
    const { draft } = parseDraft(body, id);
    const edited = await this.definitions.edit(id, draft, actorOf(request));
    const version = edited.definition.versions.find((v) => v.version === edited.version)!;
    const location = `/v1/segment-definitions/${encodeURIComponent(id)}/versions/${version.version}`;
    void reply.code(edited.created ? 201 : 200).header('location', location);
    return version;
  }

  /** 202 while a job was started by this call; 200 for a repeat that changed nothing. */
  private answer(change: StatusChange, reply: FastifyReply): StatusChangeView {
    if (change.changed) {
      this.poller.nudge();
      void reply.code(202);
    } else {
      void reply.code(200);
    }
    if (change.job) void reply.header('location', `/v1/backfill-jobs/${change.job.id}`);
    return {
      definition: change.definition,
      job: change.job ? backfillJobView(change.job) : null,
    };
  }
}

function parseDraft(body: unknown, id?: string): { id: string; draft: DefinitionDraft } {
  const result = validateDefinitionDraft(body, {
    ...(id === undefined ? {} : { id }),
    quantileTables: new Set(Object.keys(QUANTILE_TABLES)),
  });
  if (!result.ok)
    throw new InvalidInputError(
      DEFINITION_ERROR_CODES.invalidDefinition,
      `invalid segment definition at ${result.issues[0]?.path ?? '/'}: ${result.issues[0]?.message ?? ''}`,
      { issues: result.issues },
    );
  return result;
}

function notFound(id: string): SegmentationError {
  return new SegmentationError(
    DEFINITION_ERROR_CODES.definitionNotFound,
    `no segment definition ${id}`,
  );
}
