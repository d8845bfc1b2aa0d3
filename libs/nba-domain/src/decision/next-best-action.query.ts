import type { OpenAlertReader } from '../alerts/open-alert.ports';
import type { CatalogAction } from '../catalog/catalog-action';
import type { Clock } from '../clock';
import { chooseNextBestAction, type NextBestAction } from './choose-next-best-action';

export interface NextBestActionDeps {
  alerts: OpenAlertReader;
  catalog: { get(): Promise<CatalogAction[]> };
  clock: Clock;
}

/** GET next-best-action: the customer's open alerts + the cached catalog → one decision. */
export class NextBestActionQuery {
  constructor(private readonly deps: NextBestActionDeps) {}

  async execute(customerId: string): Promise<NextBestAction> {
    const [alerts, catalog] = await Promise.all([
      this.deps.alerts.openAlertsOf(customerId),
      this.deps.catalog.get(),
    ]);
    return { customerId, ...chooseNextBestAction(alerts, catalog, this.deps.clock.now()) };
  }
}
