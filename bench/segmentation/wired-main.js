'use strict';
// FALLBACK entry point, used only with BENCH_SERVICE_MAIN=bench-wired: the segmentation service
// from dist/ exactly as dist/apps/segmentation/src/main.js starts it, plus the runtime-definition
// providers and controllers of apps/segmentation/src/definitions (segmentDefinitionsProviders,
// SEGMENT_DEFINITIONS_CONTROLLERS) appended to SegmentationModule.forRoot(), for while the
// module does not wire them itself yet (the module is being rewired; without them Nest cannot
// resolve SEGMENT_CATALOG_PROVIDER). Nothing else changes: same use cases, adapters, consumers,
// default settings. Results of a run with this entry say so in the README.
const path = require('node:path');

const dist = path.resolve(__dirname, '..', '..', 'dist');
const { loadServiceConfig } = require(path.join(dist, 'libs/config/src'));
const { launchInstrumented } = require(path.join(dist, 'libs/telemetry/src'));

launchInstrumented(
  'segmentation',
  () => loadServiceConfig('segmentation'),
  async () => {
    const { bootstrapService } = require(path.join(dist, 'libs/service-kit/src'));
    const { SegmentationModule } = require(
      path.join(dist, 'apps/segmentation/src/segmentation.module'),
    );
    const definitions = require(
      path.join(dist, 'apps/segmentation/src/definitions/segment-definitions.providers'),
    );
    return async (config, logger, telemetry) => {
      const rootModule = SegmentationModule.forRoot({ config, logger, telemetry });
      const tokenOf = (p) => (typeof p === 'function' ? p : p.provide);
      const provided = new Set(rootModule.providers.map(tokenOf));
      const controllers = new Set(rootModule.controllers);
      rootModule.providers = [
        ...rootModule.providers,
        ...definitions.segmentDefinitionsProviders().filter((p) => !provided.has(tokenOf(p))),
      ];
      rootModule.controllers = [
        ...rootModule.controllers,
        ...definitions.SEGMENT_DEFINITIONS_CONTROLLERS.filter((c) => !controllers.has(c)),
      ];
      await bootstrapService({ config, logger, rootModule });
    };
  },
);
