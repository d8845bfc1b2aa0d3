import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import { InvalidInputError, PlatformError, type FieldIssue } from '@cip/contracts';
import type { Logger } from '@cip/telemetry';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problem, type ProblemDetails } from './problem-details';

/** Error codes whose HTTP status is not 400/500. Services add theirs through `statusByCode`. */
const DEFAULT_STATUS_BY_CODE: Record<string, number> = {
  BUS_UNAVAILABLE: 503,
  DEPENDENCY_UNAVAILABLE: 503,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
};

/**
 * Stable codes for what NestJS and Fastify refuse before our handlers run (unknown route, body
 * over the limit, unparseable Content-Type header), instead of HTTP_<status>.
 */
const FRAMEWORK_CODE_BY_STATUS: Record<number, string> = {
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'CONTENT_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

const RETRY_AFTER_SECONDS = '2';

/** Maps every error to RFC 9457 problem details; never leaks stack traces to callers. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly statusByCode: Record<string, number> = {},
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const body = this.toProblem(exception);
    body.instance = request.url;
    if (body.status >= 500) {
      this.logger.error({ err: exception, code: body.code, url: request.url }, 'request failed');
    }
    if (body.status === 503 || body.status === 429)
      void reply.header('Retry-After', RETRY_AFTER_SECONDS);
    void reply.status(body.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(body);
  }

  /** The problem body of an error, without `instance` (also used for the items of batch answers). */
  toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof PlatformError) {
      const status =
        this.statusByCode[exception.code] ??
        DEFAULT_STATUS_BY_CODE[exception.code] ??
        (exception instanceof InvalidInputError ? 400 : 500);
      const issues = exception.details?.['issues'] as FieldIssue[] | undefined;
      return problem(status, exception.code, status >= 500 ? 'Internal error' : exception.message, {
        ...(status < 500 ? { detail: exception.message } : {}),
        ...(issues ? { errors: issues } : {}),
      });
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return problem(
        status,
        FRAMEWORK_CODE_BY_STATUS[status] ?? `HTTP_${status}`,
        exception.message,
      );
    }
    // Fastify's own errors (body too large, bad content type, malformed JSON) carry statusCode.
    const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
    if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500) {
      return problem(
        fastifyError.statusCode,
        FRAMEWORK_CODE_BY_STATUS[fastifyError.statusCode] ??
          fastifyError.code ??
          `HTTP_${fastifyError.statusCode}`,
        fastifyError.message ?? 'Bad request',
      );
    }
    return problem(500, 'INTERNAL', 'Internal error');
  }
}
