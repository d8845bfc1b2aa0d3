import type { FieldIssue } from '@cip/contracts';

export interface BatchItemResult {
  index: number;
  eventId?: string;
  status: 'accepted' | 'replayed' | 'rejected';
  problem?: ProblemBody;
}

export interface ProblemBody {
  title: string;
  detail?: string;
  code: string;
  errors?: FieldIssue[];
}

/** The import cannot go on (bad key, batch refused as a whole, retries exhausted). */
export class ImportAborted extends Error {}

export interface IngestionClientOptions {
  baseUrl: string;
  apiKey: string | undefined;
  maxAttempts?: number;
  baseDelayMs?: number;
}

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/**
 * Calls the ingestion API for an import. Overload and outages (429, 5xx, connection errors) are
 * retried with backoff and the same body, so an item accepted by an attempt whose answer was lost
 * comes back as `replayed` (events) or unchanged (customer files): nothing doubled, nothing
 * skipped. A refusal of the caller itself (401, 403) stops the import.
 */
export class IngestionClient {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;

  constructor(private readonly options: IngestionClientOptions) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.baseDelayMs = options.baseDelayMs ?? 250;
  }

  /** POST /v1/events:batch; the per-item results of the 207. */
  async sendEvents(events: readonly unknown[]): Promise<BatchItemResult[]> {
    const response = await this.call('POST', '/v1/events:batch', { events });
    if (response.status === 207)
      return ((await response.json()) as { results: BatchItemResult[] }).results;
    throw new ImportAborted(`the ingestion API refused the batch (${await describe(response)})`);
  }

  /** PUT /v1/customers/:id; undefined when stored, else the problem that refused it. */
  async putCustomer(customerId: string, profile: unknown): Promise<ProblemBody | undefined> {
    const path = `/v1/customers/${encodeURIComponent(customerId)}`;
    const response = await this.call('PUT', path, profile);
    if (response.ok) return undefined;
    return (await response.json()) as ProblemBody;
  }

  private async call(method: string, path: string, body: unknown): Promise<Response> {
    let lastFailure = '';
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${this.options.baseUrl}${path}`, {
          method,
          headers: {
            'content-type': 'application/json',
            ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
          },
          body: JSON.stringify(body),
        });
      } catch (error) {
        lastFailure = (error as Error).message;
        await this.pause(attempt, undefined);
        continue;
      }
      if (response.status === 401 || response.status === 403)
        throw new ImportAborted(
          `the ingestion API refused the caller (${await describe(response)})`,
        );
      if (!RETRYABLE_STATUSES.has(response.status) && response.status < 500) return response;
      lastFailure = await describe(response);
      await this.pause(attempt, response.headers.get('retry-after'));
    }
    throw new ImportAborted(`gave up after ${this.maxAttempts} attempts (${lastFailure})`);
  }

  private async pause(attempt: number, retryAfter: string | null | undefined): Promise<void> {
    const hinted = Number(retryAfter) * 1_000;
    const backoff = this.baseDelayMs * 2 ** (attempt - 1);
    const delay = Number.isFinite(hinted) && hinted > 0 ? hinted : Math.min(backoff, 10_000);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

async function describe(response: Response): Promise<string> {
  return `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
}
