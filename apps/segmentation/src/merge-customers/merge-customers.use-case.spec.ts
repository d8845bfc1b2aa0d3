import type { ContactEvent } from '@cip/contracts';
import { customerMergedEvent } from '@cip/testing';
import { ApplyContactEventUseCase } from '../apply-contact-event/apply-contact-event.use-case';
import {
  DEFINITION,
  FakePublisher,
  FakeRecords,
  FakeRedirector,
  FakeStates,
} from '../testing.fakes';
import { MergeCustomersUseCase } from './merge-customers.use-case';

let seq = 0;
const complaint = (customerId: string, day: number): ContactEvent => ({
  eventId: `ev-${++seq}`,
  type: 'complaint.filed',
  version: 1,
  occurredAt: new Date(Date.UTC(2026, 0, 1 + day)).toISOString(),
  customerId,
  source: 'test',
  payload: { complaintId: `k${seq}`, category: 'billing', severity: 'medium' },
});

const merged = (survivorId: string, mergedIds: string[], eventId = 'merge-1') =>
  customerMergedEvent({ eventId, survivorId, mergedIds, occurredAt: '2026-01-10T00:00:00.000Z' });

function setup() {
  const states = new FakeStates();
  const records = new FakeRecords();
  const publisher = new FakePublisher();
  const deps = { definitions: { get: async () => [DEFINITION] }, states, records, publisher };
  const apply = new ApplyContactEventUseCase({
    ...deps,
    consumer: 'segmentation.contact-events',
    redirector: new FakeRedirector(),
  });
  const mergeUseCase = new MergeCustomersUseCase({
    ...deps,
    consumer: 'segmentation.customer-merged',
  });
  return { states, records, publisher, apply, mergeUseCase };
}

const flips = (publisher: FakePublisher) =>
  publisher.published.map((c) => `${c.customerId}:${c.change}`);

describe('MergeCustomersUseCase', () => {
  it('exits the merged id, enters the survivor, and records both states once', async () => {
    const { apply, mergeUseCase, publisher, records, states } = setup();
    await apply.execute(complaint('a', 1));
    await apply.execute(complaint('b', 2));
    await apply.execute(complaint('b', 3));
    expect(flips(publisher)).toEqual(['b:entered']);

    const event = merged('a', ['b']);
    expect(await mergeUseCase.execute(event)).toMatchObject({ status: 'merged', survivorId: 'a' });
    expect(flips(publisher)).toEqual(['b:entered', 'b:exited', 'a:entered']);
    expect(records.snapshots.get('b')).toMatchObject({ mergedInto: 'a', memberships: {} });
    expect(records.snapshots.get('a')?.totals).toEqual({ 'complaint.filed': 3 });
    expect(states.data.get('a')?.state.memberships).toHaveProperty('repeated-complainers');

    expect(await mergeUseCase.execute(event)).toEqual({ status: 'already-processed' });
    expect(publisher.published).toHaveLength(3);
  });

  it('a crash before the durable write republishes the same changes on redelivery', async () => {
    const { apply, mergeUseCase, publisher, records } = setup();
    await apply.execute(complaint('a', 1));
    await apply.execute(complaint('b', 2));
    records.failNextRecord = true;
    await expect(mergeUseCase.execute(merged('a', ['b']))).rejects.toThrow('postgres down');
    await mergeUseCase.execute(merged('a', ['b']));
    const [first, second] = [publisher.published.slice(0, 1), publisher.published.slice(1)];
    expect(second.map((c) => c.eventId)).toEqual(first.map((c) => c.eventId));
    expect(records.snapshots.get('a')?.totals).toEqual({ 'complaint.filed': 2 });
  });

  it('folds into the current survivor when the survivor was merged away meanwhile', async () => {
    const { apply, mergeUseCase, records } = setup();
    await apply.execute(complaint('a', 1));
    await apply.execute(complaint('b', 2));
    await mergeUseCase.execute(merged('c', ['a'], 'merge-0'));
    await mergeUseCase.execute(merged('a', ['b']));
    expect(records.snapshots.get('b')?.mergedInto).toBe('c');
    expect(records.snapshots.get('c')?.totals).toEqual({ 'complaint.filed': 2 });
  });

  it('rejects a merge not keyed by its survivor as poison', async () => {
    const { mergeUseCase } = setup();
    const event = { ...merged('a', ['b']), customerId: 'b' };
    await expect(mergeUseCase.execute(event)).rejects.toMatchObject({ code: 'INVALID_MERGE' });
  });
});
