import type { ContactEvent } from '@cip/contracts';
import { SinkAborted, type EventSink, type SinkOutcome } from './event-sink';

export interface IngestionApiSinkOptions {
  baseUrl: string;
  apiKey: string | undefined;
  maxAttempts?: number;
  baseDelayMs?: number;
}

interface BatchItemResult {
  status: 'accepted' | 'replayed' | 'rejected';
  problem?: { title?: string; detail?: string };
}

const RETRYABLE = new Set([408, 429, 502, 503, 504]);

/**
 * POST /v1/events:batch (Node's fetch keeps connections alive). Overload and outages are retried
 * with backoff and the same event ids, so a retried batch comes back `replayed`, never doubled.
 */
export class IngestionApiSink implements EventSink {
  private readonly url: string;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;

  constructor(private readonly options: IngestionApiSinkOptions) {
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/v1/events:batch`;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.baseDelayMs = options.baseDelayMs ?? 200;
  }

  async send(events: readonly ContactEvent[]): Promise<SinkOutcome> {
    const body = JSON.stringify({ events });
    let lastFailure = '';
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      let response: Response;
      try {
        response = await fetch(this.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
          },
          body,
        });
      } catch (error) {
        lastFailure = (error as Error).message;
        await this.backOff(attempt, null);
        continue;
      }
      if (response.status === 207) {
        const { results } = (await response.json()) as { results: BatchItemResult[] };
        return tally(results);
      }
      lastFailure = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
      if (!RETRYABLE.has(response.status) && response.status < 500) {
        throw new SinkAborted(`the ingestion API refused the batch (${lastFailure})`);
      }
      await this.backOff(attempt, response.headers.get('retry-after'));
    }
    throw new SinkAborted(`gave up after ${this.maxAttempts} attempts (${lastFailure})`);
  }

  private async backOff(attempt: number, retryAfter: string | null): Promise<void> {
    const hinted = Number(retryAfter) * 1_000;
    const delay =
      Number.isFinite(hinted) && hinted > 0
        ? hinted
        : Math.min(this.baseDelayMs * 2 ** (attempt - 1), 5_000);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

function tally(results: readonly BatchItemResult[]): SinkOutcome {
  const outcome: SinkOutcome = { accepted: 0, replayed: 0, rejected: 0, problems: [] };
  for (const result of results) {
    outcome[result.status] += 1;
    if (result.status === 'rejected' && outcome.problems.length < 3) {
      outcome.problems.push(result.problem?.detail ?? result.problem?.title ?? 'rejected');
    }
  }
  return outcome;
}
