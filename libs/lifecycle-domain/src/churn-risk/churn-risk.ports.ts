import type { ContactEvent } from '@cip/contracts';
import type {
  ChurnModelArtefact,
  ChurnRiskBand,
  ChurnRiskBandCuts,
  ReasonCode,
} from '@cip/churn-model';
import type { FiredTrigger } from '../evaluation/fired-trigger';

/** The model version the service scores with, and the cuts of its bands. */
export interface ActiveChurnModel {
  version: string;
  artefact: ChurnModelArtefact;
  bandCuts: ChurnRiskBandCuts;
}

/** The active model as last loaded (undefined until a model was trained and activated). */
export interface ActiveChurnModelSource {
  current(): ActiveChurnModel | undefined;
}

/** A customer's latest churn score. */
export interface ChurnScore {
  customerId: string;
  probability: number;
  band: ChurnRiskBand;
  modelVersion: string;
  reasons: ReasonCode[];
  /** History time the features were computed at. */
  asOf: Date;
  /** The contact event that produced this score. */
  eventId: string;
}

/** What one contact event changes, written in one transaction with its inbox row. */
export interface ChurnRiskChange {
  event: ContactEvent;
  /** The customer's events older than this fall out of the kept history. */
  pruneBefore: Date;
  /** Undefined while no model is active: the history is still kept for the first one. */
  score: ChurnScore | undefined;
  fired: readonly FiredTrigger[];
}

/**
 * Each customer's bounded event history and latest score (Postgres in the service). The batch
 * forms are optional: without them a batch asks and records one event at a time.
 */
export interface ChurnRiskStore {
  isProcessed(eventId: string): Promise<boolean>;
  historyOf(customerId: string): Promise<ContactEvent[]>;
  latestScore(customerId: string): Promise<ChurnScore | undefined>;
  /** Claims the event, stores it, prunes, keeps the newer score, inserts the alerts. */
  record(change: ChurnRiskChange): Promise<void>;
  /** The ids among `eventIds` already applied (one round trip). */
  processedAmong?(eventIds: readonly string[]): Promise<ReadonlySet<string>>;
  /** Histories (oldest first) of `customerIds`; a customer without history may be missing. */
  historiesOf?(customerIds: readonly string[]): Promise<ReadonlyMap<string, ContactEvent[]>>;
  /** Latest scores of `customerIds`; a customer never scored is missing. */
  latestScores?(customerIds: readonly string[]): Promise<ReadonlyMap<string, ChurnScore>>;
  /**
   * `changes` (distinct events, in order) in one transaction, ending in the state `record` on
   * each in order would leave (see churnRiskChanges).
   */
  recordAll?(changes: readonly ChurnRiskChange[]): Promise<void>;
}
