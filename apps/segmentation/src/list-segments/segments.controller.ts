import { Controller, Get, Inject } from '@nestjs/common';
import type { SegmentDefinitionSource, StoredSegmentDefinition } from '@cip/segmentation-domain';
import { DEFINITION_SOURCE } from '../segmentation.tokens';

/** Every segment definition version (the rule included), newest version first per segment. */
@Controller('v1/segments')
export class SegmentsController {
  constructor(@Inject(DEFINITION_SOURCE) private readonly source: SegmentDefinitionSource) {}

  @Get()
  async list(): Promise<{ segments: StoredSegmentDefinition[] }> {
    return { segments: await this.source.loadAll() };
  }
}
