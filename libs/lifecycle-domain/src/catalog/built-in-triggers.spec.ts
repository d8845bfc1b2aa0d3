import { agentDepartureId, type AgentDeparture } from '../agent-departures/agent-departure';
import { toTriggerDefinition } from '../definitions/trigger-definition';
import { contactEvent } from '../evaluation/contact-event.fixtures';
import { membershipChanged } from '../testing.fixtures';
import { BUILT_IN_TRIGGERS } from './built-in-triggers';
import { CatalogHarness } from './catalog-harness.fixtures';

const T0 = Date.parse('2025-03-01T10:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(T0 + ms);

type Scenario = (h: CatalogHarness) => Promise<void>;

const entered = (segmentId: string) =>
  membershipChanged({ segmentId, occurredAt: at(0).toISOString() });
const exited = (segmentId: string) =>
  membershipChanged({ segmentId, change: 'exited', occurredAt: at(0).toISOString() });

const purchase = (ms: number) =>
  contactEvent('purchase.completed', at(ms), { amount: 100, currency: 'EUR', productId: 'P-1' });
const transaction = (ms: number) =>
  contactEvent('transaction.recorded', at(ms), {
    amount: 20,
    currency: 'EUR',
    transactionId: `T-${ms}`,
    kind: 'card-payment',
    direction: 'debit',
  });
const accountOpened = (ms: number) => contactEvent('account.opened', at(ms), { accountId: 'A-1' });
const call = (ms: number, signals?: Array<'competitor-mentioned' | 'price-complaint'>) =>
  contactEvent('call.completed', at(ms), {
    direction: 'outbound',
    durationSeconds: 300,
    outcome: 'resolved',
    ...(signals ? { signals } : {}),
  });
const visit = (ms: number) => contactEvent('visit.completed', at(ms), { channel: 'home' });
const filed = (ms: number, complaintId: string) =>
  contactEvent('complaint.filed', at(ms), { complaintId, category: 'network', severity: 'high' });
const escalated = (ms: number, complaintId: string) =>
  contactEvent('complaint.escalated', at(ms), { complaintId, level: 'supervisor' });
const resolved = (ms: number, complaintId: string) =>
  contactEvent('complaint.resolved', at(ms), { complaintId, resolution: 'fixed' });
const incident = (ms: number) =>
  contactEvent('service.incident', at(ms), { kind: 'outage', durationMinutes: 120 });
const survey = (ms: number, score: number, scale: 'nps-0-10' | 'csat-1-5' = 'nps-0-10') =>
  contactEvent('survey.answered', at(ms), { score, scale });

const departureOf = (agentId: string): AgentDeparture => ({
  departureId: agentDepartureId(agentId, at(0)),
  agentId,
  leftAt: at(0),
  successorAgentId: null,
  reason: null,
  recordedAt: at(0),
  status: 'pending',
  customersFound: 1,
  customersAlerted: 0,
  customersSkipped: 0,
  completedAt: null,
});

/** Per built-in trigger: a history that fires it and one that must not. */
const SCENARIOS: Record<string, { fires: Scenario; quiet: Scenario }> = {
  'acquisition-high-value-lookalike': {
    fires: (h) => h.membership(entered('prospect.high-value-lookalike')),
    quiet: async (h) => {
      await h.membership(exited('prospect.high-value-lookalike'));
      await h.membership(entered('prospect.low-value'));
    },
  },
  'activation-48h-review': {
    fires: async (h) => {
      await h.contact(accountOpened(0));
      await h.advanceTo(at(49 * HOUR));
    },
    quiet: async (h) => {
      await h.contact(accountOpened(0), call(20 * HOUR));
      await h.advanceTo(at(49 * HOUR));
    },
  },
  'activation-no-second-transaction': {
    fires: async (h) => {
      await h.contact(accountOpened(0));
      await h.advanceTo(at(31 * DAY));
    },
    quiet: async (h) => {
      await h.contact(accountOpened(0), transaction(5 * DAY));
      await h.advanceTo(at(31 * DAY));
    },
  },
  'activation-no-second-purchase': {
    fires: async (h) => {
      await h.contact(purchase(0));
      await h.advanceTo(at(31 * DAY));
    },
    // armOnce: the second purchase answers the first and arms nothing of its own.
    quiet: async (h) => {
      await h.contact(purchase(0), purchase(10 * DAY));
      await h.advanceTo(at(59 * DAY));
    },
  },
  'activation-add-on-potential': {
    fires: (h) => h.membership(entered('activation.low-contribution-add-on')),
    quiet: (h) => h.membership(exited('activation.low-contribution-add-on')),
  },
  'service-revisit-after-sale': {
    fires: async (h) => {
      await h.contact(purchase(0));
      await h.advanceTo(at(49 * HOUR));
    },
    quiet: async (h) => {
      await h.contact(purchase(0), visit(20 * HOUR));
      await h.advanceTo(at(49 * HOUR));
    },
  },
  'service-claim-not-handled': {
    // Resolving another complaint does not answer this one.
    fires: async (h) => {
      await h.contact(escalated(0, 'C-1'), resolved(HOUR, 'C-2'));
      await h.advanceTo(at(25 * HOUR));
    },
    quiet: async (h) => {
      await h.contact(escalated(0, 'C-1'), resolved(10 * HOUR, 'C-1'));
      await h.advanceTo(at(25 * HOUR));
    },
  },
  'service-agent-left': {
    fires: (h) => h.departure(departureOf('agent-7'), ['cust-1']),
    // Only the departed agent's customers are called; no contact event or segment fires it.
    quiet: async (h) => {
      await h.departure(departureOf('agent-7'), ['cust-2']);
      await h.contact(call(0), purchase(HOUR));
      await h.membership(entered('repeated-complainers'));
    },
  },
  'value-churn': {
    fires: (h) => h.membership(entered('spend-trend.falling')),
    quiet: (h) => h.membership(exited('spend-trend.falling')),
  },
  inactivity: {
    fires: async (h) => {
      await h.contact(purchase(0));
      await h.advanceTo(at(61 * DAY));
    },
    // Every purchase or transaction re-arms the 60 days.
    quiet: async (h) => {
      await h.contact(purchase(0), transaction(30 * DAY));
      await h.advanceTo(at(61 * DAY));
    },
  },
  'cancellation-request': {
    fires: (h) =>
      h.contact(
        contactEvent('contract.cancellation-requested', at(0), {
          contractId: 'K-1',
          reason: 'competitor',
        }),
      ),
    quiet: (h) => h.contact(contactEvent('contract.renewed', at(0), { contractId: 'K-1' })),
  },
  'contract-renewal-due': {
    fires: (h) =>
      h.contact(
        contactEvent('contract.renewal-opened', at(0), { contractId: 'K-1', endsOn: '2025-04-30' }),
      ),
    quiet: (h) =>
      h.contact(contactEvent('contract.started', at(0), { contractId: 'K-1', productId: 'P' })),
  },
  'repeated-complaints': {
    fires: (h) => h.membership(entered('repeated-complainers')),
    quiet: (h) => h.membership(exited('repeated-complainers')),
  },
  'unresolved-complaint': {
    fires: async (h) => {
      await h.contact(filed(0, 'C-1'));
      await h.advanceTo(at(49 * HOUR));
    },
    quiet: async (h) => {
      await h.contact(filed(0, 'C-1'), resolved(47 * HOUR, 'C-1'));
      await h.advanceTo(at(49 * HOUR));
    },
  },
  'repeated-service-incidents': {
    fires: (h) => h.contact(incident(0), incident(29 * DAY)),
    quiet: (h) => h.contact(incident(0), incident(31 * DAY)),
  },
  'falling-satisfaction': {
    fires: (h) => h.contact(survey(0, 5)),
    // A promoter, and a low score on another scale (5 is a top CSAT).
    quiet: (h) => h.contact(survey(0, 9), survey(HOUR, 2, 'csat-1-5')),
  },
  'competitor-mention': {
    fires: (h) => h.contact(call(0, ['price-complaint', 'competitor-mentioned'])),
    quiet: (h) => h.contact(call(0, ['price-complaint']), call(HOUR)),
  },
};

describe('built-in trigger catalog', () => {
  it('every built-in trigger is a valid definition with a scenario', () => {
    for (const stored of BUILT_IN_TRIGGERS) expect(() => toTriggerDefinition(stored)).not.toThrow();
    expect(Object.keys(SCENARIOS).sort()).toEqual(BUILT_IN_TRIGGERS.map((t) => t.id).sort());
  });

  it('covers the four programmes of the Triple A plus service discipline', () => {
    expect(new Set(BUILT_IN_TRIGGERS.map((t) => t.programme))).toEqual(
      new Set(['acquisition', 'activation', 'service', 'anti-attrition']),
    );
  });

  describe.each(BUILT_IN_TRIGGERS.map((t) => [t.id] as const))('%s', (triggerId) => {
    it('fires', async () => {
      const harness = new CatalogHarness(at(0));
      await SCENARIOS[triggerId]!.fires(harness);
      expect(harness.firedIds().filter((id) => id === triggerId)).toHaveLength(1);
    });

    it('does not fire', async () => {
      const harness = new CatalogHarness(at(0));
      await SCENARIOS[triggerId]!.quiet(harness);
      expect(harness.firedIds()).not.toContain(triggerId);
    });
  });
});
