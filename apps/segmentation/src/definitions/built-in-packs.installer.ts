import type { OnApplicationBootstrap } from '@nestjs/common';
import { MODEL_PACKS } from '@cip/segmentation-domain';
import type { Logger } from '@cip/telemetry';
import type { InstallModelPacksUseCase } from './install-model-packs.use-case';

/** Boot option for the demo and the benchmark: every built-in pack installed and activated. */
export class BuiltInPacksInstaller implements OnApplicationBootstrap {
  constructor(
    private readonly installer: InstallModelPacksUseCase,
    private readonly enabled: boolean,
    private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    const result = await this.installer.install(Object.keys(MODEL_PACKS), {
      activate: true,
      actor: 'boot:built-in-packs',
    });
    this.logger.info(
      {
        created: result.definitions.filter((d) => d.created).length,
        activated: result.definitions.filter((d) => d.activated).length,
        jobId: result.job?.id,
      },
      'built-in model packs installed',
    );
  }
}
