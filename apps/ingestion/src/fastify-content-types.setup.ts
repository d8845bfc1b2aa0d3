import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/**
 * Fastify answers unknown content types itself (415) before our controller runs, and parses
 * text/plain into a string. A catch-all parser lets every body (within the body limit) reach the
 * controller, which then refuses anything but application/json with one problem code.
 */
@Injectable()
export class FastifyContentTypesSetup implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (fastify.hasContentTypeParser('*')) return;
    fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) =>
      done(null, undefined),
    );
  }
}
