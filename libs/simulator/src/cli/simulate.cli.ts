import type { ContactEvent } from '@cip/contracts';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadSimulationConfig } from '../config/load-simulation-config';
import { BufferedFileWriter } from '../output/buffered-file-writer';
import { customerProfileOf } from '../output/customer-profile-of';
import {
  groundTruthCsvHeader,
  groundTruthCsvLine,
  groundTruthRow,
} from '../output/ground-truth-row';
import { IngestionApiSink } from '../output/ingestion-api.sink';
import { liveRestamp } from '../output/live-restamp';
import { uploadProfiles } from '../output/profile-upload';
import { SimulationSummary } from '../output/simulation-summary';
import { streamEvents } from '../output/stream-events';
import { timeOrderedEvents } from '../output/time-ordered-events';
import { writeSimulationFiles } from '../output/write-simulation-files';
import { simulatePopulation, type SimulationSettings } from '../simulate-customer';
import { startOfUtcDay, windowEndingAt } from '../simulation-window';
import { parseSimulateArgs, SIMULATE_USAGE, type SimulateOptions } from './simulate-args';

function settingsOf(options: SimulateOptions, defaultEnd: Date): SimulationSettings {
  return {
    seed: options.seed,
    config: loadSimulationConfig(options.configFile),
    window: windowEndingAt(options.end ?? defaultEnd, options.months),
  };
}

function printSummary(summary: SimulationSummary): void {
  process.stdout.write(`${JSON.stringify(summary.toJSON(), null, 2)}\n`);
}

function countOnly(options: SimulateOptions): void {
  const settings = settingsOf(options, startOfUtcDay(new Date()));
  const summary = new SimulationSummary(settings.window);
  for (const customer of simulatePopulation(settings, options.customers)) {
    summary.addCustomer(customer.truth);
    for (const event of customer.events()) summary.addEvent(event);
  }
  printSummary(summary);
}

async function writeFiles(options: SimulateOptions): Promise<void> {
  const settings = settingsOf(options, startOfUtcDay(new Date()));
  const summary = await writeSimulationFiles(settings, options.customers, options.outDir, (s) => {
    process.stderr.write(
      `\r${s.customers} customers, ${s.events} events, ${s.toJSON().eventsPerSecond} events/s`,
    );
  });
  process.stderr.write('\n');
  printSummary(summary);
  process.stdout.write(
    `wrote ${join(options.outDir, 'events.ndjson')}, profiles.ndjson, ground-truth.csv and summary.json\n` +
      `import with: npm run import -- events ${join(options.outDir, 'events.ndjson')}\n`,
  );
}

async function streamLive(
  options: Extract<ReturnType<typeof parseSimulateArgs>, { kind: 'live' }>['options'],
): Promise<void> {
  const settings = settingsOf(options, new Date());
  const summary = new SimulationSummary(settings.window);
  // Ground truth first (traits and plans only, no events): cheap, and ready before the demo runs.
  mkdirSync(options.outDir, { recursive: true });
  const truth = new BufferedFileWriter(join(options.outDir, 'ground-truth.csv'));
  await truth.writeLine(groundTruthCsvHeader());
  for (const customer of simulatePopulation(settings, options.customers)) {
    summary.addCustomer(customer.truth);
    await truth.writeLine(groundTruthCsvLine(groundTruthRow(customer.truth, settings.window)));
  }
  await truth.close();

  if (options.profiles) {
    const uploaded = await uploadProfiles(
      (function* () {
        for (const { truth } of simulatePopulation(settings, options.customers)) {
          yield { customerId: truth.traits.customerId, profile: customerProfileOf(truth.traits) };
        }
      })(),
      { baseUrl: options.url, apiKey: options.apiKey, concurrency: options.concurrency },
    );
    process.stderr.write(`profiles: ${JSON.stringify(uploaded)}\n`);
  }

  const counted = function* (events: Iterable<ContactEvent>) {
    for (const event of events) {
      summary.addEvent(event);
      yield event;
    }
  };
  const runTag = Date.now().toString(36);
  const report = await streamEvents(
    counted(timeOrderedEvents(simulatePopulation(settings, options.customers))),
    new IngestionApiSink({ baseUrl: options.url, apiKey: options.apiKey }),
    {
      ratePerSecond: options.rate,
      batchSize: options.batchSize,
      concurrency: options.concurrency,
      maxEvents: options.maxEvents,
      restamp: liveRestamp(runTag),
    },
    (progress) =>
      process.stderr.write(
        `\r${progress.sent} sent, ${progress.accepted} accepted, ${progress.rejected} rejected, ${progress.eventsPerSecond} events/s`,
      ),
  );
  process.stderr.write('\n');
  printSummary(summary);
  process.stdout.write(`${JSON.stringify({ runTag, stream: report }, null, 2)}\n`);
}

async function main(): Promise<number> {
  const command = parseSimulateArgs(process.argv.slice(2));
  switch (command.kind) {
    case 'help':
      process.stdout.write(`${SIMULATE_USAGE}\n`);
      return 0;
    case 'error':
      process.stderr.write(`${command.message}\n${SIMULATE_USAGE}\n`);
      return 2;
    case 'files':
      if (command.options.countOnly) countOnly(command.options);
      else await writeFiles(command.options);
      return 0;
    case 'live':
      await streamLive(command.options);
      return 0;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `\nsimulate failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
