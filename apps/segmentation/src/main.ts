import { loadServiceConfig } from '@cip/config';
import { launchInstrumented } from '@cip/telemetry';

launchInstrumented(
  'segmentation',
  () => loadServiceConfig('segmentation'),
  async () => (await import('./segmentation.bootstrap')).startSegmentation,
);
