import { readFileSync } from 'node:fs';
import { DEFAULT_SIMULATION_CONFIG } from './default-simulation.config';
import { simulationConfigSchema, type SimulationConfig } from './simulation-config.schema';

export class SimulationConfigError extends Error {
  readonly code = 'INVALID_SIMULATION_CONFIG';
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Objects merge key by key; anything else (numbers, arrays) replaces the default. */
function deepMerge(base: Json, override: Json): Json {
  if (!isObject(base) || !isObject(override)) return override;
  const merged: { [key: string]: Json } = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = current === undefined ? value : deepMerge(current, value);
  }
  return merged;
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The defaults with a partial override (e.g. `{"churn":{"baseAnnualRate":0.2}}`) applied. */
export function resolveSimulationConfig(override: unknown = {}): SimulationConfig {
  const merged = deepMerge(DEFAULT_SIMULATION_CONFIG as unknown as Json, override as Json);
  const parsed = simulationConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const where = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new SimulationConfigError(`invalid simulation config: ${where}`, { cause: parsed.error });
  }
  return parsed.data;
}

export function loadSimulationConfig(path: string | undefined): SimulationConfig {
  if (path === undefined) return resolveSimulationConfig();
  let override: unknown;
  try {
    override = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SimulationConfigError(`cannot read config ${path}`, { cause: error });
  }
  return resolveSimulationConfig(override);
}
