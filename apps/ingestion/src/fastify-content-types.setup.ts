import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InvalidInputError, type FieldIssue } from '@cip/contracts';
import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import { MALFORMED_JSON } from './ingestion-http.settings';

/** JSON is UTF-8 (RFC 8259); `fatal` refuses invalid bytes instead of replacing them. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Two adjustments to Fastify's body parsing, so every refusal is one of our problem codes:
 *
 * - Fastify answers unknown content types itself (415) before our routes run, and parses
 *   text/plain into a string. A catch-all parser lets every body (within the body limit) reach
 *   the route, which then refuses anything but application/json with UNSUPPORTED_MEDIA_TYPE.
 * - Fastify's JSON parser (kept: it is fast and refuses `__proto__` and `constructor.prototype`
 *   keys, which could poison prototypes further down) reports every failure as the same generic
 *   400. It is wrapped to answer MALFORMED_JSON saying what is wrong with the body (`/`).
 *
 * The body limit still applies before either parser runs (413).
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
    fastify.removeContentTypeParser('application/json');
    fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, jsonParser(fastify));
  }
}

/**
 * Fastify's JSON parser, answering MALFORMED_JSON with the reason (invalid UTF-8, empty, syntax
 * error with its position, forbidden key) instead of one generic 400. Usable for other JSON media
 * types (e.g. application/merge-patch+json).
 */
export function jsonParser(fastify: FastifyInstance): FastifyBodyParser<Buffer> {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      done(malformed({ code: 'invalid_utf8', message: 'the body is not valid UTF-8' }));
      return;
    }
    void parseJson(request, text, (error, value) => {
      if (error) done(malformed(whyNotJson(text)), undefined);
      else done(null, value);
    });
  };
}

/** Only on the error path: what exactly Fastify's parser refused. */
function whyNotJson(text: string): Omit<FieldIssue, 'path'> {
  if (text.trim().length === 0) return { code: 'empty_body', message: 'expected a JSON object' };
  try {
    JSON.parse(text);
  } catch (error) {
    return { code: 'invalid_json', message: (error as SyntaxError).message };
  }
  return {
    code: 'forbidden_key',
    message: '"__proto__" and "constructor.prototype" keys are not allowed',
  };
}

function malformed(issue: Omit<FieldIssue, 'path'>): InvalidInputError {
  return new InvalidInputError(MALFORMED_JSON, 'The body is not a well-formed JSON document', {
    issues: [{ path: '/', ...issue }],
  });
}
