import { loadServiceConfig } from '@cip/config';
import { launchInstrumented } from '@cip/telemetry';

launchInstrumented(
  'ingestion',
  () => loadServiceConfig('ingestion'),
  async () => (await import('./ingestion.bootstrap')).startIngestion,
);
