/**
 * The "interim review" of the Triple A loop (domain.md §2): a supervisor looks at every alert
 * within this many hours of it being raised. Data, so a programme can change it without code.
 */
export interface AlertReviewPolicy {
  reviewWithinHours: number;
}

export const ALERT_REVIEW_POLICY: AlertReviewPolicy = { reviewWithinHours: 48 };

const HOUR_MS = 3_600_000;

export function reviewDueAt(raisedAt: Date, policy: AlertReviewPolicy = ALERT_REVIEW_POLICY): Date {
  return new Date(raisedAt.getTime() + policy.reviewWithinHours * HOUR_MS);
}

/**
 * Overdue from the moment the review is due until someone acknowledges it. An alert that left
 * `open` some other way (expired) is no longer waiting for a review, so it is not flagged; the
 * summary still counts it as a missed review.
 */
export function isReviewOverdue(alert: { status: string; reviewDueAt: Date }, now: Date): boolean {
  return alert.status === 'open' && now.getTime() >= alert.reviewDueAt.getTime();
}

/** The review was missed: due by `now` and not acknowledged by the time it was due. */
export function missedReview(
  alert: { reviewDueAt: Date; acknowledgedAt: Date | null },
  now: Date,
): boolean {
  const due = alert.reviewDueAt.getTime();
  if (due > now.getTime()) return false;
  return alert.acknowledgedAt === null || alert.acknowledgedAt.getTime() > due;
}
