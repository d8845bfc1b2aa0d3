import { parseArgs } from 'node:util';

export const SIMULATE_USAGE = `usage:
  simulate [--customers 10000] [--months 12] [--seed 42] [--end YYYY-MM-DD] [--config file.json]
           [--out .run/sim] [--count-only]
      historical mode: writes <out>/events.ndjson (for \`npm run import -- events\`),
      <out>/profiles.ndjson, <out>/ground-truth.csv and <out>/summary.json. The window ends at
      --end (default: today 00:00 UTC). --count-only generates and counts without writing
      (to measure generation speed).
  simulate --live [--rate 2000] [--url http://127.0.0.1:3001] [--api-key <key>]
           [--batch-size 500] [--concurrency 4] [--max-events N] [--profiles]
           [--customers ...] [--seed ...]
      live mode: streams the population's events in time order to POST /v1/events:batch at
      --rate events/s, each stamped with the moment it is sent; ground truth still goes to <out>.
      --profiles first stores each customer's file (PUT /v1/customers/:id).`;

export interface SimulateOptions {
  customers: number;
  months: number;
  seed: number;
  end: Date | undefined;
  configFile: string | undefined;
  outDir: string;
  countOnly: boolean;
}

export type SimulateCommand =
  | { kind: 'files'; options: SimulateOptions }
  | {
      kind: 'live';
      options: SimulateOptions & {
        rate: number;
        url: string;
        apiKey: string | undefined;
        batchSize: number;
        concurrency: number;
        maxEvents: number | undefined;
        profiles: boolean;
      };
    }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

function wholeNumber(name: string, text: string, min: number, max: number): number | string {
  const value = Number(text);
  return Number.isInteger(value) && value >= min && value <= max
    ? value
    : `--${name} must be a whole number from ${min} to ${max}`;
}

/** Parses the simulate command line; a mistake comes back as a message, nothing throws. */
export function parseSimulateArgs(args: readonly string[]): SimulateCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        customers: { type: 'string', default: '1000' },
        months: { type: 'string', default: '12' },
        seed: { type: 'string', default: '42' },
        end: { type: 'string' },
        config: { type: 'string' },
        out: { type: 'string', default: '.run/sim' },
        live: { type: 'boolean', default: false },
        rate: { type: 'string', default: '1000' },
        url: { type: 'string', default: 'http://127.0.0.1:3001' },
        'api-key': { type: 'string' },
        'batch-size': { type: 'string', default: '500' },
        concurrency: { type: 'string', default: '4' },
        'max-events': { type: 'string' },
        profiles: { type: 'boolean', default: false },
        'count-only': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  const { values } = parsed;
  if (values.help) return { kind: 'help' };
  const numbers = {
    customers: wholeNumber('customers', values.customers, 1, 100_000_000),
    months: wholeNumber('months', values.months, 1, 120),
    seed: wholeNumber('seed', values.seed, 0, 2 ** 31 - 1),
    rate: wholeNumber('rate', values.rate, 1, 10_000_000),
    batchSize: wholeNumber('batch-size', values['batch-size'], 1, 1_000),
    concurrency: wholeNumber('concurrency', values.concurrency, 1, 64),
    maxEvents:
      values['max-events'] === undefined
        ? undefined
        : wholeNumber('max-events', values['max-events'], 1, Number.MAX_SAFE_INTEGER),
  };
  const mistake = Object.values(numbers).find((value) => typeof value === 'string');
  if (typeof mistake === 'string') return { kind: 'error', message: mistake };
  const n = numbers as { [K in keyof typeof numbers]: Exclude<(typeof numbers)[K], string> };
  let end: Date | undefined;
  if (values.end !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.end) || Number.isNaN(Date.parse(values.end))) {
      return { kind: 'error', message: '--end must be a date, YYYY-MM-DD' };
    }
    end = new Date(`${values.end}T00:00:00Z`);
  }
  const options: SimulateOptions = {
    customers: n.customers,
    months: n.months,
    seed: n.seed,
    end,
    configFile: values.config,
    outDir: values.out,
    countOnly: values['count-only'],
  };
  if (!values.live) return { kind: 'files', options };
  return {
    kind: 'live',
    options: {
      ...options,
      rate: n.rate,
      url: values.url,
      apiKey: values['api-key'],
      batchSize: n.batchSize,
      concurrency: n.concurrency,
      maxEvents: n.maxEvents,
      profiles: values.profiles,
    },
  };
}
