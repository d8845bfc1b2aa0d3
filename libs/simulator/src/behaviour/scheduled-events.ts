import type { ChurnCause } from '../config/simulation-config.schema';
import { round2 } from '../population/draw-customer';
import { MONTH_MS, type SimulationWindow } from '../simulation-window';
import { billingDates, HOUR_MS, isoDate } from './calendar';
import type { CustomerContext } from './customer-context';
import { contactChannelFor } from './channels';
import { draft, type EventDraft } from './event-draft';
import { momentumAt } from './momentum';

/** Renewal windows open this long before a contract ends. */
const RENEWAL_NOTICE_MS = 45 * 24 * HOUR_MS;

const CANCELLATION_REASON = {
  'network-quality': 'service-quality',
  complaints: 'service-quality',
  price: 'price',
  competitor: 'competitor',
} as const satisfies Record<ChurnCause, string>;

const CANCELLATION_NOTE = {
  'network-quality': 'No signal at home for weeks',
  complaints: 'Fed up with unresolved complaints',
  price: 'Found the bill too expensive',
  competitor: 'Moving to another provider with a better offer',
} as const satisfies Record<ChurnCause, string>;

/**
 * Events whose dates follow from the customer's situation rather than chance: joining, credit
 * checks, the monthly bill, contract renewals, and the cancellation and closing of leavers.
 */
export function scheduledEvents(ctx: CustomerContext, window: SimulationWindow): EventDraft[] {
  const { customer, plan, random } = ctx;
  const drafts: EventDraft[] = [];
  const accountId = `acc-${customer.index}`;
  const joinsInWindow = customer.joinedAt >= window.start;

  if (joinsInWindow) {
    drafts.push(
      draft(customer.joinedAt, 'account.opened', 'crm', {
        accountId,
        productId: `plan-${customer.valueTier}`,
        channel: contactChannelFor(customer.channelPreference),
      }),
    );
  }
  const assessedAt = joinsInWindow
    ? customer.joinedAt + HOUR_MS
    : random.uniform(window.start, window.start + 2 * MONTH_MS);
  drafts.push(draft(assessedAt, 'credit.assessed', 'risk', creditAssessment(ctx)));

  for (const due of billingDates(customer.billingDay, ctx.activeFrom, ctx.activeUntil)) {
    drafts.push(bill(ctx, due));
  }
  drafts.push(...contractEvents(ctx, window, joinsInWindow));

  if (plan?.kind === 'quantity') {
    if (plan.cancellationRequestedAt !== undefined) {
      drafts.push(
        draft(plan.cancellationRequestedAt, 'contract.cancellation-requested', 'crm', {
          contractId: contractIdAt(ctx, plan.at),
          reason: CANCELLATION_REASON[plan.cause],
          effectiveOn: isoDate(plan.at),
          note: CANCELLATION_NOTE[plan.cause],
        }),
      );
    }
    if (plan.closure === 'account-closed' || plan.closure === 'contract-cancelled') {
      drafts.push(
        draft(plan.at, 'account.closed', 'crm', {
          accountId,
          initiatedBy: 'customer',
          reason: plan.cause === 'competitor' ? 'moved-to-competitor' : 'customer-request',
        }),
      );
    }
  }
  return drafts;
}

function creditAssessment(ctx: CustomerContext) {
  const grade = ctx.customer.creditGrade;
  const centre = { A: 820, B: 680, C: 540, D: 380 }[grade];
  return {
    grade,
    score: Math.round(Math.min(1_000, Math.max(0, ctx.random.normal(centre, 40)))),
    creditTermDays: { A: 60, B: 30, C: 14, D: 0 }[grade],
    model: 'scorecard-6c',
  };
}

/** The monthly bill: paid on time, late or missed according to credit grade and mood. */
function bill(ctx: CustomerContext, due: number): EventDraft {
  const { customer, plan, random, config } = ctx;
  const momentum = momentumAt(customer, plan, due);
  const grade = config.traits.creditGrades[customer.creditGrade];
  const priceStrain = plan?.cause === 'price' ? 0.3 : 0.1;
  const missed = grade.missedRate + 0.1 * momentum.progress;
  const late = grade.lateRate + priceStrain * momentum.progress;
  const draw = random.next();
  const amount = round2(customer.monthlyBill * momentum.spend * random.uniform(0.95, 1.08));
  const common = {
    amount,
    currency: config.currency,
    invoiceId: ctx.nextRef('inv'),
    dueDate: isoDate(due),
  };
  if (draw < missed) {
    return draft(due + 14 * 24 * HOUR_MS, 'payment.recorded', 'billing', {
      ...common,
      status: 'missed',
    });
  }
  if (draw < missed + late) {
    const daysLate = random.int(1, 20);
    return draft(due + daysLate * 24 * HOUR_MS, 'payment.recorded', 'billing', {
      ...common,
      status: 'late',
      daysLate,
    });
  }
  return draft(due, 'payment.recorded', 'billing', { ...common, status: 'on-time' });
}

function contractIdAt(ctx: CustomerContext, at: number): string {
  const term = ctx.customer.contractTermMonths ?? 1;
  const n = Math.max(0, Math.floor((at - ctx.customer.joinedAt) / (term * MONTH_MS) - 1e-9));
  return `ctr-${ctx.customer.index}-${n}`;
}

/** Contract start (new customers), renewal window and renewal of every term ending in the window. */
function contractEvents(
  ctx: CustomerContext,
  window: SimulationWindow,
  joinsInWindow: boolean,
): EventDraft[] {
  const { customer, plan } = ctx;
  const term = customer.contractTermMonths;
  if (term === undefined) return [];
  const termMs = term * MONTH_MS;
  const productId = `plan-${customer.valueTier}`;
  const drafts: EventDraft[] = [];
  if (joinsInWindow) {
    drafts.push(
      draft(customer.joinedAt + 60_000, 'contract.started', 'crm', {
        contractId: `ctr-${customer.index}-0`,
        productId,
        termMonths: term,
        endsOn: isoDate(customer.joinedAt + termMs),
        channel: contactChannelFor(customer.channelPreference),
      }),
    );
  }
  const firstTerm = Math.max(1, Math.ceil((window.start - customer.joinedAt) / termMs));
  for (let n = firstTerm; ; n++) {
    const endsAt = customer.joinedAt + n * termMs;
    if (endsAt - RENEWAL_NOTICE_MS >= ctx.activeUntil) break;
    const contractId = `ctr-${customer.index}-${n - 1}`;
    drafts.push(
      draft(endsAt - RENEWAL_NOTICE_MS, 'contract.renewal-opened', 'crm', {
        contractId,
        endsOn: isoDate(endsAt),
        productId,
      }),
    );
    const leavesAtThisEnd = plan?.kind === 'quantity' && plan.at <= endsAt;
    if (!leavesAtThisEnd) {
      drafts.push(
        draft(endsAt, 'contract.renewed', 'crm', {
          contractId,
          termMonths: term,
          endsOn: isoDate(endsAt + termMs),
        }),
      );
    }
  }
  return drafts;
}
