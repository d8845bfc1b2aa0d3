import { consumerGroupId } from '@cip/config';
import { testInfra } from '@cip/testing';
import { Kafka, logLevel } from 'kafkajs';
import { startSegmentationHarness, type SegmentationHarness } from './segmentation-int.harness';

const T0 = Date.parse('2026-07-01T10:00:00.000Z');

/**
 * SEGMENTATION_WORKLOADS splits the work between instances: here one consumes events and fires
 * timers, another only runs re-evaluation jobs. A job waits until an instance that runs backfills
 * is up, and that instance never joins the events consumer group.
 */
describe('segmentation workloads split between instances (real Kafka, Redis, Postgres)', () => {
  let h: SegmentationHarness;

  beforeAll(async () => {
    h = await startSegmentationHarness('segwork', T0, { SEGMENTATION_WORKLOADS: 'events,timers' });
  }, 90_000);

  afterAll(async () => {
    await h?.stop();
  }, 60_000);

  const api = (method: string, path: string, body?: unknown) => h.api(method, path, body);

  async function jobStatus(jobId: string): Promise<string> {
    const [, job] = await api('GET', `/v1/backfill-jobs/${jobId}`);
    return (job as { status: string }).status;
  }

  async function groupMembers(): Promise<number> {
    const admin = new Kafka({
      clientId: 'segwork-int-test',
      brokers: testInfra().kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([consumerGroupId(h.config, 'contact-events')]);
      return groups[0]?.members.length ?? 0;
    } finally {
      await admin.disconnect();
    }
  }

  it('leaves re-evaluation jobs to the instance that runs backfills', async () => {
    const segmentId = `callers-${h.isolation.id}`;
    const [created] = await api('POST', '/v1/segment-definitions', {
      id: segmentId,
      name: 'Callers',
      description: 'a call in 30 days',
      owner: 'ops',
      strategy: 'none',
      condition: {
        kind: 'compare',
        op: '>=',
        left: { kind: 'aggregate', fn: 'count', event: 'call.completed', window: { days: 30 } },
        right: 1,
      },
    });
    expect(created).toBe(201);
    const [activated, body] = await api(
      'POST',
      `/v1/segment-definitions/${segmentId}/versions/1:activate`,
    );
    expect(activated).toBe(202);
    const jobId = (body as { job: { id: string } }).job.id;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await jobStatus(jobId)).toBe('queued');
    expect(await groupMembers()).toBe(1);

    const worker = await h.startAnotherInstance({ SEGMENTATION_WORKLOADS: 'backfill' });
    try {
      const deadline = Date.now() + 30_000;
      while ((await jobStatus(jobId)) !== 'done' && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await jobStatus(jobId)).toBe('done');
      expect(await groupMembers()).toBe(1);
    } finally {
      await worker.stop();
    }
  });
});
