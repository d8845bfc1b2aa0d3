import { BusUnavailableError } from './bus-unavailable.error';
import { waitForServingLeaders } from './wait-for-serving-leaders';

type FakeAdmin = Parameters<typeof waitForServingLeaders>[0];

/** An admin whose metadata and ListOffsets answers follow the scripts given, call by call. */
function fakeAdmin(script: { leaders: number[]; offsets: Array<'ok' | 'not leader'> }): {
  admin: FakeAdmin;
  offsetCalls: () => number;
} {
  let metadataCall = 0;
  let offsetCall = 0;
  const admin = {
    fetchTopicMetadata: async ({ topics }: { topics: string[] }) => {
      const leader = script.leaders[Math.min(metadataCall++, script.leaders.length - 1)]!;
      return {
        topics: topics.map((name) => ({
          name,
          partitions: [{ partitionId: 0, leader, partitionErrorCode: 0, replicas: [], isr: [] }],
        })),
      };
    },
    fetchTopicOffsets: async () => {
      const answer = script.offsets[Math.min(offsetCall++, script.offsets.length - 1)];
      if (answer === 'not leader') {
        throw Object.assign(new Error('This server is not the leader for that topic-partition'), {
          type: 'NOT_LEADER_FOR_PARTITION',
        });
      }
      return [{ partition: 0, offset: '0', high: '0', low: '0' }];
    },
  } as unknown as FakeAdmin;
  return { admin, offsetCalls: () => offsetCall };
}

describe('waitForServingLeaders', () => {
  it('waits for a leader in the metadata before asking that leader for offsets', async () => {
    const { admin, offsetCalls } = fakeAdmin({ leaders: [-1, -1, 1], offsets: ['ok'] });
    await waitForServingLeaders(admin, ['orders'], 5_000);
    expect(offsetCalls()).toBe(1);
  });

  it('keeps waiting while the named leader does not serve the partition yet', async () => {
    const { admin, offsetCalls } = fakeAdmin({
      leaders: [1],
      offsets: ['not leader', 'not leader', 'ok'],
    });
    await waitForServingLeaders(admin, ['orders'], 5_000);
    expect(offsetCalls()).toBe(3);
  });

  it('gives up after the timeout with the last problem it saw', async () => {
    const { admin } = fakeAdmin({ leaders: [1], offsets: ['not leader'] });
    const waiting = waitForServingLeaders(admin, ['orders'], 250);
    await expect(waiting).rejects.toBeInstanceOf(BusUnavailableError);
    await expect(waiting).rejects.toThrow(
      /no serving leaders after 250 ms: This server is not the leader/,
    );
  });
});
