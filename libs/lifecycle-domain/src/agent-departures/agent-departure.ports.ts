import type { FiredTrigger } from '../evaluation/fired-trigger';
import type { AgentDeparture, NewAgentDeparture } from './agent-departure';
import type { AssignedAgentChange } from './assigned-agent-change';

/** Customer → assigned agent, kept from customer-profile-changed events (Postgres in the service). */
export interface AgentAssignments {
  /**
   * Claims `eventId` in the inbox and applies `change` (if any) in one transaction, unless the
   * customer's stored profile version is newer. 'duplicate' when the event was applied before.
   */
  apply(eventId: string, change: AssignedAgentChange | undefined): Promise<'applied' | 'duplicate'>;
}

export interface RecordedDeparture {
  departure: AgentDeparture;
  /** False when a departure with this id already existed (it is returned unchanged). */
  created: boolean;
}

/** The departures (Postgres in the service). */
export interface AgentDepartureStore {
  /**
   * Records the departure and, in the same transaction, the customers assigned to the agent at
   * that moment (the ones to call). An existing departure with the same id is returned as is.
   */
  record(departure: NewAgentDeparture): Promise<RecordedDeparture>;
  get(departureId: string): Promise<AgentDeparture | null>;
}

/** Customers of one departure still to call, in a stable order. */
export interface DeparturePage {
  departure: AgentDeparture;
  customerIds: readonly string[];
}

export interface DepartureSettlement {
  customerId: string;
  outcome: 'alerted' | 'skipped';
  /** The firings to store with the outcome (empty when skipped). */
  fired: readonly FiredTrigger[];
}

/**
 * The background work. `settleNextPage` locks one pending departure whose leaving time has come
 * (FOR UPDATE SKIP LOCKED: instances share departures, never one page), reads up to `limit` of
 * its customers still pending, hands them to `settle` (which publishes), then stores their
 * outcomes, the alerts and the counts, and completes the departure when none are left, all in
 * that transaction. A crash before the commit leaves the page pending: the retry rebuilds the
 * same ids. Resolves false when there was no work.
 */
export interface DepartureWorkStore {
  settleNextPage(
    now: Date,
    limit: number,
    settle: (page: DeparturePage) => Promise<DepartureSettlement[]>,
  ): Promise<boolean>;
}
