import type { CustomerProfile } from '@cip/contracts';

export interface ProfileUploadOptions {
  baseUrl: string;
  apiKey: string | undefined;
  concurrency: number;
}

export interface ProfileUploadReport {
  stored: number;
  failed: number;
  problems: string[];
}

/**
 * PUT /v1/customers/:id for each profile, `concurrency` at a time, so the customer file holds the
 * demographics and channel preference before the events arrive. Failures are counted, not fatal:
 * events are accepted for customers without a file.
 */
export async function uploadProfiles(
  profiles: Iterable<{ customerId: string; profile: CustomerProfile }>,
  options: ProfileUploadOptions,
): Promise<ProfileUploadReport> {
  const report: ProfileUploadReport = { stored: 0, failed: 0, problems: [] };
  const base = options.baseUrl.replace(/\/+$/, '');
  const iterator = profiles[Symbol.iterator]();
  const worker = async () => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      const { customerId, profile } = next.value;
      try {
        const response = await fetch(`${base}/v1/customers/${encodeURIComponent(customerId)}`, {
          method: 'PUT',
          headers: {
            'content-type': 'application/json',
            ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
          },
          body: JSON.stringify(profile),
        });
        if (response.ok) report.stored += 1;
        else fail(report, `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
      } catch (error) {
        fail(report, (error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return report;
}

function fail(report: ProfileUploadReport, problem: string): void {
  report.failed += 1;
  if (report.problems.length < 3) report.problems.push(problem);
}
