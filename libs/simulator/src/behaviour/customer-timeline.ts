import type { SimulationWindow } from '../simulation-window';
import { WEEK_MS } from './calendar';
import type { CustomerContext } from './customer-context';
import type { EventDraft } from './event-draft';
import { scheduledEvents } from './scheduled-events';
import { weeklyActivity } from './weekly-activity';

const byTime = (a: EventDraft, b: EventDraft) => a.at - b.at;

/**
 * One customer's interactions in time order, produced a week at a time: only that week's events
 * and the follow-ups scheduled after it (complaint resolutions, message opens) are held.
 * Nothing is emitted before the customer joined or after they left.
 */
export function* customerTimeline(
  ctx: CustomerContext,
  window: SimulationWindow,
): Generator<EventDraft> {
  const pending = scheduledEvents(ctx, window);
  for (let from = ctx.activeFrom; from < ctx.activeUntil; from += WEEK_MS) {
    const until = from + WEEK_MS;
    weeklyActivity(ctx, from, Math.min(until, ctx.activeUntil), pending);
    pending.sort(byTime);
    let due = 0;
    while (due < pending.length && (pending[due]?.at ?? Infinity) < until) due += 1;
    for (const event of pending.splice(0, due)) {
      if (event.at >= ctx.activeFrom && event.at <= ctx.activeUntil) yield event;
    }
  }
}
