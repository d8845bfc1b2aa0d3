import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { runChecks, type DependencyCheck } from './dependency-check';
import { ShutdownState } from './shutdown-state';
import { DEPENDENCY_CHECKS } from './tokens';

const READY_CHECK_TIMEOUT_MS = 2_000;

@Controller('health')
export class HealthController {
  constructor(
    @Inject(DEPENDENCY_CHECKS) private readonly checks: DependencyCheck[],
    private readonly shutdown: ShutdownState,
  ) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const dependencies = await runChecks(this.checks, READY_CHECK_TIMEOUT_MS);
    const ready = !this.shutdown.isDraining && dependencies.every((d) => d.status === 'up');
    await reply.status(ready ? 200 : 503).send({
      status: ready ? 'ready' : this.shutdown.isDraining ? 'draining' : 'not-ready',
      dependencies,
    });
  }
}
