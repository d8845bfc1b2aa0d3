import { loadServiceConfig } from '@cip/config';
import { launchInstrumented } from '@cip/telemetry';

launchInstrumented(
  'nba',
  () => loadServiceConfig('nba'),
  async () => (await import('./nba.bootstrap')).startNba,
);
