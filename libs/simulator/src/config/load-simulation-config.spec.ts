import { DEFAULT_SIMULATION_CONFIG } from './default-simulation.config';
import { resolveSimulationConfig, SimulationConfigError } from './load-simulation-config';

describe('resolveSimulationConfig', () => {
  it('is the defaults when nothing is overridden', () => {
    expect(resolveSimulationConfig()).toEqual(DEFAULT_SIMULATION_CONFIG);
  });

  it('overrides one value deep inside and keeps its neighbours', () => {
    const config = resolveSimulationConfig({
      churn: { baseAnnualRate: 0.3 },
      valueTiers: { vip: { share: 0.05 } },
    });
    expect(config.churn.baseAnnualRate).toBe(0.3);
    expect(config.churn.precursorDays).toEqual(DEFAULT_SIMULATION_CONFIG.churn.precursorDays);
    expect(config.valueTiers.vip.share).toBe(0.05);
    expect(config.valueTiers.vip.monthlyBill).toEqual(
      DEFAULT_SIMULATION_CONFIG.valueTiers.vip.monthlyBill,
    );
  });

  it('names what is wrong in an invalid override', () => {
    expect(() => resolveSimulationConfig({ churn: { baseAnnualRate: 2 } })).toThrow(
      SimulationConfigError,
    );
    expect(() =>
      resolveSimulationConfig({ churn: { precursorDays: { min: 50, max: 10 } } }),
    ).toThrow(/churn\.precursorDays/);
    expect(() => resolveSimulationConfig({ traits: { typo: 1 } })).toThrow(/traits/);
  });
});
