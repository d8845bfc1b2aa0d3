import { loadServiceConfig } from '@cip/config';
import { launchInstrumented } from '@cip/telemetry';

launchInstrumented(
  'lifecycle',
  () => loadServiceConfig('lifecycle'),
  async () => (await import('./lifecycle.bootstrap')).startLifecycle,
);
