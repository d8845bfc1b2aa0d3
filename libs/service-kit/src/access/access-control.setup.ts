import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problem } from '../problem-details';
import {
  ANONYMOUS,
  type AccessControl,
  type AccessDecision,
  type Principal,
} from './access-control';

export const ACCESS_CONTROL = Symbol('ACCESS_CONTROL');

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the access hook on every request; null only before it ran. */
    principal: Principal | null;
  }
}

/**
 * Checks every request in a Fastify onRequest hook, before body parsing and before any route
 * (NestJS controller or raw Fastify), so refused calls cost no parsing and no route can skip it.
 */
@Injectable()
export class AccessControlSetup implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ACCESS_CONTROL) private readonly accessControl: AccessControl,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (fastify.hasRequestDecorator('principal')) return;
    fastify.decorateRequest('principal', null);
    fastify.addHook('onRequest', async (request, reply) => {
      let decision: AccessDecision;
      try {
        decision = await this.accessControl.authorize(request.method, request.url, request.headers);
      } catch {
        // The key store could not be read and no earlier copy exists: the caller may retry.
        const body = problem(503, 'DEPENDENCY_UNAVAILABLE', 'API keys cannot be checked now');
        return reply.code(503).header('retry-after', '2').type(PROBLEM_CONTENT_TYPE).send(body);
      }
      void reply.headers(decision.headers);
      if (decision.allowed) {
        request.principal = decision.principal;
        return;
      }
      const body = problem(decision.status, decision.code, decision.title, {
        instance: request.url.split('?', 1)[0],
      });
      return reply.code(decision.status).type(PROBLEM_CONTENT_TYPE).send(body);
    });
  }
}

/** The authenticated caller of a request (ANONYMOUS when keys are not required and none came). */
export function principalOf(request: FastifyRequest): Principal {
  return request.principal ?? ANONYMOUS;
}
