/** Stops the containers globalSetup started; the local stack stays up for the next run. */
export default async function globalTeardown(): Promise<void> {
  if (process.env['CIP_TEST_INFRA'] === 'testcontainers') {
    const { stopContainers } = await import('./containers');
    await stopContainers();
  }
}
