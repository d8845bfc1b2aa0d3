import type { Clock } from '../clock';
import {
  summarizeAlerts,
  summaryWindow,
  type AlertSummary,
  type SummaryPeriod,
} from './alert-summary';
import type { AlertSummaryFactsSource } from './alert-workflow.ports';

/** The daily or weekly management summary (MIS) of the alert workflow. */
export class SummarizeAlertsUseCase {
  constructor(private readonly deps: { facts: AlertSummaryFactsSource; clock: Clock }) {}

  async execute(period: SummaryPeriod, from?: Date): Promise<AlertSummary> {
    const now = this.deps.clock.now();
    const window = summaryWindow(period, from, now);
    const facts = await this.deps.facts.summaryFacts(window.from, window.to);
    return summarizeAlerts(facts, window, now);
  }
}
