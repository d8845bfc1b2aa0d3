import { testInfraMode } from './config/test-infra.config';

/** Stops the containers globalSetup started; the local stack stays up for the next run. */
export default async function globalTeardown(): Promise<void> {
  if (testInfraMode() === 'testcontainers') {
    const { stopContainers } = await import('./containers');
    await stopContainers();
  }
}
