import type { SimulationConfig } from '../config/simulation-config.schema';
import type { ChurnPlan, CustomerTraits } from '../population/customer-traits';
import type { SeededRandom } from '../random/seeded-random';

/** Everything a behaviour rule needs about the customer being simulated. */
export interface CustomerContext {
  random: SeededRandom;
  customer: CustomerTraits;
  plan: ChurnPlan | undefined;
  config: SimulationConfig;
  /** Events happen in [activeFrom, activeUntil]: after joining, before leaving or the window end. */
  activeFrom: number;
  activeUntil: number;
  /** Source-system references (complaint ids, message ids) numbered per customer. */
  nextRef: (prefix: string) => string;
}
