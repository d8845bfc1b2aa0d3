import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulationSettings } from '../simulate-customer';
import { simulatePopulation } from '../simulate-customer';
import { BufferedFileWriter } from './buffered-file-writer';
import { customerProfileOf } from './customer-profile-of';
import { groundTruthCsvHeader, groundTruthCsvLine, groundTruthRow } from './ground-truth-row';
import { SimulationSummary } from './simulation-summary';

export interface SimulationFiles {
  events: string;
  profiles: string;
  groundTruth: string;
  summary: string;
}

export function simulationFilesIn(outDir: string): SimulationFiles {
  return {
    events: join(outDir, 'events.ndjson'),
    profiles: join(outDir, 'profiles.ndjson'),
    groundTruth: join(outDir, 'ground-truth.csv'),
    summary: join(outDir, 'summary.json'),
  };
}

/**
 * Historical mode, in one pass: every customer's events (each customer's in time order) to
 * events.ndjson, ready for `npm run import -- events`; their customer-file profiles (for
 * PUT /v1/customers/:id) to profiles.ndjson; and the hidden labels to ground-truth.csv.
 */
export async function writeSimulationFiles(
  settings: SimulationSettings,
  customers: number,
  outDir: string,
  onProgress: (summary: SimulationSummary) => void = () => undefined,
): Promise<SimulationSummary> {
  mkdirSync(outDir, { recursive: true });
  const files = simulationFilesIn(outDir);
  const events = new BufferedFileWriter(files.events);
  const truth = new BufferedFileWriter(files.groundTruth);
  const profiles = new BufferedFileWriter(files.profiles);
  const summary = new SimulationSummary(settings.window);
  await truth.writeLine(groundTruthCsvHeader());
  for (const customer of simulatePopulation(settings, customers)) {
    summary.addCustomer(customer.truth);
    await truth.writeLine(groundTruthCsvLine(groundTruthRow(customer.truth, settings.window)));
    const { customerId } = customer.truth.traits;
    await profiles.writeLine(
      JSON.stringify({ customerId, profile: customerProfileOf(customer.truth.traits) }),
    );
    // One write per customer: an await per event would cost more than generating it.
    const lines: string[] = [];
    for (const event of customer.events()) {
      summary.addEvent(event);
      lines.push(JSON.stringify(event));
    }
    if (lines.length > 0) await events.writeLine(lines.join('\n'));
    if (summary.customers % 1_000 === 0) onProgress(summary);
  }
  await Promise.all([events.close(), truth.close(), profiles.close()]);
  writeFileSync(
    files.summary,
    `${JSON.stringify({ seed: settings.seed, ...summary.toJSON(), config: settings.config }, null, 2)}\n`,
  );
  return summary;
}
