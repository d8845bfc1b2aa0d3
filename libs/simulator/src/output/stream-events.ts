import type { ContactEvent } from '@cip/contracts';
import type { EventSink, SinkOutcome } from './event-sink';

export interface StreamOptions {
  /** Events per second to aim for; the sink's speed may hold it lower. */
  ratePerSecond: number;
  batchSize: number;
  /** Batches in flight at once. */
  concurrency: number;
  /** Stop after this many events (for benchmarks of a fixed size). */
  maxEvents?: number;
  /** Live mode: stamp each event with the time it is sent instead of its simulated time. */
  restamp?: (event: ContactEvent, now: Date) => ContactEvent;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface StreamReport extends SinkOutcome {
  sent: number;
  seconds: number;
  eventsPerSecond: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends events in batches on a schedule: batch k leaves no earlier than k·batch/rate seconds
 * after the start, so the rate holds on average without bursts, and at most `concurrency`
 * batches wait for an answer at a time (a slow receiver slows the stream instead of piling up).
 */
export async function streamEvents(
  events: Iterable<ContactEvent>,
  sink: EventSink,
  options: StreamOptions,
  onProgress: (report: StreamReport) => void = () => undefined,
): Promise<StreamReport> {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? defaultSleep;
  const startedAt = now();
  const report: StreamReport = {
    sent: 0,
    accepted: 0,
    replayed: 0,
    rejected: 0,
    problems: [],
    seconds: 0,
    eventsPerSecond: 0,
  };
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const limit = options.maxEvents ?? Infinity;
  let batch: ContactEvent[] = [];

  const dispatch = async (events: ContactEvent[]) => {
    const dueAt = startedAt + (report.sent / options.ratePerSecond) * 1_000;
    const wait = dueAt - now();
    if (wait > 0) await sleep(wait);
    while (inFlight.size >= options.concurrency) await Promise.race(inFlight);
    if (failure !== undefined) throw failure;
    const stamped = options.restamp
      ? events.map((event) => options.restamp?.(event, new Date()) ?? event)
      : events;
    report.sent += stamped.length;
    const request = sink
      .send(stamped)
      .then((outcome) => {
        report.accepted += outcome.accepted;
        report.replayed += outcome.replayed;
        report.rejected += outcome.rejected;
        for (const problem of outcome.problems) {
          if (report.problems.length < 5) report.problems.push(problem);
        }
        onProgress(finish(report, startedAt, now()));
      })
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  };

  // Checked before pulling the next event, so a generator is never asked for one too many.
  const iterator = events[Symbol.iterator]();
  while (report.sent + batch.length < limit) {
    const next = iterator.next();
    if (next.done) break;
    batch.push(next.value);
    if (batch.length >= options.batchSize) {
      await dispatch(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await dispatch(batch);
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  return finish(report, startedAt, now());
}

function finish(report: StreamReport, startedAt: number, now: number): StreamReport {
  report.seconds = (now - startedAt) / 1_000;
  report.eventsPerSecond = Math.round(report.sent / Math.max(report.seconds, 1e-6));
  return report;
}
