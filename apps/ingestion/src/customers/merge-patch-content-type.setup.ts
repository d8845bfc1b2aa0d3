import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { MERGE_PATCH_MEDIA_TYPE } from './customers.controller';

/** Parses application/merge-patch+json (RFC 7396) like application/json, protos refused alike. */
@Injectable()
export class MergePatchContentTypeSetup implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (fastify.hasContentTypeParser(MERGE_PATCH_MEDIA_TYPE)) return;
    fastify.addContentTypeParser(
      MERGE_PATCH_MEDIA_TYPE,
      { parseAs: 'string' },
      fastify.getDefaultJsonParser('error', 'error'),
    );
  }
}
