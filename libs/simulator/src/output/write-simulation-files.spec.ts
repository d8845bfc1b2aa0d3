import { contactEventV1StrictSchema, customerProfileSchema } from '@cip/contracts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SIMULATION_CONFIG } from '../config/default-simulation.config';
import { windowEndingAt } from '../simulation-window';
import { GROUND_TRUTH_COLUMNS } from './ground-truth-row';
import { simulationFilesIn, writeSimulationFiles } from './write-simulation-files';

// Generates and validates thousands of events: slow on a loaded machine, never a timing assertion.
jest.setTimeout(120_000);

const outDir = mkdtempSync(join(tmpdir(), 'cip-sim-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('writeSimulationFiles', () => {
  it('writes importable NDJSON events, valid profiles, one ground-truth row per customer and a summary', async () => {
    const settings = {
      seed: 5,
      config: DEFAULT_SIMULATION_CONFIG,
      window: windowEndingAt(new Date('2026-01-01T00:00:00Z'), 4),
    };
    const summary = await writeSimulationFiles(settings, 250, outDir);
    const files = simulationFilesIn(outDir);

    const lines = readFileSync(files.events, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(summary.events);
    const events = lines.map((line) => contactEventV1StrictSchema.parse(JSON.parse(line)));
    expect(new Set(events.map((event) => event.customerId)).size).toBeGreaterThan(240);

    const [header, ...rows] = readFileSync(files.groundTruth, 'utf8').trimEnd().split('\n');
    expect(header?.split(',')).toEqual([...GROUND_TRUTH_COLUMNS]);
    expect(rows).toHaveLength(250);
    const column = (name: (typeof GROUND_TRUTH_COLUMNS)[number]) =>
      GROUND_TRUTH_COLUMNS.indexOf(name);
    const closedIds = new Set(
      events.filter((event) => event.type === 'account.closed').map((event) => event.customerId),
    );
    for (const row of rows) {
      // No free-text columns, so a plain split is a faithful CSV parse here.
      const cells = row.split(',');
      const customerId = cells[column('customerId')] ?? '';
      const closedInWindow =
        cells[column('churnedInWindow')] === 'true' &&
        cells[column('churnKind')] === 'quantity' &&
        cells[column('closure')] !== 'silent';
      expect(closedIds.has(customerId)).toBe(closedInWindow);
    }

    const profiles = readFileSync(files.profiles, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { customerId: string; profile: unknown });
    expect(profiles).toHaveLength(250);
    for (const { profile } of profiles) customerProfileSchema.parse(profile);

    const written = JSON.parse(readFileSync(files.summary, 'utf8')) as {
      seed: number;
      events: number;
      eventsByType: Record<string, number>;
    };
    expect(written.seed).toBe(5);
    expect(written.events).toBe(events.length);
    expect(written.eventsByType['account.closed']).toBe(closedIds.size);
  });
});
