import { Readable } from 'node:stream';
import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { InvalidInputError } from '@cip/contracts';
import { DEFINITION_ERROR_CODES, SegmentationError } from '@cip/segmentation-domain';
import type { FastifyReply } from 'fastify';
import { SEGMENT_CATALOG_PROVIDER, SEGMENT_STATE_STORE } from '../definitions/definitions.tokens';
import { intParam } from '../definitions/http-input';
import { PostgresSegmentDefinitionsStore } from '../definitions/postgres-segment-definitions.store';
import type { DefinitionVersionView } from '../definitions/segment-definition.view';
import type {
  SegmentCatalogProvider,
  SegmentStateStore,
} from '../evaluate-segments/segment-state.ports';
import { EXPORT_CONTENT_TYPES, exportLines, type ExportFormat } from './members-export';
import { SegmentMembersQuery, type MemberRow } from './segment-members.query';

const MAX_PAGE = 1_000;
const DEFAULT_PAGE = 100;
const MAX_SAMPLES = 10_000;

export interface SegmentSizeView {
  segmentId: string;
  /** Whether a version is active (a segment not active has no members in the hot store). */
  active: boolean;
  /** Members now in the hot store (the segment's bitmap); 0 when not active. */
  live: number;
  /** Current membership rows in Postgres (lags the hot store by the journal's batching). */
  durable: number;
  at: string;
}

/** Segments, their members (paged, exportable), their size and size over time. */
@Controller('v1/segments')
export class SegmentsController {
  constructor(
    private readonly definitions: PostgresSegmentDefinitionsStore,
    private readonly members: SegmentMembersQuery,
    @Inject(SEGMENT_STATE_STORE) private readonly store: Pick<SegmentStateStore, 'segmentSize'>,
    @Inject(SEGMENT_CATALOG_PROVIDER) private readonly catalogs: SegmentCatalogProvider,
  ) {}

  /** Every definition version (condition included), newest version first per segment. */
  @Get()
  async list(): Promise<{ segments: Array<DefinitionVersionView & { code: number }> }> {
    const definitions = await this.definitions.list({});
    return {
      segments: definitions.flatMap((d) => d.versions.map((v) => ({ ...v, code: d.code }))),
    };
  }

  /**
   * `format=json` (default): a page and the cursor of the next (`null` at the end);
   * `format=ndjson|csv`: every member, streamed.
   */
  @Get(':id/members')
  async listMembers(
    @Param('id') segmentId: string,
    @Query('cursor') cursor: string | undefined,
    @Query('limit') rawLimit: string | undefined,
    @Query('format') rawFormat: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.requireSegment(segmentId);
    const format = formatOf(rawFormat);
    if (format !== 'json') {
      const file = `${segmentId}-members.${format}`;
      await reply
        .code(200)
        .header('content-type', EXPORT_CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(Readable.from(exportLines(this.members.all(segmentId), format)));
      return;
    }
    const limit = intParam(rawLimit, '/query/limit', { min: 1, max: MAX_PAGE }, DEFAULT_PAGE);
    // One more than asked tells whether a next page exists.
    const rows = await this.members.page(segmentId, decodeCursor(cursor), limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const body: { segmentId: string; members: MemberRow[]; nextCursor: string | null } = {
      segmentId,
      members: page,
      nextCursor: rows.length > limit && last ? encodeCursor(last.customerId) : null,
    };
    await reply.code(200).send(body);
  }

  @Get(':id/size')
  async size(@Param('id') segmentId: string): Promise<SegmentSizeView> {
    const code = await this.requireSegment(segmentId);
    // Bitmaps are kept for active segments only: a retired one's is left as it was (ADR 0008).
    const active = (await this.catalogs.get()).byId.has(segmentId);
    const [live, durable] = await Promise.all([
      active ? this.store.segmentSize(code) : 0,
      this.members.count(segmentId),
    ]);
    return { segmentId, active, live, durable, at: new Date().toISOString() };
  }

  @Get(':id/size-history')
  async sizeHistory(
    @Param('id') segmentId: string,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @Query('limit') rawLimit: string | undefined,
  ): Promise<{ segmentId: string; samples: Array<{ at: string; size: number }> }> {
    await this.requireSegment(segmentId);
    const limit = intParam(rawLimit, '/query/limit', { min: 1, max: MAX_SAMPLES }, 1_000);
    return {
      segmentId,
      samples: await this.members.sizeHistory(
        segmentId,
        dateParam(from, '/query/from'),
        dateParam(to, '/query/to'),
        limit,
      ),
    };
  }

  private async requireSegment(segmentId: string): Promise<number> {
    const code = await this.members.segmentCode(segmentId);
    if (code === undefined)
      throw new SegmentationError(
        DEFINITION_ERROR_CODES.segmentNotFound,
        `no segment ${segmentId}`,
      );
    return code;
  }
}

function formatOf(raw: string | undefined): 'json' | ExportFormat {
  if (raw === undefined || raw === 'json' || raw === 'ndjson' || raw === 'csv')
    return raw ?? 'json';
  throw new InvalidInputError('INVALID_PARAMETER', 'format must be json, ndjson or csv', {
    issues: [{ path: '/query/format', code: 'invalid_enum_value', message: 'json, ndjson or csv' }],
  });
}

/** Cursors are opaque to clients: the last customer id of the page, base64url. */
function encodeCursor(customerId: string): string {
  return Buffer.from(customerId, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | undefined): string | null {
  if (cursor === undefined || cursor === '') return null;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (decoded === '' || encodeCursor(decoded) !== cursor)
    throw new InvalidInputError('INVALID_CURSOR', 'cursor is not one this API returned', {
      issues: [{ path: '/query/cursor', code: 'invalid_cursor', message: 'unknown cursor' }],
    });
  return decoded;
}

function dateParam(raw: string | undefined, path: string): Date | null {
  if (raw === undefined || raw === '') return null;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms))
    throw new InvalidInputError('INVALID_PARAMETER', `${path} must be an ISO 8601 timestamp`, {
      issues: [{ path, code: 'invalid_date', message: 'ISO 8601 timestamp expected' }],
    });
  return new Date(ms);
}
